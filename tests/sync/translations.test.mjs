// Texts the server gives in the patient's language: the names of clinics
// (HealthcareService), their directions (Location.description) and the
// practitioners' names carry FHIR's translation extension
// (http://hl7.org/fhir/StructureDefinition/translation). Sync caches every
// language; the kiosk shows the patient's, and English (the base value)
// only where the server has no translation.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import {
  scratch, startPeer, syncOnce, query, kiosk, cleanup, today,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;

let dir;
let peer;

before(async () => {
  dir = scratch('translations');
  peer = await startPeer(dir);
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

const text = (db, type, id, field, lang) => query(db,
  `SELECT text FROM server_texts WHERE type = '${type}' AND fhir_id = '${id}' AND field = '${field}' AND lang = '${lang}'`);

test('sync caches names and directions in every language the server gives', () => {
  // The kiosk names its place in English only: on paper the place comes
  // from the server's translations of its Location.
  const config = join(dir, 'kiosk.ini');
  writeFileSync(config, `[kiosk]\ndatabase = ${join(dir, 'kiosk.db')}\nlocation = Main lobby\n\n`
    + `[server]\nurl = ${peer.url}\ntimeout_s = 5\nconnect_timeout_s = 2\nlocation_id = main-lobby\n`);
  const db = join(dir, 'kiosk.db');
  const r = syncOnce(config);
  assert.equal(r.status, 0, r.out + r.err);
  assert.equal(text(db, 'HealthcareService', 'hs-physiotherapy', 'name', ''), 'Physiotherapy');
  assert.equal(text(db, 'HealthcareService', 'hs-physiotherapy', 'name', 'pt-BR'), 'Fisioterapia');
  assert.equal(text(db, 'HealthcareService', 'hs-physiotherapy', 'name', 'hi'), 'फ़िज़ियोथेरेपी');
  assert.equal(text(db, 'Location', 'loc-physiotherapy', 'description', 'es'), 'Planta baja, ala oeste');
  assert.equal(text(db, 'Location', 'main-lobby', 'name', 'pt-BR'), 'Recepção principal');
  assert.equal(text(db, 'Practitioner', 'dr1', 'name', 'pt-BR'), 'Dra. Ana Ribeiro');
  // Each appointment knows its service, its place and its practitioner.
  assert.equal(query(db, "SELECT group_concat(r.type || '/' || r.fhir_id, ' ') FROM appointment_refs r "
    + "JOIN appointments a ON a.id = r.appointment_id WHERE a.fhir_id = 'a30' ORDER BY r.type, r.fhir_id"),
  'HealthcareService/hs-physiotherapy Location/loc-physiotherapy Location/main-lobby Practitioner/dr4');
  // A second round inside the quarter hour does not ask for the names again.
  const before_ = Number(query(db, "SELECT value FROM sync_state WHERE name = 'names_ms'"));
  assert.equal(syncOnce(config).status, 0);
  assert.equal(Number(query(db, "SELECT value FROM sync_state WHERE name = 'names_ms'")), before_);
});

// The kiosk at the peer's "today" (the appointment is open for check-in).
function play(name, time) {
  const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, name) : join(dir, 'shots', name);
  return kiosk(['--headless', '--config', join(dir, 'kiosk.ini'), '--now', `${today()}T${time}`,
    '--size', '1080x1920', '--assets', ASSETS, '--play', journey(name), '--shots', shots]);
}

test('Rahul reads his clinic, its directions and his doctor in Hindi, on screen and paper', () => {
  const r = play('server-texts-hi', '11:20');
  assert.equal(r.status, 0, r.out + r.err);
});

test('in Spanish, and English where the server has no translation', () => {
  const db = join(dir, 'kiosk.db');
  query(db, "DELETE FROM server_texts WHERE type = 'Location' AND fhir_id = 'loc-dermatology' AND lang = 'es'");
  const r = play('server-texts-es', '12:30');
  assert.equal(r.status, 0, r.out + r.err);
});
