// Paying by Pix and UPI at the kiosk: scripted journeys on the real screens
// (demo patients with bills in reais and rupees) against the test payment
// service over TLS + OAuth2. The code is read back from the journey's own
// screenshot with zbar and checked by independent parsers (pix-utils, our
// TLV/CRC walk, node's URL); the test "pays" at the service while the kiosk
// polls. Exactly once: kill -9 while the code is shown, a restart that
// recovers it, a second "Pay by Pix" that shows the same code, a double tap,
// an expiry and a cancel that charge nothing. A kiosk that also takes cards
// (through the payment terminal simulator, tests/peer/terminal.mjs) offers
// both, and a UPI payment there charges no card.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import {
  CAREKIOSK, scratch, startPeer, startTerminal, kiosk, query, cleanup, PEER_DIR,
} from './harness.mjs';

const require = createRequire(join(PEER_DIR, 'package.json'));
const pixUtils = require('pix-utils');
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the test's own control calls only

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;
const NOW = '2026-03-10T10:00';

let dir;
let certs;
let peer;
let term;
let base;

before(async () => {
  dir = scratch('qrpay-journey');
  certs = join(dir, 'certs');
  const r = spawnSync('bash', [join(PEER_DIR, 'make-certs.sh'), certs], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  peer = await startPeer(dir, {
    seed: false,
    extra: ['--tls-cert', join(certs, 'good.crt'), '--tls-key', join(certs, 'good.key'), '--oauth', 'kiosk7:qr-secret'],
  });
  base = `https://127.0.0.1:${peer.port}`;
  writeFileSync(join(dir, 'secret'), 'qr-secret\n');
  term = await startTerminal(dir, { timeout: 3 });
});
after(() => {
  peer?.stop();
  term?.stop();
  cleanup(dir);
});

function config(d, scheme, extra = '') {
  const file = join(d, 'kiosk.ini');
  const payee = scheme === 'pix'
    ? 'payee_name = Hospital São Lucas da Misericórdia\npayee_city = São José dos Campos\n'
      + 'pix_key = 3f1e2d4c-0000-4000-8000-123456789abc\n'
    : 'payee_name = City Hospital & Research Centre\nupi_vpa = cityhospital.billing@okaxis\nupi_mc = 8062\n';
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\ntimeout_s = 5\n`
    + `connect_timeout_s = 2\n${extra}\n[qrpay]\nscheme = ${scheme}\n`
    + `url = ${base}/${scheme === 'pix' ? 'pix/v2' : 'upi/v1'}\noauth_token_url = ${base}/oauth2/token\n`
    + `client_id = kiosk7\nsecret_file = ${join(dir, 'secret')}\nca_file = ${join(certs, 'ca.crt')}\n`
    + `expiry_s = 300\n${payee}`);
  return file;
}

function shotsFor(d, name) {
  return process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, name) : join(d, 'shots');
}

function args(d, cfg, name, { demo = true, size = '1080x1920', shots = name } = {}) {
  return ['--headless', ...(demo ? ['--demo', '--db', join(d, 'kiosk.db')] : []), '--config', cfg,
    '--now', NOW, '--size', size, '--assets', ASSETS, '--play', journey(name), '--shots', shotsFor(d, shots)];
}

function playAsync(d, cfg, name, opts) {
  return new Promise((resolve) => {
    const child = spawn(CAREKIOSK, args(d, cfg, name, opts), { env: { ...process.env, TZ: 'UTC' } });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { out += b; });
    child.on('exit', (status, signal) => resolve({ status, signal, out }));
    resolve.child = child;
    playAsync.last = child;
  });
}

async function charges() {
  return (await (await fetch(`${base}/_peer/qr/charges`)).json()).charges;
}

async function control(path, body) {
  const r = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  return { status: r.status, body: await r.json() };
}

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// The next charge the service sees after `seen` charges.
async function nextCharge(seen, ms = 15000) {
  for (let t = 0; t < ms; t += 50) {
    const list = await charges();
    if (list.length > seen) return list[seen];
    await sleep(50);
  }
  throw new Error('the kiosk made no charge');
}

function scanShot(d, name, shot) {
  const folder = shotsFor(d, name);
  const file = readdirSync(folder).find((f) => f.startsWith(shot));
  assert.ok(file, `no screenshot ${shot} in ${folder}`);
  const z = spawnSync('zbarimg', ['-q', '--raw', join(folder, file)], { encoding: 'utf8' });
  assert.equal(z.status, 0, `zbar could not read a code in ${file}`);
  return z.stdout.replace(/\n$/, '');
}

function tlv(s) {
  const out = {};
  for (let i = 0; i < s.length;) {
    const len = Number(s.slice(i + 2, i + 4));
    assert.ok(Number.isInteger(len) && i + 4 + len <= s.length, `field at ${i} overruns`);
    out[s.slice(i, i + 2)] = s.slice(i + 4, i + 4 + len);
    i += 4 + len;
  }
  return out;
}

function crc16(s) {
  let crc = 0xffff;
  for (const b of Buffer.from(s, 'latin1')) {
    crc ^= b << 8;
    for (let k = 0; k < 8; k++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, '0');
}

function checkPix(text, amount) {
  const pix = pixUtils.parsePix(text);
  assert.ok(!pixUtils.hasError(pix), JSON.stringify(pix));
  assert.equal(pix.type, 'DYNAMIC');
  const f = tlv(text);
  assert.equal(f['54'], amount);
  assert.equal(f['53'], '986');
  assert.equal(f['58'], 'BR');
  assert.ok(f['59'].length <= 25 && /^[\x20-\x7e]+$/.test(f['59']), f['59']);
  assert.ok(f['60'].length <= 15 && /^[\x20-\x7e]+$/.test(f['60']), f['60']);
  assert.equal(f['59'], 'Hospital Sao Lucas da Mis');
  assert.equal(tlv(f['62'])['05'], '***');
  assert.equal(f['63'], crc16(text.slice(0, -4)));
  return pix;
}

function dbCount(d, sql) {
  return Number(query(join(d, 'kiosk.db'), sql));
}

// Play a journey that shows a code; pay it at the service as soon as it exists.
async function playAndPay(d, cfg, name, opts) {
  const seen = (await charges()).length;
  const run = playAsync(d, cfg, name, opts);
  const c = await nextCharge(seen);
  await sleep(300); // the code is on screen and shot
  const paid = await control('/_peer/qr/pay', { id: c.id });
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  const r = await run;
  assert.equal(r.status, 0, r.out);
  return c;
}

function assertPaidOnce(d, c, brand) {
  assert.equal(query(join(d, 'kiosk.db'), `SELECT state FROM qr_charges WHERE id = '${c.id}'`), '1');
  assert.equal(dbCount(d, `SELECT count(*) FROM payments WHERE state = 1 AND brand = '${brand}'`), 1);
  assert.equal(dbCount(d, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), 1);
  assert.equal(dbCount(d, 'SELECT count(*) FROM qr_charges WHERE state = 0'), 0);
}

test('pt-BR: Pix code shown, read from the screenshot, paid, receipt', async () => {
  const d = scratch('qr-pix-pt');
  try {
    const c = await playAndPay(d, config(d, 'pix'), 'qr-pix-pt');
    assert.equal(c.kind, 'pix');
    assert.equal(c.amount, '225.90');
    const pix = checkPix(scanShot(d, 'qr-pix-pt', '02-pix-code-pt'), '225.90');
    assert.match(pix.url, new RegExp(`/pix/qr/v2/[0-9a-f]{32}$`));
    assertPaidOnce(d, c, 'Pix');
    assert.equal(dbCount(d, "SELECT patient_owes_minor FROM invoices WHERE fhir_id = 'demo-antonio-1'"), 0);
  } finally {
    cleanup(d);
  }
});

test('pt-BR landscape: the Pix code fits and reads on a 1920x1080 screen', async () => {
  const d = scratch('qr-pix-landscape');
  try {
    const c = await playAndPay(d, config(d, 'pix'), 'qr-pix-pt', { size: '1920x1080', shots: 'qr-pix-pt-landscape' });
    checkPix(scanShot(d, 'qr-pix-pt-landscape', '02-pix-code-pt'), '225.90');
    assertPaidOnce(d, c, 'Pix');
  } finally {
    cleanup(d);
  }
});

// hi: a kiosk that takes no cards (UPI only); en: one that also takes cards
// through the terminal simulator, so the confirm screen offers both.
for (const [name, lang, amount, shot, cards] of [
  ['qr-upi-hi', 'hi', '1500.50', '01-upi-code-hi-large', false],
  ['qr-upi-en', 'en', '950.00', '02-upi-code-en', true],
]) {
  test(`${lang}: UPI code read from the screenshot by an independent parser, paid, receipt`, async () => {
    const d = scratch(name);
    try {
      if (cards) await term.card({ card: 'approve' });
      const cardsBefore = (await term.payments()).length;
      const c = await playAndPay(d, config(d, 'upi', cards ? term.ini() : ''), name);
      // Paid by UPI only: the terminal was never asked for a card.
      assert.equal((await term.payments()).length, cardsBefore);
      assert.equal(c.kind, 'upi');
      const u = new URL(scanShot(d, name, shot));
      assert.equal(u.protocol, 'upi:');
      assert.equal(u.searchParams.get('pa'), 'cityhospital.billing@okaxis');
      assert.equal(u.searchParams.get('pn'), 'City Hospital & Research Centre');
      assert.equal(u.searchParams.get('tr'), c.id);
      assert.equal(u.searchParams.get('am'), amount);
      assert.equal(u.searchParams.get('cu'), 'INR');
      assertPaidOnce(d, c, 'UPI');
      if (lang === 'en') {
        // The printed receipt: the amount, the scheme and the charge's reference.
        const paper = readFileSync(join(shotsFor(d, name), 'receipt-001.txt'), 'utf8');
        assert.match(paper, /Paid today: ₹950\.00/);
        assert.match(paper, /Card: UPI/);
        assert.ok(paper.includes(`Authorisation code: ${c.id.slice(-12)}`), paper);
      }
    } finally {
      cleanup(d);
    }
  });
}

test('es: an expired code charged nothing, a new one is made, a cancel charges nothing', async () => {
  const d = scratch('qr-expire');
  try {
    const seen = (await charges()).length;
    const run = playAsync(d, config(d, 'pix'), 'qr-pix-expire-es');
    const first = await nextCharge(seen);
    await sleep(300);
    await control('/_peer/qr/expire', { id: first.id });
    const second = await nextCharge(seen + 1);
    const r = await run;
    assert.equal(r.status, 0, r.out);
    const mine = (await charges()).slice(seen);
    assert.equal(mine.length, 2, 'one new code after the expiry, no more');
    assert.notEqual(second.id, first.id);
    assert.equal(mine[0].status, 'REMOVIDA_PELO_PSP');
    assert.equal(mine[1].status, 'REMOVIDA_PELO_USUARIO_RECEBEDOR');
    checkPix(scanShot(d, 'qr-pix-expire-es', '03-new-code-es'), '250.00');
    assert.equal(dbCount(d, 'SELECT count(*) FROM qr_charges WHERE state = 2'), 2);
    assert.equal(dbCount(d, 'SELECT count(*) FROM payments'), 0);
    assert.equal(dbCount(d, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), 0);
  } finally {
    cleanup(d);
  }
});

test('a code past its time but still active at the service is removed there, then shown expired', async () => {
  const d = scratch('qr-overdue');
  try {
    const seen = (await charges()).length;
    const r = await playAsync(d, config(d, 'pix'), 'qr-pix-overdue');
    assert.equal(r.status, 0, r.out);
    const mine = (await charges()).slice(seen);
    assert.equal(mine.length, 1);
    assert.equal(mine[0].status, 'REMOVIDA_PELO_USUARIO_RECEBEDOR');
    assert.equal((await control('/_peer/qr/pay', { id: mine[0].id })).status, 409);
    assert.equal(dbCount(d, 'SELECT count(*) FROM qr_charges WHERE state = 2'), 1);
    assert.equal(dbCount(d, 'SELECT count(*) FROM payments'), 0);
  } finally {
    cleanup(d);
  }
});

test('kill -9 while the code is shown: the same code again, never a second; paid later, settled at restart', async () => {
  const d = scratch('qr-kill');
  try {
    const cfg = config(d, 'pix');
    const seen = (await charges()).length;
    const run = playAsync(d, cfg, 'qr-pix-wait');
    const c = await nextCharge(seen);
    // The code is on screen (its screenshot is written), then the plug is pulled.
    for (let i = 0; i < 200 && !existsSync(shotsFor(d, 'qr-pix-wait'))
      || !readdirSync(shotsFor(d, 'qr-pix-wait')).some((f) => f.startsWith('01-code')); i++) await sleep(50);
    await sleep(500); // the screenshot is written out
    playAsync.last.kill('SIGKILL');
    const r = await run;
    assert.equal(r.signal, 'SIGKILL');
    assert.equal((await charges()).length - seen, 1, 'the double tap made one charge');
    // The charge id was on disk before the code was shown.
    assert.equal(query(join(d, 'kiosk.db'), 'SELECT id FROM qr_charges WHERE state = 0'), c.id);
    const shown = scanShot(d, 'qr-pix-wait', '01-code');

    // Restart, same bill, "Pay by Pix": the live code again (then cancelled).
    const again = spawnSync(CAREKIOSK, args(d, cfg, 'qr-pix-again', { demo: false }), { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    assert.equal(again.status, 0, again.stdout + again.stderr);
    assert.equal((await charges()).length - seen, 1, 'no second code for a bill whose first may be paid');
    assert.equal(scanShot(d, 'qr-pix-again', '01-same-code'), shown);
    assert.equal((await charges())[seen].status, 'REMOVIDA_PELO_USUARIO_RECEBEDOR');

    // Another code, paid while the kiosk is dead: settled at the next start.
    const seen2 = (await charges()).length;
    const run2 = playAsync(d, cfg, 'qr-pix-wait', { demo: false });
    const c2 = await nextCharge(seen2);
    await sleep(500);
    playAsync.last.kill('SIGKILL');
    await run2;
    await control('/_peer/qr/pay', { id: c2.id });
    assert.equal(dbCount(d, 'SELECT count(*) FROM payments'), 0);
    const restart = spawnSync(CAREKIOSK, args(d, cfg, 'welcome', { demo: false }), { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } });
    assert.equal(restart.status, 0, restart.stdout + restart.stderr);
    assertPaidOnce(d, c2, 'Pix');
    // A second restart changes nothing.
    spawnSync(CAREKIOSK, args(d, cfg, 'welcome', { demo: false }), { env: { ...process.env, TZ: 'UTC' } });
    assertPaidOnce(d, c2, 'Pix');
    assert.equal(kiosk(['status', '--config', cfg]).status !== null, true);
  } finally {
    cleanup(d);
  }
});
