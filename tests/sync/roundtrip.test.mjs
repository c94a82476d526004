// Round trip with a real FHIR server: pull into the cache, check in while
// the server cannot be reached, send once it can, and see exactly one
// arrival per appointment on the server. Server-side changes (a moved
// appointment, a cancelled one, a deleted one, a new phone number, a paid
// bill) reach the cache.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  scratch, startPeer, writeConfig, syncOnce, tool, query, all, arrivals, cleanup, kiosk,
} from './harness.mjs';

let dir;
let peer;

before(async () => {
  dir = scratch('roundtrip');
  peer = await startPeer(dir);
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

test('pull, offline check-in, push exactly once', async () => {
  const config = writeConfig(dir, peer.url);
  const db = `${dir}/kiosk.db`;

  let r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
  const patients = Number(query(db, 'SELECT count(*) FROM patients'));
  // Today's appointments and those of the three days ahead ([server] days_ahead).
  const day0 = new Date(`${new Date().toISOString().slice(0, 10)}T00:00:00Z`);
  const end = new Date(day0.getTime() + 4 * 86400000).toISOString();
  const serverWindow = (await all(peer, 'Appointment', `&date=ge${day0.toISOString().slice(0, 10)}`))
    .filter((a) => a.start < end);
  assert.ok(serverWindow.some((a) => !a.start.startsWith(day0.toISOString().slice(0, 10))));
  assert.equal(Number(query(db, 'SELECT count(*) FROM appointments')), serverWindow.length);
  assert.ok(patients > 0);
  // Accents, Devanagari and the Latin alias arrive intact; money is exact.
  assert.equal(query(db, "SELECT family FROM patients WHERE fhir_id = 'p2'"), 'Conceição');
  assert.equal(query(db, "SELECT family || '/' || family_latin FROM patients WHERE fhir_id = 'p3'"), 'शर्मा/Sharma');
  assert.equal(query(db, "SELECT total_minor FROM charge_items WHERE fhir_id = 'ci-p1-2'"), '9550');
  assert.equal(query(db, "SELECT value FROM patient_identifiers WHERE value = '6001000000000004'"), '6001000000000004');
  assert.equal(query(db, "SELECT status FROM appointments WHERE fhir_id = 'a50'"), '2'); // cancelled
  // A statement in dispute arrives marked, so the kiosk offers no payment for it.
  assert.equal(query(db, "SELECT hold FROM invoices WHERE fhir_id = 'inv-p3'"), 'dispute');
  // The copay due for Priya's appointment arrives tied to it, with its amount.
  assert.equal(query(db, 'SELECT c.appointment_fhir_id || \'/\' || i.patient_owes_minor FROM copays c '
    + "JOIN invoices i ON i.id = c.invoice_id WHERE i.fhir_id = 'inv-copay-p6'"), 'a60/2500');
  // The paper statement's number (Invoice.identifier) is kept; inv-p3 has none.
  assert.equal(query(db, "SELECT number FROM invoice_numbers n JOIN invoices i ON i.id = n.invoice_id WHERE i.fhir_id = 'inv-p1'"), 'ST-2026-1001');
  assert.equal(query(db, "SELECT count(*) FROM invoice_numbers n JOIN invoices i ON i.id = n.invoice_id WHERE i.fhir_id = 'inv-p3'"), '0');

  // The server goes away (a port where nobody listens); the kiosk checks in.
  const offline = writeConfig(dir, 'http://127.0.0.1:9/fhir');
  const queued = Number(tool(db, 'checkins'));
  assert.ok(queued >= 8, `queued ${queued}`);
  tool(db, 'help', '1');
  r = syncOnce(offline);
  assert.equal(r.status, 1);
  assert.match(r.out, /cannot reach the billing server/);
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')), queued + 1);
  r = kiosk(['status', '--config', offline]);
  assert.match(r.out, /billing server: error: .*cannot reach/);
  assert.match(r.out, /outbox: 10? ?\d* waiting/);

  // Back online: everything goes out once, in one round.
  r = syncOnce(writeConfig(dir, peer.url));
  assert.equal(r.status, 0, r.out + r.err);
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')), 0);
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 2')), 0);
  const codes = query(db, "SELECT group_concat(fhir_id) FROM appointments a JOIN checkins c ON c.appointment_id = a.id").split(',');
  assert.equal(codes.length, queued);
  for (const id of codes) {
    assert.equal(await arrivals(peer, id), 1, `appointment ${id}`);
    assert.equal((await peer.get(`/fhir/Appointment/${id}`)).status, 'arrived');
  }
  const tasks = await all(peer, 'Task');
  assert.equal(tasks.length, 1);
  assert.match(tasks[0].description, /asked for help/);

  // A second round sends nothing again and writes nothing new.
  r = syncOnce(writeConfig(dir, peer.url));
  assert.equal(r.status, 0);
  assert.match(r.out, /sent 0, parked 0/);
  for (const id of codes) assert.equal(await arrivals(peer, id), 1);

  const v = await peer.get('/_peer/validation');
  assert.ok(v.checked >= queued + 1, `validated ${v.checked}`);
  assert.deepEqual(v.failures, []);
});

test('a patient checks in on the screen while offline; the server hears it once', async () => {
  const d = scratch('journey');
  const peer3 = await startPeer(d);
  try {
    const db = `${d}/kiosk.db`;
    let r = syncOnce(writeConfig(d, peer3.url));
    assert.equal(r.status, 0, r.out);
    assert.ok(Number(query(db, 'SELECT count(*) FROM appointments')) > 0);
    // Rahul's appointment (a30) is at 11:30 today; he arrives at 11:15.
    const offline = writeConfig(d, 'http://127.0.0.1:9/fhir');
    const journey = new URL('checkin-server.journey', import.meta.url).pathname;
    const now = `${new Date().toISOString().slice(0, 10)}T11:15`;
    r = kiosk(['--headless', '--play', journey, '--shots', `${d}/shots`, '--config', offline, '--now', now]);
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal((await peer3.get('/fhir/Appointment/a30')).status, 'booked');
    r = syncOnce(writeConfig(d, peer3.url));
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /sent 1,/);
    assert.equal((await peer3.get('/fhir/Appointment/a30')).status, 'arrived');
    assert.equal(await arrivals(peer3, 'a30'), 1);
  } finally {
    peer3.stop();
    cleanup(d);
  }
});

test('an appointment deleted on the server leaves the cache at the next full read', async () => {
  const d = scratch('deleted');
  const peer4 = await startPeer(d);
  try {
    const config = writeConfig(d, peer4.url);
    const db = `${d}/kiosk.db`;
    assert.equal(syncOnce(config).status, 0);
    assert.equal(query(db, "SELECT count(*) FROM appointments WHERE fhir_id = 'a40'"), '1');
    assert.equal(await peer4.del('/fhir/Appointment/a40'), 200);
    // Between full reads (every 15 minutes) a deletion is not visible yet.
    assert.equal(syncOnce(config).status, 0);
    assert.equal(query(db, "SELECT count(*) FROM appointments WHERE fhir_id = 'a40'"), '1');
    // The next full read of the day drops it; the others stay.
    const before_ = Number(query(db, 'SELECT count(*) FROM appointments'));
    query(db, "UPDATE sync_state SET value = '0' WHERE name = 'appointments_full_ms' RETURNING 1");
    assert.equal(syncOnce(config).status, 0);
    assert.equal(query(db, "SELECT count(*) FROM appointments WHERE fhir_id = 'a40'"), '0');
    assert.equal(Number(query(db, 'SELECT count(*) FROM appointments')), before_ - 1);
  } finally {
    peer4.stop();
    cleanup(d);
  }
});

test('a full page of appointments without a next link: nothing is taken as deleted', async () => {
  // Two peers with the same 120 patients (more than a page of appointments
  // today); the second leaves next links out. The cache, filled whole from
  // the first, must not lose what the second's one page does not show.
  const d = scratch('cut');
  const whole = await startPeer(d, { patients: 120 });
  const cut = await startPeer(d, { patients: 120, extra: ['--no-next-links'] });
  try {
    const db = `${d}/kiosk.db`;
    assert.equal(syncOnce(writeConfig(d, whole.url)).status, 0);
    const cached = Number(query(db, 'SELECT count(*) FROM appointments'));
    assert.ok(cached > 100, `${cached} appointments`);
    query(db, "UPDATE sync_state SET value = '0' WHERE name = 'appointments_full_ms' RETURNING 1");
    const r = syncOnce(writeConfig(d, cut.url));
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.err, /full page of appointments without a next link/);
    assert.equal(Number(query(db, 'SELECT count(*) FROM appointments')), cached);
  } finally {
    whole.stop();
    cut.stop();
    cleanup(d);
  }
});

test('check-ins queued by the previous firmware (schema 1 payloads) are still sent once', async () => {
  const d = scratch('oldpayload');
  const peer5 = await startPeer(d);
  try {
    const config = writeConfig(d, peer5.url);
    const db = `${d}/kiosk.db`;
    assert.equal(syncOnce(config).status, 0);
    const code70 = query(db, "SELECT code FROM appointments WHERE fhir_id = 'a70'");
    // Release 1 wrote {"appointment": FHIR id when known, else the code}.
    tool(db, 'raw', 'appointment.arrived', '{"appointment":"a60","status":"arrived","at":1}');
    tool(db, 'raw', 'appointment.arrived', `{"appointment":"${code70}","status":"arrived","at":1}`);
    const r = syncOnce(config);
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /sent 2, parked 0/);
    assert.equal(await arrivals(peer5, 'a60'), 1);
    assert.equal(await arrivals(peer5, 'a70'), 1);
  } finally {
    peer5.stop();
    cleanup(d);
  }
});

test('changes on the server reach the cache', async () => {
  const config = writeConfig(dir, peer.url, 'overlap_s = 0');
  const db = `${dir}/kiosk.db`;
  syncOnce(config);

  const p = await peer.get('/fhir/Patient/p4');
  p.telecom = [{ system: 'phone', value: '+1 555 0999' }];
  assert.equal((await peer.put('/fhir/Patient/p4', p)).status, 200);

  const a = await peer.get('/fhir/Appointment/a20');
  a.status = 'cancelled';
  assert.equal((await peer.put('/fhir/Appointment/a20', a)).status, 200);

  const inv = await peer.get('/fhir/Invoice/inv-p3');
  inv.status = 'balanced';
  assert.equal((await peer.put('/fhir/Invoice/inv-p3', inv)).status, 200);

  const r = syncOnce(config);
  assert.equal(r.status, 0, r.out);
  assert.equal(query(db, "SELECT phone FROM patients WHERE fhir_id = 'p4'"), '+1 555 0999');
  assert.equal(query(db, "SELECT status FROM appointments WHERE fhir_id = 'a20'"), '2');
  assert.equal(query(db, "SELECT status FROM invoices WHERE fhir_id = 'inv-p3'"), 'balanced');
});

// With a Date header behind the resources' own times (always up to a
// second, here 5 s), a cursor kept behind the server's clock must not hold
// a search without next links back on its first page.
for (const [nextLinks, lag] of [[true, 0], [false, 0], [false, 5]]) {
test(`changes are asked for in one batch; a full page goes on page by page (${nextLinks ? 'next links' : 'no next links'}${lag ? `, Date ${lag} s behind` : ''})`, async () => {
  const d = scratch('batch');
  const peer6 = await startPeer(d, {
    extra: [...(nextLinks ? [] : ['--no-next-links']), ...(lag ? ['--date-lag-s', String(lag)] : [])],
  });
  try {
    const config = writeConfig(d, peer6.url, 'overlap_s = 0');
    const db = `${d}/kiosk.db`;
    assert.equal(syncOnce(config).status, 0);
    assert.equal(syncOnce(config).status, 0); // cursors set: the next round asks for changes
    // 120 new patients (not ours), then a change to one of ours: it lands
    // on the second page of Patient changes.
    for (let i = 0; i < 120; i++) {
      const r = await peer6.post('/fhir/Patient', { resourceType: 'Patient', name: [{ family: `Extra${i}` }], birthDate: '1970-01-01' });
      assert.equal(r.status, 201);
    }
    const p = await peer6.get('/fhir/Patient/p5');
    p.telecom = [{ system: 'phone', value: '+1 555 0777' }];
    assert.equal((await peer6.put('/fhir/Patient/p5', p)).status, 200);
    await fetch(`${peer6.url.replace(/\/fhir$/, '')}/_peer/stats/reset`, { method: 'POST' });
    const r = syncOnce(config);
    assert.equal(r.status, 0, r.out);
    assert.equal(query(db, "SELECT phone FROM patients WHERE fhir_id = 'p5'"), '+1 555 0777');
    assert.equal(Number(query(db, "SELECT count(*) FROM patients WHERE family LIKE 'Extra%'")), 0);
    const log = (await peer6.get('/_peer/stats')).log;
    assert.equal(log.filter((e) => e.method === 'POST' && /^\/fhir\/?$/.test(e.path)).length, 1);
    assert.ok(log.some((e) => e.method === 'GET' && e.path.startsWith('/fhir/Patient?_lastUpdated')),
      'the full page went on with a search');
  } finally {
    peer6.stop();
    cleanup(d);
  }
});
}

test('a check-in for an appointment cancelled on the server is parked and staff are told', async () => {
  const dir2 = scratch('cancelled');
  const peer2 = await startPeer(dir2);
  const config = writeConfig(dir2, peer2.url);
  const db = `${dir2}/kiosk.db`;
  syncOnce(config);
  // The kiosk checks p9's appointment in; meanwhile the desk cancels it.
  tool(db, 'checkins');
  const a = await peer2.get('/fhir/Appointment/a90');
  a.status = 'cancelled';
  await peer2.put('/fhir/Appointment/a90', a);
  const r = syncOnce(config);
  assert.equal(r.status, 0, r.out);
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 2')), 1);
  assert.match(query(db, 'SELECT last_error FROM outbox WHERE state = 2'), /cancelled on the billing server; staff were told/);
  const comms = (await all(peer2, 'Communication')).filter((c) => /a90|APPT-\d+-0090/.test(c.payload[0].contentString));
  assert.equal(comms.length, 1);
  const s = kiosk(['status', '--config', config]);
  assert.match(s.out, /1 parked for staff/);
  peer2.stop();
  cleanup(dir2);
});
