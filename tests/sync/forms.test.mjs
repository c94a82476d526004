// Forms from a real FHIR server: the SDC Tasks assigning Questionnaires to
// today's patients and the Questionnaires they name reach the cache; a Task
// the server closes leaves it; a Questionnaire changed on the server while
// the old version is owed keeps the old version (the response will name it).
// The peer checks every QuestionnaireResponse against its Questionnaire.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  scratch, startPeer, writeConfig, syncOnce, query, all, cleanup,
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
