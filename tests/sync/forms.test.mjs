// Forms from a real FHIR server: the SDC Tasks assigning Questionnaires to
// today's patients and the Questionnaires they name reach the cache; a Task
// the server closes leaves it; a Questionnaire changed on the server while
// the old version is owed keeps the old version (the response will name it).
// The peer checks every QuestionnaireResponse against its Questionnaire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import {
  scratch, startPeer, writeConfig, syncOnce, query, tool, all, cleanup,
} from './harness.mjs';
import { questionnaire, SDC_TEMP } from '../peer/forms.mjs';

let dir;
let peer;

before(async () => {
  dir = scratch('forms');
  peer = await startPeer(dir, { forms: true });
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

test('seeded forms are valid FHIR (both validators)', async () => {
  for (const name of ['intake', 'medical-history', 'privacy-ack', 'research-consent']) {
    const q = questionnaire(name);
    delete q.id;
    q.url = `${q.url}-copy`;
    const r = await peer.post('/fhir/Questionnaire', q);
    assert.equal(r.status, 201, `${name}: ${JSON.stringify(r.body)}`);
  }
});

test('form tasks and their questionnaires are pulled for today\'s patients', async () => {
  const config = writeConfig(dir, peer.url);
  const db = `${dir}/kiosk.db`;
  let r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
  const tasks = (await all(peer, 'Task')).filter((t) => t.code?.coding?.[0]?.code === 'complete-questionnaire');
  assert.ok(tasks.length >= 30);
  assert.equal(Number(query(db, 'SELECT count(*) FROM form_tasks')), tasks.length);
  assert.equal(query(db, "SELECT group_concat(url || '|' || version, ' ') FROM (SELECT * FROM questionnaires ORDER BY url)"),
    ['intake|2', 'medical-history|1', 'privacy-ack|1', 'research-consent|1']
      .map((c) => `https://demo-hospital.example/fhir/Questionnaire/${c}`).join(' '));
  assert.equal(query(db, "SELECT appointment_fhir_id || ' ' || optional FROM form_tasks WHERE fhir_id = 'form-intake-p3'"), 'a30 0');
  assert.equal(query(db, "SELECT optional FROM form_tasks WHERE fhir_id = 'form-research-p3'"), '1');
  // The cached JSON is the resource itself, translations included.
  const json = JSON.parse(query(db, "SELECT json FROM questionnaires WHERE url LIKE '%/intake'"));
  assert.equal(json._title.extension.length, 3);

  // The server closes one task and puts out version 3 of the intake form,
  // assigned to one patient; the version-2 tasks stay on version 2.
  const t = tasks.find((x) => x.id === 'form-privacy-p1');
  r = await peer.put(`/fhir/Task/${t.id}`, { ...t, status: 'completed' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const v3 = { ...questionnaire('intake'), id: 'intake-v3', version: '3' };
  assert.ok([200, 201].includes((await peer.put('/fhir/Questionnaire/intake-v3', v3)).status));
  const nt = { ...tasks.find((x) => x.id === 'form-intake-p2'), id: 'form-intake3-p2' };
  nt.input = [{ type: { coding: [{ system: SDC_TEMP, code: 'questionnaire' }] }, valueCanonical: `${v3.url}|3` }];
  assert.ok([200, 201].includes((await peer.put(`/fhir/Task/${nt.id}`, nt)).status));
  r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
  assert.equal(query(db, "SELECT count(*) FROM form_tasks WHERE fhir_id = 'form-privacy-p1'"), '0');
  assert.equal(query(db, "SELECT canonical FROM form_tasks WHERE fhir_id = 'form-intake-p1'"),
    'https://demo-hospital.example/fhir/Questionnaire/intake|2');
  assert.equal(query(db, "SELECT group_concat(version, ' ') FROM (SELECT version FROM questionnaires WHERE url LIKE '%/intake' ORDER BY version)"), '2 3');
  assert.equal((await peer.get('/_peer/validation')).failures.length, 0);
});

test('the peer checks a QuestionnaireResponse against its Questionnaire', async () => {
  const base = {
    resourceType: 'QuestionnaireResponse',
    questionnaire: 'https://demo-hospital.example/fhir/Questionnaire/medical-history|1',
    status: 'completed',
    subject: { reference: 'Patient/p1' },
    authored: '2026-01-01T10:00:00Z',
  };
  const sys = 'https://demo-hospital.example/fhir/CodeSystem/intake';
  const good = {
    ...base,
    item: [
      { linkId: 'conditions', answer: [{ valueCoding: { system: sys, code: 'asthma' } }, { valueCoding: { system: sys, code: 'diabetes' } }] },
      { linkId: 'medications', answer: [{ valueString: 'salbutamol' }] },
      { linkId: 'allergies', answer: [{ valueString: 'cats' }] },
      { linkId: 'surgery', answer: [{ valueBoolean: false }] },
    ],
  };
  let r = await peer.post('/fhir/QuestionnaireResponse', good);
  assert.equal(r.status, 201, JSON.stringify(r.body));
  const bad = [
    // a disabled item present (surgery is false)
    { ...good, item: [...good.item, { linkId: 'surgery-details', answer: [{ valueString: 'knee' }] }] },
    // a required item missing
    { ...good, item: good.item.filter((i) => i.linkId !== 'surgery') },
    // a wrong type
    { ...good, item: [...good.item.slice(0, 3), { linkId: 'surgery', answer: [{ valueString: 'no' }] }] },
    // a linkId the form does not have
    { ...good, item: [...good.item, { linkId: 'shoe-size', answer: [{ valueInteger: 42 }] }] },
    // not one of the options
    { ...good, item: [{ linkId: 'conditions', answer: [{ valueCoding: { system: sys, code: 'gout' } }] }, ...good.item.slice(1)] },
    // a version the server does not have
    { ...good, questionnaire: 'https://demo-hospital.example/fhir/Questionnaire/medical-history|9' },
  ];
  for (const [k, qr] of bad.entries()) {
    r = await peer.post('/fhir/QuestionnaireResponse', qr);
    assert.equal(r.status, 400, `case ${k}: ${JSON.stringify(r.body)}`);
  }
});

const SIG = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 150"><path d="M20 100 C60 20 90 140 130 60 S200 40 240 110 L300 70" fill="none" stroke="#000" stroke-width="3"/></svg>';

test('filled forms and consents reach the server once, valid, and leave the kiosk', async () => {
  const db = `${dir}/kiosk.db`;
  // One kiosk.ini, rewritten for the server there or gone.
  const online = () => writeConfig(dir, peer.url);
  const offline = () => writeConfig(dir, 'http://127.0.0.1:9/fhir');
  const form = (...args) => tool(db, 'form', ...args);
  const failuresBefore = (await peer.get('/_peer/validation')).failures.length;
  // Filled while the server cannot be reached.
  assert.equal(form('form-intake-p1', 'pt-BR', '-', 'patient-name=Ana Silva', 'birth-date=1984-03-12',
    'reason=Dor no peito ao subir escadas', 'pain=true', 'pain-level=6', 'pain-where=other',
    'pain-other=joelho', 'weight=61.50', 'smoker=former', 'per-day=10', 'quit-date=2020-01-01'), '1');
  // pain-level answered, then pain=false disables it: its answer is not sent.
  assert.equal(form('form-intake-p2', 'pt-BR', '-', 'patient-name=João Conceição', 'birth-date=1966-02-14',
    'reason=Consulta', 'pain-level=3', 'pain=false', 'smoker=never'), '1');
  assert.equal(form('form-history-p3', 'hi', '-', 'conditions+=asthma', 'conditions+=diabetes',
    'medications+=salbutamol', 'medications+=metformin', 'allergies+=latex', 'surgery=false'), '1');
  assert.equal(form('form-privacy-p3', 'hi', SIG, 'agree=agree'), '1');
  assert.equal(form('form-research-p3', 'hi', '-', 'agree=disagree'), '1');
  // What the kiosk refuses to queue: a required answer missing, an agreed consent unsigned.
  assert.throws(() => form('form-history-p5', 'en', '-', 'medications+=x'), /required/);
  assert.throws(() => form('form-privacy-p6', 'es', '-', 'agree=agree'), /signature/);
  const signedBytes = Number(query(db, "SELECT length(CAST(payload AS BLOB)) FROM outbox WHERE kind = 'form.response' AND payload LIKE '%image/svg+xml%'"));
  console.log(`bench: outbox bytes of one signed consent: ${signedBytes}`);
  assert.ok(signedBytes > 0 && signedBytes < 8000);
  assert.equal(query(db, "SELECT count(*) FROM form_tasks WHERE state = 1"), '5');

  let r = syncOnce(offline());
  assert.equal(r.status, 1);
  assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'form.response' AND state = 0"), '5');
  r = syncOnce(online());
  assert.equal(r.status, 0, r.out + r.err + query(db, "SELECT group_concat(last_error, ' / ') FROM outbox WHERE state <> 1"));
  r = syncOnce(online()); // nothing is sent twice
  assert.equal(r.status, 0, r.out + r.err);
  assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'form.response' AND state = 1 AND payload = '{}'"), '5');
  // Nor left in the file's free space (secure_delete) or its WAL.
  for (const f of [db, `${db}-wal`].filter((x) => existsSync(x))) {
    const bytes = readFileSync(f);
    assert.equal(bytes.indexOf('subir escadas'), -1, `answers left in ${f}`);
    assert.equal(bytes.indexOf('metformin'), -1, `answers left in ${f}`);
  }

  const qrs = await all(peer, 'QuestionnaireResponse');
  const mine = qrs.filter((q) => q.identifier?.system === 'urn:ietf:rfc:3986');
  assert.equal(mine.length, 5);
  assert.equal(new Set(mine.map((q) => q.identifier.value)).size, 5);
  const intake1 = mine.find((q) => q.subject.reference === 'Patient/p1');
  assert.equal(intake1.questionnaire, 'https://demo-hospital.example/fhir/Questionnaire/intake|2');
  assert.equal(intake1.language, 'pt-BR');
  const tobacco = intake1.item.find((i) => i.linkId === 'tobacco');
  assert.deepEqual(tobacco.item.map((i) => i.linkId), ['per-day', 'quit-date']);
  assert.equal(intake1.item.find((i) => i.linkId === 'weight').answer[0].valueDecimal, 61.5);
  const intake2 = mine.find((q) => q.subject.reference === 'Patient/p2');
  assert.equal(intake2.item.find((i) => i.linkId === 'pain-level'), undefined);
  const history = mine.find((q) => q.questionnaire.includes('medical-history'));
  assert.equal(history.item.find((i) => i.linkId === 'conditions').answer.length, 2);

  const consents = await all(peer, 'Consent');
  assert.equal(consents.length, 2);
  const privacy = consents.find((c) => c.scope.coding[0].code === 'patient-privacy');
  assert.equal(privacy.status, 'active');
  assert.equal(privacy.provision.type, 'permit');
  assert.equal(privacy.category[0].coding[0].code, '57016-8');
  const privacyQr = mine.find((q) => `QuestionnaireResponse/${q.id}` === privacy.sourceReference.reference);
  const sig = privacyQr.extension.find((e) => e.url.endsWith('questionnaireresponse-signature')).valueSignature;
  assert.equal(Buffer.from(sig.data, 'base64').toString('utf8'), SIG);
  const research = consents.find((c) => c.scope.coding[0].code === 'research');
  assert.equal(research.status, 'rejected');
  assert.equal(research.provision.type, 'deny');

  for (const id of ['form-intake-p1', 'form-intake-p2', 'form-history-p3', 'form-privacy-p3', 'form-research-p3']) {
    const t = await peer.get(`/fhir/Task/${id}`);
    assert.equal(t.status, 'completed', id);
    assert.match(t.output[0].valueReference.reference, /^QuestionnaireResponse\//);
  }
  assert.deepEqual((await peer.get('/_peer/validation')).failures.slice(failuresBefore), []);
  // Completed on the server: the next pull takes them off the list.
  r = syncOnce(online());
  assert.equal(query(db, "SELECT count(*) FROM form_tasks WHERE state = 1"), '0');
});
