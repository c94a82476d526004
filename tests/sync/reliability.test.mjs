// Data that must not be lost, and a kiosk that always reaches a screen.
// - The WAL deleted while the kiosk runs, then kill -9: the check-in and the
//   approved payment are in the database file all the same.
// - A full disk, a read-only mount, a corrupt file: the kiosk shows a screen
//   that sends patients to the desk (or starts a fresh file), and recovers.
// - The demo's patients live in a private folder, removed at exit and after
//   a crash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import {
  writeFileSync, readFileSync, readdirSync, existsSync, unlinkSync, mkdirSync, statSync,
} from 'node:fs';
import { join } from 'node:path';
import {
  CAREKIOSK, scratch, startPeer, startTerminal, kiosk, query, tool, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;
const NOW = '2026-03-10T10:00';

let peer;
let term;
let dir;

before(async () => {
  dir = scratch('reliability');
  peer = await startPeer(dir, { seed: false });
  term = await startTerminal(dir, { timeout: 60 });
});
after(() => {
  peer?.stop?.();
  term?.stop();
  cleanup(dir);
});

function payConfig(d, extra = '') {
  const file = join(d, 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\n`
    + `timeout_s = 60\nconnect_timeout_s = 2\n${extra}${term.ini()}`);
  return file;
}

function playArgs(config, script, shots, demo = true) {
  const db = join(config, '..', 'kiosk.db');
  return ['--headless', ...(demo ? ['--demo', '--db', db] : []), '--config', config, '--now', NOW,
    '--size', '1080x1920', '--assets', ASSETS, '--play', script, '--shots', shots];
}

async function charges() {
  return term.payments();
}

test('the WAL deleted while the kiosk runs, then kill -9: the check-in and the payment survive', async () => {
  const d = scratch('wal');
  try {
    await term.card({ queue: [{ card: 'pin', pin_ms: 300 }], card: 'wait' });
    const config = payConfig(d);
    const db = join(d, 'kiosk.db');
    const before_ = (await charges()).length;
    const child = spawn(CAREKIOSK, playArgs(config, journey('pay-then-hold'), join(d, 'shots')),
      { stdio: 'ignore', env: { ...process.env, TZ: 'UTC' } });
    // The first payment is approved and settled; the second waits at the
    // terminal, so the kiosk is still running with its WAL open.
    let mine = [];
    for (let i = 0; i < 300 && mine.length < 2; i++) {
      await new Promise((r) => { setTimeout(r, 100); });
      mine = (await charges()).slice(before_);
    }
    assert.equal(mine.length, 2, 'the terminal never saw both payments');
    assert.ok(existsSync(`${db}-wal`), 'the kiosk runs in WAL mode');
    unlinkSync(`${db}-wal`);
    child.kill('SIGKILL');
    await new Promise((r) => { child.on('exit', r); });
    await term.present(); /* the second is paid at the terminal after the kiosk died */
    await term.card('approve');
    mine = (await charges()).slice(before_);

    const approved = mine.find((c) => c.status === 'approved' && c.last4 === '4444');
    assert.ok(approved, JSON.stringify(mine));
    assert.equal(query(db, 'SELECT count(*) FROM checkins'), '1', 'the check-in was lost');
    assert.equal(query(db, 'PRAGMA integrity_check'), 'ok');
    assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'appointment.arrived'"), '1');
    assert.equal(query(db, `SELECT state FROM payments WHERE key = '${approved.idempotency_key}'`), '1',
      'the approved payment was lost');
    assert.equal(query(db, `SELECT auth_code FROM payments WHERE key = '${approved.idempotency_key}'`),
      approved.auth_code);
    assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), '1');
    // The held one was written before its request went out: asked about at start.
    const held = mine.find((c) => c.idempotency_key !== approved.idempotency_key);
    assert.equal(query(db, `SELECT state FROM payments WHERE key = '${held.idempotency_key}'`), '0');
    const r = kiosk(playArgs(config, journey('welcome'), join(d, 'shots2'), false));
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal(query(db, 'SELECT group_concat(state) FROM payments ORDER BY rowid'), '1,1');
  } finally {
    cleanup(d);
  }
});

// --- the demo's patients ------------------------------------------------------------

function demoFolders(base) {
  return readdirSync(base).filter((f) => f.startsWith('carekiosk-demo-'));
}

test('the demo keeps its patients in a private folder, removed at exit and after a crash', async () => {
  const d = scratch('demo');
  try {
    const env = { ...process.env, TZ: 'UTC', TMPDIR: d, XDG_RUNTIME_DIR: '' };
    // A folder left by a crashed demo (its PID is gone), one of a demo that
    // still runs (this test's PID), and a file that only looks like one.
    const dead = spawnSync('true').pid;
    mkdirSync(join(d, 'carekiosk-demo-crashed'), { mode: 0o700 });
    writeFileSync(join(d, 'carekiosk-demo-crashed', 'owner.pid'), `${dead}\n`);
    writeFileSync(join(d, 'carekiosk-demo-crashed', 'demo.db'), 'patients');
    mkdirSync(join(d, 'carekiosk-demo-running'), { mode: 0o700 });
    writeFileSync(join(d, 'carekiosk-demo-running', 'owner.pid'), `${process.pid}\n`);
    writeFileSync(join(d, 'carekiosk-demo-file'), 'not a folder');

    // A demo killed with kill -9 while a payment waits at the terminal.
    await term.card({ queue: [{ card: 'approve' }], card: 'wait' });
    const config = join(d, 'kiosk.ini');
    writeFileSync(config, `[kiosk]\ndatabase = ${join(d, 'unused.db')}\n\n[server]\n`
      + `timeout_s = 60\nconnect_timeout_s = 2\n${term.ini()}`);
    const args = ['--headless', '--demo', '--config', config, '--now', NOW, '--size', '1080x1920',
      '--assets', ASSETS, '--play', journey('pay-then-hold'), '--shots', join(d, 'shots')];
    const before_ = (await charges()).length;
    const child = spawn(CAREKIOSK, args, { stdio: 'ignore', env });
    let mine = [];
    for (let i = 0; i < 300 && mine.length < 2; i++) {
      await new Promise((r) => { setTimeout(r, 100); });
      mine = (await charges()).slice(before_);
    }
    assert.equal(mine.length, 2, 'the demo did not reach its second payment');
    const mineNow = demoFolders(d).filter((f) => !['carekiosk-demo-running', 'carekiosk-demo-file'].includes(f));
    assert.deepEqual(mineNow.length, 1, `the crashed demo's folder is gone, one new: ${demoFolders(d)}`);
    const folder = join(d, mineNow[0]);
    assert.equal(statSync(folder).mode & 0o777, 0o700);
    assert.ok(existsSync(join(folder, 'demo.db')));
    assert.ok(!readdirSync(d).some((f) => /^carekiosk-demo-\d+\.db/.test(f)));
    child.kill('SIGKILL');
    await new Promise((r) => { child.on('exit', r); });
    await term.present();
    await term.card('approve');
    assert.ok(existsSync(folder), 'a kill leaves the folder');

    // The next demo removes it, keeps the running one's, and its own is gone at exit.
    const r = kiosk(['--headless', '--demo', '--now', NOW, '--size', '1080x1920', '--assets', ASSETS,
      '--play', journey('welcome'), '--shots', join(d, 'shots2')], { env });
    assert.equal(r.status, 0, r.out + r.err);
    assert.deepEqual(demoFolders(d).sort(), ['carekiosk-demo-file', 'carekiosk-demo-running']);
  } finally {
    cleanup(d);
  }
});

// --- the kiosk always reaches a screen ---------------------------------------------
// A full disk and a read-only mount need a file system of their own: a tmpfs
// in a private mount namespace (root only; root ignores file permissions, so
// a chmod would prove nothing). The disk is freed (or made writable again)
// once the kiosk has shown its first screen; the journey then waits for the
// next retry and checks a patient in.

const isRoot = process.getuid?.() === 0;
const canMount = isRoot
  && spawnSync('unshare', ['-m', 'sh', '-c', 'mount -t tmpfs -o size=64k tmpfs /mnt'], { stdio: 'ignore' }).status === 0;
const noMount = canMount ? false : 'needs root and unshare -m (a tmpfs of its own for a full or read-only disk)';

// The demo on database db, as shell words (no kiosk.ini).
function demoArgs(db, script, shots) {
  return ['--headless', '--demo', '--db', db, '--now', NOW, '--size', '1080x1920', '--assets', ASSETS,
    '--play', script, '--shots', shots].map((a) => `'${a}'`).join(' ');
}

// Runs the kiosk on a tmpfs at d/disk after `setup` (shell), with `heal`
// run once the first screenshot exists.
function onOwnDisk(d, setup, heal, script) {
  const disk = join(d, 'disk');
  const shots = join(d, 'shots');
  mkdirSync(disk);
  const args = demoArgs(join(disk, 'kiosk.db'), script, shots);
  const sh = `set -e
mount -t tmpfs -o size=4m tmpfs '${disk}'
${setup}
( for i in $(seq 600); do [ -e '${shots}/01-down.png' ] && break; sleep 0.1; done; ${heal} ) &
'${CAREKIOSK}' ${args}
wait`;
  const r = spawnSync('unshare', ['-m', 'sh', '-c', sh],
    { encoding: 'utf8', env: { ...process.env, TZ: 'UTC', SDL_VIDEODRIVER: 'dummy' }, timeout: 120000 });
  return { status: r.status, out: `${r.stdout}${r.stderr}`, shots };
}

test('a full disk at start: the front-desk screen, then it recovers by itself', { skip: noMount }, () => {
  const d = scratch('full');
  try {
    const r = onOwnDisk(d, `dd if=/dev/zero of='${d}/disk/filler' bs=1k 2>/dev/null || true`,
      `rm '${d}/disk/filler'`, journey('store-down'));
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /the local database cannot be used.*KIOSK_ERR_FULL/);
    assert.match(r.out, /the local database works again/);
    assert.ok(existsSync(join(r.shots, '04-recovered.png')));
  } finally {
    cleanup(d);
  }
});

test('a read-only database: the front-desk screen, then it recovers by itself', { skip: noMount }, () => {
  const d = scratch('ro');
  try {
    // A good database with the demo patients, then the mount goes read-only.
    const make = `'${CAREKIOSK}' ${demoArgs(join(d, 'disk', 'kiosk.db'), journey('welcome'), join(d, 'shots0'))} >/dev/null 2>&1
[ -s '${d}/disk/kiosk.db' ]
mount -o remount,ro '${d}/disk'`;
    const r = onOwnDisk(d, make, `mount -o remount,rw '${d}/disk'`, journey('store-down'));
    assert.equal(r.status, 0, r.out);
    assert.match(r.out, /the local database cannot be used.*KIOSK_ERR_DENIED/);
    assert.match(r.out, /the local database works again/);
  } finally {
    cleanup(d);
  }
});

test('a corrupt database is set aside, never deleted; a fresh one is used; status says so', () => {
  const d = scratch('corrupt');
  try {
    const db = join(d, 'kiosk.db');
    const config = join(d, 'kiosk.ini');
    writeFileSync(config, `[kiosk]\ndatabase = ${db}\n`);
    const garbage = Buffer.alloc(16384, 0x5a);
    writeFileSync(db, garbage);
    const r = kiosk(playArgs(config, journey('store-corrupt'), join(d, 'shots')));
    assert.equal(r.status, 0, r.out + r.err);
    const aside = readdirSync(d).filter((f) => f.startsWith('kiosk.db.corrupt-'));
    assert.equal(aside.length, 1, readdirSync(d).join(' '));
    assert.deepEqual(readFileSync(join(d, aside[0])), garbage, 'the damaged file is kept as it was');
    assert.equal(query(db, 'SELECT count(*) FROM checkins'), '1');
    const s = kiosk(['status', '--config', config]);
    assert.match(s.out, /a damaged copy was set aside as .*kiosk\.db\.corrupt-.*unknown/);
  } finally {
    cleanup(d);
  }
});

test('a damaged database that still shows its outbox: the technician is told how many were unsent', () => {
  const d = scratch('corrupt-outbox');
  try {
    const db = join(d, 'kiosk.db');
    const config = join(d, 'kiosk.ini');
    writeFileSync(config, `[kiosk]\ndatabase = ${db}\n`);
    tool(db, 'help', '3'); // three help requests waiting to be sent
    // Garbage over the patients table's root page: quick_check fails, the
    // outbox table still reads.
    const page = Number(query(db, 'PRAGMA page_size'));
    const root = Number(query(db, "SELECT rootpage FROM sqlite_master WHERE name = 'patients'"));
    const bytes = readFileSync(db);
    bytes.fill(0xa5, (root - 1) * page, root * page);
    writeFileSync(db, bytes);
    const r = kiosk(playArgs(config, journey('store-corrupt'), join(d, 'shots')));
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.err, /set aside, 3 unsent rows in it/);
    assert.match(kiosk(['status', '--config', config]).out,
      /a damaged copy was set aside as .*kiosk\.db\.corrupt-\S+, 3 unsent outbox rows in it/);
  } finally {
    cleanup(d);
  }
});
