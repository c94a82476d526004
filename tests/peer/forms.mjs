// Forms for the test peer: the four Questionnaires of tests/fixtures/forms
// (the same files the kiosk's unit tests read), the SDC Tasks that assign
// them to seeded patients, and the check of a QuestionnaireResponse against
// its Questionnaire that no npm package does (linkIds, types, required
// items, disabled items absent; DOMAIN.md "Forms and consent").
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = join(here, '..', 'fixtures', 'forms');
export const FORM_FILES = ['intake', 'medical-history', 'privacy-ack', 'research-consent'];
export const SDC_TEMP = 'http://hl7.org/fhir/uv/sdc/CodeSystem/temp';
export const OPTIONAL_EXT = 'https://carekiosk.example/fhir/StructureDefinition/form-optional';

export function questionnaire(name) {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8'));
}

function task(id, patient, q, { appointment, optional, date }) {
  return {
    resourceType: 'Task',
    id,
    status: 'requested',
    intent: 'order',
    code: { coding: [{ system: SDC_TEMP, code: 'complete-questionnaire' }] },
    for: { reference: `Patient/${patient}` },
    ...(appointment ? { basedOn: [{ reference: `Appointment/${appointment}` }] } : {}),
    authoredOn: `${date}T06:00:00Z`,
    requester: { reference: 'Practitioner/dr1' },
    input: [{
      type: { coding: [{ system: SDC_TEMP, code: 'questionnaire' }] },
      valueCanonical: `${q.url}|${q.version}`,
    }],
    ...(optional ? { extension: [{ url: OPTIONAL_EXT, valueBoolean: true }] } : {}),
  };
}

// Every patient owes the intake form (tied to today's first appointment)
// and the privacy acknowledgement; odd ones the medical history; every
// third the optional research consent.
export function formResources(patients, date) {
  const qs = Object.fromEntries(FORM_FILES.map((n) => [n, questionnaire(n)]));
  const out = Object.values(qs);
  for (let i = 1; i <= patients; i++) {
    const p = `p${i}`;
    out.push(task(`form-intake-${p}`, p, qs.intake, { appointment: `a${i * 10}`, date }));
    out.push(task(`form-privacy-${p}`, p, qs['privacy-ack'], { date }));
    if (i % 2) out.push(task(`form-history-${p}`, p, qs['medical-history'], { appointment: `a${i * 10}`, date }));
    if (i % 3 === 0) out.push(task(`form-research-${p}`, p, qs['research-consent'], { optional: true, date }));
  }
  return out;
}

// --- a response against its Questionnaire -----------------------------------------

const VALUE_OF = {
  boolean: 'valueBoolean', decimal: 'valueDecimal', integer: 'valueInteger', date: 'valueDate',
  string: 'valueString', text: 'valueString',
};

function answerOk(item, a) {
  const keys = Object.keys(a).filter((k) => k.startsWith('value'));
  if (keys.length !== 1) return `answer to ${item.linkId} has ${keys.length} values`;
  const k = keys[0];
  if (item.type === 'choice' || item.type === 'open-choice') {
    if (k === 'valueString' && item.type === 'open-choice') return null;
    if (k !== 'valueCoding') return `answer to ${item.linkId} is ${k}, not a coding`;
    const opts = item.answerOption || [];
    const ok = opts.some((o) => o.valueCoding && o.valueCoding.code === a.valueCoding.code
      && (o.valueCoding.system || '') === (a.valueCoding.system || ''));
    return ok ? null : `answer to ${item.linkId} is not one of its options`;
  }
  if (VALUE_OF[item.type] !== k) return `answer to ${item.linkId} is ${k}, the item is ${item.type}`;
  if (item.maxLength && typeof a[k] === 'string' && [...a[k]].length > item.maxLength) {
    return `answer to ${item.linkId} is longer than ${item.maxLength}`;
  }
  return null;
}

function valuesOf(answers) {
  return (answers || []).map((a) => {
    const k = Object.keys(a).find((x) => x.startsWith('value'));
    return k ? a[k] : undefined;
  });
}

function equal(v, w) {
  if (v && typeof v === 'object') return w && v.code === w.code && (!w.system || v.system === w.system);
  return v === w;
}

function condTrue(c, answersByLink, enabledOf) {
  const k = Object.keys(c).find((x) => x.startsWith('answer'));
  const want = c[k];
  const vals = enabledOf(c.question) ? valuesOf(answersByLink.get(c.question)) : [];
  switch (c.operator) {
    case 'exists': return (vals.length > 0) === want;
    case '=': return vals.some((v) => equal(v, want));
    case '!=': return !vals.some((v) => equal(v, want));
    case '>': return vals.some((v) => v > want);
    case '<': return vals.some((v) => v < want);
    case '>=': return vals.some((v) => v >= want);
    case '<=': return vals.some((v) => v <= want);
    default: return false;
  }
}

// Issues (strings) of response qr against questionnaire q; [] when it fits.
export function checkResponse(qr, q) {
  const issues = [];
  const items = new Map(); // linkId -> { item, parent }
  (function walk(list, parent) {
    for (const it of list || []) {
      items.set(it.linkId, { item: it, parent });
      walk(it.item, it.linkId);
    }
  }(q.item, null));
  const answers = new Map();
  (function walk(list, parentLink) {
    for (const ri of list || []) {
      const def = items.get(ri.linkId);
      if (!def) {
        issues.push(`linkId ${ri.linkId} is not in the Questionnaire`);
        continue;
      }
      if (def.parent !== parentLink) issues.push(`linkId ${ri.linkId} is not where the Questionnaire has it`);
      if (answers.has(ri.linkId)) issues.push(`linkId ${ri.linkId} appears twice`);
      answers.set(ri.linkId, ri.answer || []);
      if (def.item.type === 'group' || def.item.type === 'display') {
        if (ri.answer?.length) issues.push(`${def.item.type} ${ri.linkId} has answers`);
      } else {
        if (!def.item.repeats && (ri.answer || []).length > 1) issues.push(`${ri.linkId} does not repeat`);
        for (const a of ri.answer || []) {
          const why = answerOk(def.item, a);
          if (why) issues.push(why);
          walk(a.item, ri.linkId);
        }
      }
      walk(ri.item, ri.linkId);
    }
  }(qr.item, null));
  const memo = new Map();
  const enabledOf = (link) => {
    if (memo.has(link)) return memo.get(link);
    memo.set(link, false);
    const def = items.get(link);
    let on = !def.parent || enabledOf(def.parent);
    const conds = def.item.enableWhen || [];
    if (on && conds.length) {
      const res = conds.map((c) => condTrue(c, answers, enabledOf));
      on = def.item.enableBehavior === 'any' ? res.some(Boolean) : res.every(Boolean);
    }
    memo.set(link, on);
    return on;
  };
  for (const [link, { item }] of items) {
    const on = enabledOf(link);
    if (!on && answers.has(link) && (answers.get(link).length || item.type === 'group')) {
      issues.push(`${link} is disabled but present`);
    }
    if (on && item.required && qr.status === 'completed') {
      const has = item.type === 'group'
        ? [...answers.keys()].some((l) => items.get(l).parent === link && answers.get(l).length)
        : (answers.get(link) || []).length > 0;
      if (!has) issues.push(`required ${link} has no answer`);
    }
  }
  const [url, version] = String(qr.questionnaire || '').split('|');
  if (url !== q.url || version !== q.version) issues.push(`questionnaire ${qr.questionnaire} is not ${q.url}|${q.version}`);
  return issues;
}
