// Outbox rows written by the firmware before typed outbox records (a cache
// file frozen in tests/fixtures/store/outbox-v3-main.sql: one pending row
// of each kind) are sent by today's firmware after the upgrade, and the
// server gets the same resources the old firmware sent for them
// (outbox-v3-main.sent.json, captured from the old firmware against this
// peer), except the dates the old one got wrong: the payment and the update
// report were sent as of 1970-01-01 because their rows carry no time; they
// now take the row's own created time.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scratch, startPeer, writeConfig, syncOnce, tool, query, all, cleanup } from './harness.mjs';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'store');
const KEY = (n) => `urn:uuid:00000000-0000-4000-8000-00000000000${n}`;

let dir;
let peer;

before(async () => {
  dir = scratch('outbox-migration');
  peer = await startPeer(dir);
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

const mine = (r) => r.identifier?.some((i) => i.value.startsWith('urn:uuid:00000000-0000-4000-8000-'));
const strip = ({ id, meta, ...rest }) => rest;

test('every kind of row the old firmware queued is sent after the upgrade', async () => {
  const db = join(dir, 'kiosk.db');
  tool(db, 'load', join(fixtures, 'outbox-v3-main.sql'));
  assert.equal(query(db, 'SELECT count(*) FROM outbox WHERE state = 0'), '7');
  // The appointment the check-in row names, booked on the server.
  const appt = await peer.post('/fhir/Appointment', {
    resourceType: 'Appointment',
    status: 'booked',
    identifier: [{ system: 'https://demo-hospital.example/sid/appointment', value: 'APPT-MIGRATION-0001' }],
    start: '2025-12-04T09:00:00Z',
    end: '2025-12-04T09:20:00Z',
    participant: [{ actor: { reference: 'Patient/p1' }, status: 'accepted' }],
  });
  assert.equal(appt.status, 201);

  const r = syncOnce(writeConfig(dir, peer.url));
  assert.equal(r.status, 0, r.out + r.err);
  assert.match(r.out, /sent 7, parked 0, waiting 0/);
  assert.equal(query(db, 'SELECT count(*) FROM outbox WHERE state != 1'), '0');

  // The check-in: the Appointment is arrived.
  assert.equal((await peer.get(`/fhir/Appointment/${appt.body.id}`)).status, 'arrived');

  // The others: the resources the old firmware sent, field for field.
  const sent = [];
  for (const type of ['Task', 'Communication', 'PaymentReconciliation']) {
    sent.push(...(await all(peer, type)).filter(mine).map(strip));
  }
  sent.sort((a, b) => a.identifier[0].value.localeCompare(b.identifier[0].value));
  const before = JSON.parse(readFileSync(join(fixtures, 'outbox-v3-main.sent.json'), 'utf8'));
  assert.equal(sent.length, before.length);

  // The payment: posted as of when it was approved (the row's created time,
  // 2025-12-04T08:02:05Z), no longer 1970-01-01.
  const pay = sent.find((x) => x.identifier[0].value === KEY(2));
  assert.equal(pay.resourceType, 'PaymentReconciliation');
  assert.equal(pay.created, '2025-12-04T08:02:05.000Z');
  assert.equal(pay.paymentDate, '2025-12-04');
  const oldPay = before.find((x) => x.identifier[0].value === KEY(2));
  assert.equal(oldPay.created, '1970-01-01T00:00:00.000Z');
  assert.equal(oldPay.paymentDate, '1970-01-01');
  // The update report: sent as of its row too.
  const upd = sent.find((x) => x.identifier[0].value === KEY(6));
  assert.equal(upd.sent, '2025-12-04T08:06:00.000Z');
  const oldUpd = before.find((x) => x.identifier[0].value === KEY(6));
  assert.equal(oldUpd.sent, '1970-01-01T00:00:00.000Z');

  const fixed = before.map((x) => {
    if (x.identifier[0].value === KEY(2)) return { ...x, created: pay.created, paymentDate: pay.paymentDate };
    if (x.identifier[0].value === KEY(6)) return { ...x, sent: upd.sent };
    return x;
  });
  assert.deepEqual(sent, fixed);
  // Words with quotes arrive as words (the old escaper's rows read back right).
  const help = sent.find((x) => x.identifier[0].value === KEY(3));
  assert.match(help.description, /kiosk in Main lobby "East" asked for help \(screen: checkin\.appointments, language: pt\)/);

  const v = await peer.get('/_peer/validation');
  assert.deepEqual(v.failures, []);
});
