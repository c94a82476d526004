// kill -9 at random points: check-ins, payments and help requests are
// queued, and `carekiosk sync --once` is killed 200 times at random moments
// (the proxy slows each request a little so kills land inside requests and
// between them). Afterwards clean rounds drain the outbox, and the server
// must hold each entry exactly once, the database must pass integrity_check.
// Then the same again with the store on a VFS that keeps writes in the
// process until they are synced, so each kill is a power cut.
// Prints lost=N duplicated=N for each.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import {
  scratch, startPeer, startProxy, writeConfig, syncOnce, tool, query, all, arrivals, cleanup, kiosk,
  CAREKIOSK,
} from './harness.mjs';

const ROUNDS = Number(process.env.TORTURE_ROUNDS || 200);
let dir;
let peer;
let proxy;

before(() => {
  dir = scratch('torture');
});
after(() => {
  proxy?.stop();
  peer?.stop();
  cleanup(dir);
});

// A small deterministic generator, so a failing run can be repeated.
function rng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function killedRound(command, afterMs) {
  return new Promise((resolve) => {
    const child = spawn(command[0], command.slice(1), { stdio: 'ignore', env: { ...process.env, TZ: 'UTC' } });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(signal === 'SIGKILL' ? 'killed' : `exit ${code}`);
    });
  });
}

async function torture(name, commandFor) {
  const d = `${dir}/${name}`;
  mkdirSync(d);
  // A server of its own for each run, so each run checks patients in.
  proxy?.stop();
  peer?.stop();
  peer = await startPeer(d);
  proxy = await startProxy(d, `http://127.0.0.1:${peer.port}`);
  const config = writeConfig(d, proxy.url, 'timeout_s = 5');
  const db = `${d}/kiosk.db`;
  const command = commandFor(config);
  let r = syncOnce(config);
  assert.equal(r.status, 0, r.out);
  tool(db, 'checkins');
  tool(db, 'payments', '20');
  tool(db, 'help', '5');

  const seed = Number(process.env.TORTURE_SEED || Date.now() % 100000);
  const random = rng(seed);
  console.log(`torture seed ${seed} (TORTURE_SEED=${seed} repeats this run)`);
  await proxy.set({ mode: 'delay', delayMs: 15 });
  const outcomes = {};
  for (let i = 0; i < ROUNDS; i++) {
    if (i % 10 === 5) {
      tool(db, 'payments', '2');
      tool(db, 'help', '1');
    }
    // Entries in backoff would make rounds idle: make them due again.
    tool(db, 'query', 'UPDATE outbox SET next_attempt_ms = 0 WHERE state = 0 RETURNING 1');
    const what = await killedRound(command, Math.floor(random() * 400));
    outcomes[what] = (outcomes[what] || 0) + 1;
  }
  await proxy.set({ mode: 'pass' });
  console.log(`rounds: ${JSON.stringify(outcomes)}`);

  for (let i = 0; i < 10; i++) {
    tool(db, 'query', 'UPDATE outbox SET next_attempt_ms = 0 WHERE state = 0 RETURNING 1');
    r = syncOnce(config);
    if (Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')) === 0) break;
  }
  assert.equal(Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 0')), 0, r.out);

  let lost = 0;
  let duplicated = 0;
  const missing = [];
  const tally = (n, what) => {
    if (n === 0) {
      lost++;
      missing.push(what);
    }
    if (n > 1) duplicated += n - 1;
  };
  const ids = query(db, 'SELECT group_concat(a.fhir_id) FROM appointments a JOIN checkins c ON c.appointment_id = a.id').split(',');
  for (const id of ids) if (id) tally(await arrivals(peer, id), `arrival ${id}`);
  const byKey = (list) => {
    const m = new Map();
    for (const res of list) {
      const v = res.identifier?.[0]?.value;
      m.set(v, (m.get(v) || 0) + 1);
    }
    return m;
  };
  const payments = byKey(await all(peer, 'PaymentReconciliation'));
  const tasks = byKey(await all(peer, 'Task'));
  for (const key of query(db, "SELECT group_concat(key) FROM outbox WHERE kind = 'payment.posted'").split(',')) {
    tally(payments.get(`urn:uuid:${key}`) || 0, `payment ${key}`);
  }
  for (const key of query(db, "SELECT group_concat(key) FROM outbox WHERE kind = 'help.request'").split(',')) {
    tally(tasks.get(`urn:uuid:${key}`) || 0, `help ${key}`);
  }
  const parked = Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 2'));
  const sent = Number(query(db, 'SELECT count(*) FROM outbox WHERE state = 1'));
  console.log(`${name}: entries=${sent + parked} sent=${sent} parked=${parked} lost=${lost} duplicated=${duplicated}`);
  const status = kiosk(['status', '--check', '--config', config]);
  assert.match(status.out, /database integrity: ok/);
  assert.ok(ids.length > 5 && ids[0], 'check-ins were part of the run');
  assert.equal(parked, 0);
  assert.equal(lost, 0, `missing on the server: ${missing.join(', ')}`);
  assert.equal(duplicated, 0);
  assert.deepEqual((await peer.get('/_peer/validation')).failures, []);
}

test(`kill -9 during sync ${ROUNDS} times: nothing lost, nothing twice`, async () => {
  await torture('kill', (config) => [CAREKIOSK, 'sync', '--once', '--config', config]);
});

test(`kill -9 ${ROUNDS} times on a disk that drops unsynced writes (a power cut)`, async () => {
  await torture('powercut', (config) => [process.env.SYNC_WORKER, config]);
});
