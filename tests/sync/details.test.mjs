// Contact details and insurance from a real FHIR server: the patient's
// phone, e-mail, home address, emergency contact and record age
// (meta.lastUpdated), and their Coverage (payer, plan, member id, relation
// to the subscriber) reach the cache for today's patients; a change on the
// server follows; a patient without insurance has no row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  scratch, startPeer, writeConfig, syncOnce, query, tool, all, cleanup, kiosk,
} from './harness.mjs';

let dir;
let peer;

before(async () => {
  dir = scratch('details');
  peer = await startPeer(dir);
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

test('address, contact, record age and coverage are cached', async () => {
  const config = writeConfig(dir, peer.url);
  const db = `${dir}/kiosk.db`;
  let r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);

  const p4 = await peer.get('/fhir/Patient/p4');
  const row = (sql) => query(db, sql);
  const pid = "(SELECT id FROM patients WHERE fhir_id = 'p4')";
  assert.equal(row(`SELECT addr_line || '|' || addr_city || '|' || addr_postal || '|' || addr_country FROM patient_details WHERE patient_id = ${pid}`),
    `${p4.address[0].line.at(-1)}|Madrid|28013|ES`);
  assert.equal(row(`SELECT contact_name || '|' || contact_phone FROM patient_details WHERE patient_id = ${pid}`),
    'Contact of patient 4|+1 555 0204');
  assert.equal(Number(row(`SELECT record_updated_ms FROM patient_details WHERE patient_id = ${pid}`)),
    Date.parse(p4.meta.lastUpdated));
  // Every cached patient has their details row.
  assert.equal(row('SELECT count(*) FROM patients p LEFT JOIN patient_details d ON d.patient_id = p.id WHERE d.patient_id IS NULL'), '0');
  assert.equal(row("SELECT email FROM patients WHERE fhir_id = 'p3'"), 'patient3@example.org');

  const cov = await peer.get('/fhir/Coverage/cov-p4');
  assert.equal(row("SELECT payor || '|' || plan || '|' || subscriber_id || '|' || relationship || '|' || status FROM coverages WHERE fhir_id = 'cov-p4'"),
    `${cov.payor[0].display}|${cov.class[0].name}|${cov.subscriberId}|${cov.relationship.coding[0].code}|active`);
  assert.equal(row("SELECT count(*) FROM coverages c JOIN patients p ON p.id = c.patient_id WHERE p.fhir_id = 'p7'"), '0', 'p7 has no insurance');

  // Changes on the server follow at the next round.
  cov.payor[0].display = 'Acme Health Insurance';
  cov.subscriberId = 'MBR99999999';
  assert.equal((await peer.put('/fhir/Coverage/cov-p4', cov)).status, 200);
  p4.address[0].city = 'Sevilla';
  assert.equal((await peer.put('/fhir/Patient/p4', p4)).status, 200);
  r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
  assert.equal(row("SELECT payor || '|' || subscriber_id FROM coverages WHERE fhir_id = 'cov-p4'"), 'Acme Health Insurance|MBR99999999');
  assert.equal(row(`SELECT addr_city FROM patient_details WHERE patient_id = ${pid}`), 'Sevilla');
  // Nothing of it in the output.
  assert.doesNotMatch(r.out + r.err, /MBR|Sevilla|Madrid|555 02/);

  const v = await peer.get('/_peer/validation');
  assert.deepEqual(v.failures, []);
});

// What the kiosk sends about details, insurance and receipts reaches the
// server as valid FHIR (the peer validates every write with @medplum/core
// and the `fhir` package): a Task per changed detail or insurance answer,
// the changed insurance as a draft Coverage contained in its Task, and a
// Communication for a receipt by SMS or e-mail, each exactly once.
test('details, insurance and receipt records are valid FHIR on the server', async () => {
  const config = writeConfig(dir, peer.url);
  const db = `${dir}/kiosk.db`;
  assert.equal(syncOnce(config).status, 0);
  const before = (await peer.get('/_peer/validation')).checked;
  const raw = (kind, payload) => tool(db, 'raw', kind, JSON.stringify({ kind: kind.split('.')[0], ...payload, at: Date.now() }));
  raw('details.change', { patient: 'p4', phone: '5550123456', email: 'new.address@example.org', line: 'Calle Nueva 9', city: 'Toledo', postal: '45001', country: 'ES', location: 'Main lobby', lang: 'es' });
  raw('details.change', { patient: 'p2', contact_phone: '5550199887', location: 'Main lobby', lang: 'pt-BR' });
  raw('coverage.change', { patient: 'p4', change: 'changed', old_coverage: 'cov-p4', payor: 'Acme Health Insurance', member_id: 'ACM12345', relationship: 'spouse', location: 'Main lobby', lang: 'es' });
  raw('coverage.change', { patient: 'p1', change: 'none', old_coverage: 'cov-p1', location: 'Main lobby', lang: 'pt-BR' });
  raw('receipt.send', { patient: 'p3', channel: 'sms', to: '', payment: 'k-1', amount_minor: 6500, currency: 'USD', invoice: 'inv-p3', auth_code: 'A1B2C3', card: 'Visa ending 1111', link: 'https://www.example.org/receipts/k-1', lang: 'hi' });
  raw('receipt.send', { patient: 'p3', channel: 'email', to: 'typed@example.org', payment: 'k-2', amount_minor: 1000, currency: 'USD', invoice: 'inv-p3', auth_code: 'Z9', card: '', link: '', lang: 'en' });

  const r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
  assert.match(r.out, /sent 6, parked 0/);
  const v = await peer.get('/_peer/validation');
  assert.equal(v.checked - before, 6, 'every record was validated');
  assert.deepEqual(v.failures, []);

  const tasks = await all(peer, 'Task');
  const contact = tasks.filter((t) => t.code?.text === "Update the patient's contact details");
  assert.equal(contact.length, 2);
  const p4 = contact.find((t) => t.for.reference === 'Patient/p4');
  const input = Object.fromEntries(p4.input.map((i) => [i.type.text, i.valueString]));
  assert.deepEqual(input, {
    phone: '5550123456', email: 'new.address@example.org', 'address-line': 'Calle Nueva 9',
    'address-city': 'Toledo', 'address-postalCode': '45001', 'address-country': 'ES',
  });
  assert.match(p4.description, /phone, e-mail, postal address changed/);
  assert.doesNotMatch(p4.description, /555|Toledo|Nueva/, 'values ride in input, not in the text');

  const ins = tasks.filter((t) => t.code?.text === "Verify the patient's insurance");
  assert.equal(ins.length, 2);
  const changed = ins.find((t) => t.contained);
  assert.equal(changed.focus.reference, '#proposed');
  assert.deepEqual(changed.contained[0], {
    resourceType: 'Coverage', id: 'proposed', status: 'draft', subscriberId: 'ACM12345',
    beneficiary: { reference: 'Patient/p4' },
    relationship: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/subscriber-relationship', code: 'spouse' }] },
    payor: [{ display: 'Acme Health Insurance' }],
  });
  const none = ins.find((t) => !t.contained);
  assert.equal(none.focus.reference, 'Coverage/cov-p1');
  assert.match(none.description, /no insurance now/);

  const comms = (await all(peer, 'Communication')).filter((c) => c.category?.[0]?.text === 'Payment receipt');
  assert.equal(comms.length, 2);
  const sms = comms.find((c) => c.medium[0].coding[0].code === 'SMSWRIT');
  assert.equal(sms.recipient[0].reference, 'Patient/p3');
  assert.equal(sms.extension, undefined, 'the number on file is the server\'s own');
  assert.match(sms.payload[0].contentString, /Paid 65\.00 USD .*Visa ending 1111/);
  assert.equal(sms.payload[1].contentAttachment.url, 'https://www.example.org/receipts/k-1');
  const mail = comms.find((c) => c.medium[0].coding[0].code === 'EMAILWRIT');
  assert.deepEqual(mail.extension[0].valueContactPoint, { system: 'email', value: 'typed@example.org' });

  // The log of the round names kinds and counts, never the values.
  assert.doesNotMatch(r.out + r.err, /5550123456|new\.address|Toledo|ACM12345|typed@|5550199887/);
  // A second round sends nothing again.
  assert.match(syncOnce(config).out, /sent 0, parked 0/);
});

// The journeys' own records, as the app writes them: each details journey
// in each language played on the demo data (offline: queued), then one sync
// round to the peer, which validates every Task and contained Coverage.
test('the details journeys\' records reach the server valid, once', async () => {
  const ASSETS = new URL('../../assets', import.meta.url).pathname;
  const paths = ['phone', 'address', 'insurance', 'noinsurance'];
  for (const lang of ['en', 'pt', 'hi', 'es']) {
    for (const path of paths) {
      const name = `details-${path}-${lang}`;
      const d = join(dir, name);
      mkdirSync(d, { recursive: true });
      const db = join(d, 'kiosk.db');
      const offline = join(d, 'kiosk.ini');
      writeFileSync(offline, `[kiosk]\ndatabase = ${db}\n`);
      const r = kiosk(['--headless', '--demo', '--db', db, '--config', offline, '--now', '2026-03-10T10:00',
        '--size', '1080x1920', '--assets', ASSETS, '--play',
        new URL(`../journeys/${name}.journey`, import.meta.url).pathname, '--shots', join(d, 'shots')]);
      assert.equal(r.status, 0, r.out + r.err);
      const kind = path.endsWith('insurance') ? 'coverage.change' : 'details.change';
      assert.equal(query(db, `SELECT count(*) FROM outbox WHERE kind = '${kind}' AND state = 0`), '1', name);
      const before = await peer.get('/_peer/validation');
      const s = syncOnce(writeConfig(d, peer.url));
      assert.equal(s.status, 0, s.out + s.err);
      assert.equal(query(db, `SELECT count(*) FROM outbox WHERE kind = '${kind}' AND state = 1`), '1', name);
      const v = await peer.get('/_peer/validation');
      assert.ok(v.checked > before.checked, name);
      assert.deepEqual(v.failures, [], name);
    }
  }
  const tasks = (await all(peer, 'Task')).filter((t) => t.for?.reference?.startsWith('Patient/demo-'));
  assert.equal(tasks.length, 16);
  const drafts = tasks.filter((t) => t.contained?.[0]?.resourceType === 'Coverage');
  assert.equal(drafts.length, 4);
  for (const t of drafts) {
    assert.equal(t.contained[0].payor[0].display, 'Blue State Health'); // payer.1 in the journeys
    assert.equal(t.contained[0].subscriberId, 'BSH-2024-99');
    assert.equal(t.contained[0].relationship.coding[0].code, 'spouse');
  }
  const phones = tasks.filter((t) => t.input?.some((i) => i.type.text === 'phone'));
  assert.equal(phones.length, 4);
  for (const t of phones) assert.equal(t.input.find((i) => i.type.text === 'phone').valueString, '5550123456');
});
