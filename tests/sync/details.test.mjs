// Contact details and insurance from a real FHIR server: the patient's
// phone, e-mail, home address, emergency contact and record age
// (meta.lastUpdated), and their Coverage (payer, plan, member id, relation
// to the subscriber) reach the cache for today's patients; a change on the
// server follows; a patient without insurance has no row.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { scratch, startPeer, writeConfig, syncOnce, query, cleanup } from './harness.mjs';

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
