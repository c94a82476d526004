// The patient's forms screens against the real FHIR peer (seeded with the
// four forms in four languages): sync pulls the Tasks and Questionnaires,
// a journey fills a form at the kiosk, and the next sync round sends the
// QuestionnaireResponse, which the peer checks against its Questionnaire.
// Screenshots go beside the demo journeys' (SHOTS_DIR/<journey>/).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  scratch, startPeer, today, kiosk, syncOnce, query, all, noValidationFailures, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;
const DATE = today();

let peer;
let dir;

before(async () => {
  dir = scratch('formsui');
  peer = await startPeer(dir, { date: DATE, forms: true });
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

function config(d, url = peer.url) {
  const file = join(d, 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\nurl = ${url}\n`
    + 'timeout_s = 5\nconnect_timeout_s = 2\n');
  return file;
}

function play(d, cfg, name, { now = `${DATE}T08:50`, size = '1080x1920' } = {}) {
  const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, name) : join(d, 'shots');
  return kiosk(['--headless', '--config', cfg, '--now', now, '--size', size,
    '--assets', ASSETS, '--play', journey(name), '--shots', shots]);
}

const outbox = (db, kind) => Number(query(db, `SELECT count(*) FROM outbox WHERE kind = '${kind}'`));

// The responses the peer holds for patient to form (the Questionnaire's id).
async function responses(patient, form) {
  return (await all(peer, 'QuestionnaireResponse'))
    .filter((r) => r.subject?.reference === `Patient/${patient}`
      && r.questionnaire?.includes(`/Questionnaire/${form}|`));
}

test('intake form in English from the welcome screen: filled, reviewed, sent once', async () => {
  const d = scratch('formsui-intake');
  try {
    const cfg = config(d);
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, cfg, 'forms-intake-en');
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'form.response'), 1);
    r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    const qr = await responses('p1', 'intake');
    assert.equal(qr.length, 1);
    assert.equal(qr[0].status, 'completed');
    await noValidationFailures(peer);
  } finally {
    cleanup(d);
  }
});

test('optional research consent declined after check-in (Hindi, large text): recorded as declined, still checked in', async () => {
  const d = scratch('formsui-research');
  try {
    const cfg = config(d);
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, cfg, 'forms-research-hi-large', { now: `${DATE}T11:10` });
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'appointment.arrived'), 1);
    assert.equal(outbox(db, 'form.response'), 1);
    r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    const qr = await responses('p3', 'research-consent');
    assert.equal(qr.length, 1);
    assert.equal(qr[0].language, 'hi');
    const consents = (await all(peer, 'Consent')).filter((c) => c.patient?.reference === 'Patient/p3');
    assert.equal(consents.length, 1);
    assert.equal(consents[0].provision?.type, 'deny');
    const appt = await peer.get('/fhir/Appointment/a30');
    assert.equal(appt.status, 'arrived');
    await noValidationFailures(peer);
  } finally {
    cleanup(d);
  }
});

test('walking away from a form: the session clears, nothing is sent or kept', async () => {
  const d = scratch('formsui-timeout');
  try {
    const cfg = config(d);
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, cfg, 'forms-timeout');
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'form.response'), 0);
    assert.equal(query(db, "SELECT state FROM form_tasks WHERE fhir_id = 'form-intake-p7'"), '0');
  } finally {
    cleanup(d);
  }
});

test('privacy notice agreed and signed with a finger (Portuguese, high contrast): response with its signature, Consent permit', async () => {
  const d = scratch('formsui-privacy');
  try {
    const cfg = config(d);
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, cfg, 'forms-privacy-pt-contrast', { now: `${DATE}T10:30` });
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'form.response'), 1);
    const bytes = Number(query(db, "SELECT length(payload) FROM outbox WHERE kind = 'form.response'"));
    console.log(`outbox bytes of one signed consent: ${bytes}`);
    r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    const qr = await responses('p11', 'privacy-ack');
    assert.equal(qr.length, 1);
    assert.equal(qr[0].language, 'pt-BR');
    const data = JSON.stringify(qr[0]).match(/"data":"([A-Za-z0-9+/=]+)"/);
    assert.ok(data, `the response carries the signature: ${JSON.stringify(qr[0])}`);
    const svg = Buffer.from(data[1], 'base64').toString('utf8');
    assert.match(svg, /^<svg/);
    assert.equal((svg.match(/M/g) || []).length, 2, 'two strokes after Clear');
    const consents = (await all(peer, 'Consent')).filter((c) => c.patient?.reference === 'Patient/p11');
    assert.equal(consents.length, 1);
    assert.equal(consents[0].provision?.type, 'permit');
    await noValidationFailures(peer);
  } finally {
    cleanup(d);
  }
});

test('medical history filled offline (Spanish, repeats): saved at the kiosk, sent once when the server is back', async () => {
  const d = scratch('formsui-offline');
  try {
    const cfg = config(d);
    const down = join(d, 'down.ini');
    writeFileSync(down, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\nurl = http://127.0.0.1:9/fhir\n`
      + 'timeout_s = 2\nconnect_timeout_s = 1\n');
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    syncOnce(down); // fails: the kiosk now knows the server is away
    r = play(d, down, 'forms-history-es-offline');
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'form.response'), 1);
    assert.equal((await responses('p7', 'medical-history')).length, 0);
    r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    const qr = await responses('p7', 'medical-history');
    assert.equal(qr.length, 1, 'exactly once');
    assert.equal(qr[0].language, 'es');
    const meds = qr[0].item.find((i) => i.linkId === 'medications');
    assert.deepEqual(meds.answer.map((a) => a.valueString), ['Metformina', 'Aspirina']);
    await noValidationFailures(peer);
  } finally {
    cleanup(d);
  }
});

test('landscape, Hindi, large text: every form reachable, the optional one skipped', async () => {
  const d = scratch('formsui-landscape');
  try {
    const cfg = config(d);
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, cfg, 'forms-list-landscape-hi', { size: '1920x1080', now: `${DATE}T13:50` });
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'form.response'), 0); // skipping sends nothing
  } finally {
    cleanup(d);
  }
});

test('research consent with the keypad and speech only: read out, declined, sent', async () => {
  const d = scratch('formsui-keypad');
  try {
    const cfg = config(d);
    const db = join(d, 'kiosk.db');
    let r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, cfg, 'forms-research-keypad-speech');
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(outbox(db, 'form.response'), 1);
    r = syncOnce(cfg);
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal((await responses('p6', 'research-consent')).length, 1);
    await noValidationFailures(peer);
  } finally {
    cleanup(d);
  }
});
