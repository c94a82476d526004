// Through a fault proxy: delays, dropped connections, resets, 500/503/429/408,
// a body cut in half, invalid JSON, a wrong content type, a huge answer, a
// trickling answer, and a write whose answer is lost. Each round either
// finishes or says what went wrong; nothing queued is lost or sent twice,
// and the cache stays whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  scratch, startPeer, startProxy, writeConfig, syncOnce, tool, query, all, arrivals, cleanup, kiosk,
} from './harness.mjs';

let dir;
let peer;
let proxy;
let config;
let db;

before(async () => {
  dir = scratch('faults');
  peer = await startPeer(dir);
  proxy = await startProxy(dir, `http://127.0.0.1:${peer.port}`);
  config = writeConfig(dir, proxy.url, 'timeout_s = 3');
  db = `${dir}/kiosk.db`;
  const r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
});
after(() => {
  proxy?.stop();
  peer?.stop();
  cleanup(dir);
});

const expectations = {
  drop: /connection to the billing server broke|Empty reply/,
  reset: /connection to the billing server broke|reset/i,
  status500: /answered 500/,
  status503: /answered 503/,
  status429: /answered 429/,
  status408: /answered 408/,
  cut: /connection to the billing server broke|transfer closed/,
  badjson: /not valid JSON/,
  wrongtype: /answered text\/html, not FHIR JSON/,
  huge: /larger than \d+ bytes/,
  slow: /did not answer in time/,
};

for (const [mode, message] of Object.entries(expectations)) {
  test(`${mode}: the round fails with a clear message and loses nothing`, async () => {
    const before_ = Number(query(db, 'SELECT count(*) FROM patients'));
    tool(db, 'help', '1');
    await proxy.set({ mode, delayMs: 0 });
    const r = syncOnce(config);
    await proxy.set({ mode: 'pass' });
    assert.equal(r.status, 1, `${mode}: ${r.out}`);
    assert.match(r.out, message);
    // Nothing dropped from the cache, nothing lost from the outbox.
    assert.equal(Number(query(db, 'SELECT count(*) FROM patients')), before_);
    assert.equal(query(db, 'PRAGMA integrity_check'), 'ok');
    assert.ok(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')) >= 1);
    // The technician sees it.
    const s = kiosk(['status', '--config', config]);
    assert.match(s.out, /billing server: error: /);
    // Retried later (the backoff is skipped by making the entries due now).
    tool(db, 'query', 'UPDATE outbox SET next_attempt_ms = 0 WHERE state = 0 RETURNING 1');
    const ok = syncOnce(config);
    assert.equal(ok.status, 0, ok.out);
    assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')), 0);
  });
}

test('a write whose answer is lost is not written twice', async () => {
  const queued = Number(tool(db, 'checkins'));
  tool(db, 'payments', '3');
  assert.ok(queued > 0);
  // Every write reaches the server, every answer is lost.
  await proxy.set({ mode: 'forward-then-drop', match: '', count: 4 });
  let r = syncOnce(config);
  assert.equal(r.status, 1);
  await proxy.set({ mode: 'pass' });
  for (let i = 0; i < 5; i++) {
    tool(db, 'query', 'UPDATE outbox SET next_attempt_ms = 0 WHERE state = 0 RETURNING 1');
    r = syncOnce(config);
    if (Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')) === 0) break;
  }
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state != 1')), 0, r.out);
  const ids = query(db, 'SELECT group_concat(a.fhir_id) FROM appointments a JOIN checkins c ON c.appointment_id = a.id').split(',');
  for (const id of ids) assert.equal(await arrivals(peer, id), 1, id);
  const keys = query(db, "SELECT group_concat(key) FROM outbox WHERE kind = 'payment.posted'").split(',');
  const posted = await all(peer, 'PaymentReconciliation');
  for (const key of keys) {
    assert.equal(posted.filter((p) => p.identifier[0].value === `urn:uuid:${key}`).length, 1, key);
  }
  assert.equal(posted[0].paymentAmount.value, 1.01);
  const helps = await all(peer, 'Task');
  const helpKeys = query(db, "SELECT group_concat(key) FROM outbox WHERE kind = 'help.request'").split(',');
  for (const key of helpKeys) {
    assert.equal(helps.filter((t) => t.identifier[0].value === `urn:uuid:${key}`).length, 1, key);
  }
  const v = await peer.get('/_peer/validation');
  assert.deepEqual(v.failures, []);
});

test('a rejected entry is parked for staff, not deleted, and does not hold up the rest', async () => {
  tool(db, 'raw', 'payment.posted', '{"amount_minor":500,"currency":"US","at":1}');
  tool(db, 'help', '1');
  const r = syncOnce(config);
  assert.equal(r.status, 0, r.out);
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 2')), 1);
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')), 0);
  assert.match(kiosk(['status', '--config', config]).out, /last parked payment.posted/);
});

test('a device alert whose first send meets a 500 arrives at the next round', async () => {
  tool(db, 'raw', 'device.alert', '{"device":"printer","state":"paper out","at":1}');
  await proxy.set({ mode: 'status500', count: 1 });
  let r = syncOnce(config);
  assert.equal(r.status, 1);
  tool(db, 'query', 'UPDATE outbox SET next_attempt_ms = 0 WHERE state = 0 RETURNING 1');
  r = syncOnce(config);
  assert.equal(r.status, 0, r.out);
  const comms = await all(peer, 'Communication');
  assert.ok(comms.some((c) => /printer: paper out/.test(c.payload[0].contentString)));
});
