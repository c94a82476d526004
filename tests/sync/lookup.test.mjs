// Patients the cache does not hold. The kiosk caches today's appointments
// and their patients; someone who comes to pay last week's bill is not among
// them. The kiosk then asks the billing server (by surname and date of
// birth, by patient card, by the number on a paper statement), caches what
// it finds with the bills, and the patient goes on as if they had been there
// all along. The peer is seeded a week before the kiosk's day, so nobody has
// an appointment "today".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  scratch, startPeer, startProxy, startTerminal, kiosk, syncOnce, query, all, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;
const NOW = '2026-03-10T10:00';

let peer;
let term;
let dir;

before(async () => {
  dir = scratch('lookup');
  peer = await startPeer(dir, { date: '2026-03-03' });
  term = await startTerminal(dir, { timeout: 5 });
});
after(() => {
  peer?.stop();
  term?.stop();
  cleanup(dir);
});

function config(d, url = peer.url) {
  const file = join(d, 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\nurl = ${url}\n`
    + `timeout_s = 5\nconnect_timeout_s = 2\n${term.ini()}`);
  return file;
}

// Screenshots are kept beside the demo journeys' (SHOTS_DIR/<journey>/).
function play(d, cfg, name) {
  const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, name) : join(d, 'shots');
  return kiosk(['--headless', '--config', cfg, '--now', NOW, '--size', '1080x1920',
    '--assets', ASSETS, '--play', journey(name), '--shots', shots]);
}

const patients = (db) => query(db, 'SELECT group_concat(fhir_id) FROM patients');

test('by surname and date of birth: found on the server, the bill paid and posted once', async () => {
  const d = scratch('lookup-name');
  try {
    const db = join(d, 'kiosk.db');
    const before_ = (await term.payments()).length;
    const r = play(d, config(d), 'lookup-name');
    assert.equal(r.status, 0, r.out + r.err);
    // Only Ana: the other Silva (another birthday) was not fetched.
    assert.equal(patients(db), 'p1');
    assert.equal(query(db, "SELECT fhir_id FROM invoices WHERE fhir_id = 'inv-p1'"), 'inv-p1');
    // Marked as fetched at the counter, so the hourly purge keeps her a while.
    assert.ok(Number(query(db, 'SELECT updated_at FROM patients')) > 0);
    const mine = (await term.payments()).slice(before_);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].status, 'approved');
    assert.equal(mine[0].amount, 89.2); // RequestedAmount in major units
    assert.equal(mine[0].currency, 'USD');
    assert.equal(syncOnce(config(d)).status, 0);
    const recs = (await all(peer, 'PaymentReconciliation'))
      .filter((p) => p.identifier?.[0]?.value === `urn:uuid:${mine[0].idempotency_key}`);
    assert.equal(recs.length, 1);
    assert.deepEqual((await peer.get('/_peer/validation')).failures, []);
  } finally {
    cleanup(d);
  }
});

// journey, what the cache holds afterwards
const found = [
  ['lookup-statement', 'p2', 'by the QR code of a paper statement'],
  ['lookup-card', 'p4', 'by patient card'],
  ['lookup-nobody', '', 'nobody by that name: not found, nothing cached'],
];
for (const [name, cached, what] of found) {
  test(what, () => {
    const d = scratch(name);
    try {
      const r = play(d, config(d), name);
      assert.equal(r.status, 0, r.out + r.err);
      assert.equal(patients(join(d, 'kiosk.db')), cached);
    } finally {
      cleanup(d);
    }
  });
}

test('server unreachable: the patient is told the records cannot be reached', () => {
  const d = scratch('lookup-offline');
  try {
    const r = play(d, config(d, 'http://127.0.0.1:9/fhir'), 'lookup-offline');
    assert.equal(r.status, 0, r.out + r.err);
    // Neither the name nor the birth date is written to the log.
    assert.doesNotMatch(r.out + r.err, /Silva|1984-03-12/i);
  } finally {
    cleanup(d);
  }
});

test('no name, birthday or card number in a URL or in the logs', async () => {
  const d = scratch('lookup-log');
  try {
    await fetch(`${peer.url.replace(/\/fhir$/, '')}/_peer/stats/reset`, { method: 'POST' });
    let r = play(d, config(d), 'lookup-name');
    assert.equal(r.status, 0, r.out + r.err);
    r = play(d, config(d), 'lookup-card');
    assert.equal(r.status, 0, r.out + r.err);
    assert.doesNotMatch(r.out + r.err, /Silva|Mu.oz|1984-03-12|1978-11-30|6001000000000/i);
    assert.match(r.err, /a patient search on the server found 1/);
    // The parameters went in the body of POST searches (FHIR's POST
    // search), not in URLs that servers and proxies write to their logs.
    const { log } = await peer.get('/_peer/stats');
    assert.equal(log.filter((e) => e.method === 'POST' && e.path === '/fhir/Patient/_search').length, 2);
    for (const e of log) assert.doesNotMatch(decodeURIComponent(e.path), /Silva|1984-03-12|6001000000000/i, e.path);
  } finally {
    cleanup(d);
  }
});

test('a server that searches by GET only is asked by GET', async () => {
  const d = scratch('lookup-get');
  const getOnly = await startPeer(d, { date: '2026-03-03', extra: ['--get-search-only'] });
  try {
    const r = play(d, config(d, getOnly.url), 'lookup-statement');
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(patients(join(d, 'kiosk.db')), 'p2');
  } finally {
    getOnly.stop();
    cleanup(d);
  }
});

test('on the sync thread: a question asked during a slow round is answered before the round ends', async () => {
  const d = scratch('lookup-mid-round');
  const proxy = await startProxy(d, peer.url);
  try {
    // A round before sets the change cursors, so the next has changes to
    // ask for after today's appointments.
    assert.equal(syncOnce(config(d)).status, 0);
    // Today's appointments come slowly; the question is asked meanwhile.
    await proxy.set({ mode: 'delay', delayMs: 1500, match: 'Appointment' });
    const child = spawn(process.env.FIND_WORKER, [config(d, proxy.url), 'Silva', '1984-03-12', '--during-round'],
      { env: { ...process.env, TZ: 'UTC' } });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    const exited = new Promise((res) => { child.on('exit', res); });
    let seen = false;
    for (let i = 0; i < 200 && !seen; i++) {
      await new Promise((res) => { setTimeout(res, 50); });
      seen = (await proxy.log()).some((e) => e.path.includes('Appointment'));
    }
    assert.ok(seen, 'the round never asked for appointments');
    child.stdin.write('go\n');
    assert.equal(await exited, 0, out);
    assert.match(out, /^during a round: asked 1, found 1, err 0$/m);
    assert.match(out, /^the round ended: 1$/m);
    const paths = (await proxy.log()).map((e) => `${e.method} ${e.path}`);
    const search = paths.findIndex((p) => p.startsWith('POST /fhir/Patient/_search'));
    const appointments = paths.findIndex((p) => p.includes('Appointment'));
    assert.ok(search > appointments, paths.join('\n'));
    // The round's changes (a batch, or searches by _lastUpdated) came after
    // the search: it did not wait for the round to end.
    const changes = paths.findLastIndex((p) => /^POST \/fhir\/?$/.test(p)
      || (p.includes('_lastUpdated') && !p.includes('Appointment')));
    assert.ok(search < changes, paths.join('\n'));
  } finally {
    proxy.stop();
    cleanup(d);
  }
});

test('on the sync thread: answered beside the rounds; a dropped question leaves no answer behind', () => {
  const d = scratch('lookup-thread');
  try {
    const r = spawnSync(process.env.FIND_WORKER, [config(d), 'Silva', '1984-03-12'],
      { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    const m = r.stdout.match(/^asked 1, second refused 1, found 1, err 0, (\d+) ms$/m);
    assert.ok(m, r.stdout);
    console.log(`search on the sync thread answered in ${m[1]} ms`);
    assert.match(r.stdout, /^after a drop: asked 1, found 0$/m);
    assert.match(r.stdout, /^a round after a poke: 1$/m);
  } finally {
    cleanup(d);
  }
});
