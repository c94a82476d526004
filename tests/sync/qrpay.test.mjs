// Pix and UPI charges through the kiosk's client (qrpay_tool: the same
// client, config and payload builders the kiosk uses) against the test
// payment service (tests/peer/pixpsp.mjs) over TLS with OAuth2 client
// credentials. The QR the kiosk would show is drawn with the printer's
// encoder, read back with zbar, and its text checked by independent
// parsers: pix-utils for the BR Code (plus our own TLV walk for the limits
// pix-utils does not enforce), node's URL for upi://pay.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { scratch, startPeer, cleanup, PEER_DIR } from './harness.mjs';

const require = createRequire(join(PEER_DIR, 'package.json'));
const pixUtils = require('pix-utils');
const TOOL = process.env.QRPAY_TOOL;
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0'; // the test's own control calls only

let dir;
let certs;
let peer;
let base;

before(async () => {
  dir = scratch('qrpay');
  certs = join(dir, 'certs');
  const r = spawnSync('bash', [join(PEER_DIR, 'make-certs.sh'), certs], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  peer = await startPeer(dir, {
    seed: false,
    extra: ['--tls-cert', join(certs, 'good.crt'), '--tls-key', join(certs, 'good.key'), '--oauth', 'kiosk7:pix-secret'],
  });
  base = `https://127.0.0.1:${peer.port}`;
  writeFileSync(join(dir, 'secret'), 'pix-secret\n');
  writeFileSync(join(dir, 'wrong-secret'), 'guess\n');
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

function config(name, scheme, extra = {}) {
  const o = {
    scheme,
    url: `${base}/${scheme === 'pix' ? 'pix/v2' : 'upi/v1'}`,
    oauth_token_url: `${base}/oauth2/token`,
    client_id: 'kiosk7',
    secret_file: join(dir, 'secret'),
    ca_file: join(certs, 'ca.crt'),
    payee_name: scheme === 'pix' ? 'Hospital São Lucas da Misericórdia' : 'City Hospital & Research Centre',
    payee_city: 'São José dos Campos',
    pix_key: '3f1e2d4c-0000-4000-8000-123456789abc',
    upi_vpa: 'cityhospital.billing@okaxis',
    upi_mc: '8062',
    expiry_s: '300',
    ...extra,
  };
  const file = join(dir, `${name}.ini`);
  writeFileSync(file, `[server]\ntimeout_s = 5\nconnect_timeout_s = 2\n\n[qrpay]\n${Object.entries(o).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`);
  return file;
}

function run(cfg, ...args) {
  const r = spawnSync(TOOL, [cfg, ...args], { encoding: 'utf8' });
  const fields = Object.fromEntries((r.stdout || '').split('\n').filter((l) => l.includes('='))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return { status: r.status, stderr: r.stderr, ...fields };
}

const newId = (cfg) => run(cfg, 'id').status === 0 && spawnSync(TOOL, [cfg, 'id'], { encoding: 'utf8' }).stdout.trim();

async function control(path, body) {
  const r = await fetch(`${base}${path}`, { method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/json' } });
  return { status: r.status, body: await r.json() };
}

async function charges(id) {
  const r = await fetch(`${base}/_peer/qr/charges`);
  return (await r.json()).charges.filter((c) => c.id === id);
}

// The QR as drawn, read back by zbar.
function scan(cfg, id) {
  const png = join(dir, `${id}.png`);
  const r = run(cfg, 'png', id, png);
  assert.equal(r.status, 0, r.stderr);
  const z = spawnSync('zbarimg', ['-q', '--raw', png], { encoding: 'utf8' });
  assert.equal(z.status, 0, `zbarimg could not read the QR: ${z.stderr}`);
  return { text: z.stdout.replace(/\n$/, ''), fields: r };
}

// Our own TLV walk: every field's length right, the CRC field last.
function tlv(s) {
  const out = {};
  let i = 0;
  while (i < s.length) {
    const id = s.slice(i, i + 2);
    const len = Number(s.slice(i + 2, i + 4));
    assert.ok(Number.isInteger(len) && i + 4 + len <= s.length, `field ${id} at ${i} overruns`);
    out[id] = s.slice(i + 4, i + 4 + len);
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

test('Pix: the charge is made over TLS + OAuth2 and its QR is a valid dynamic BR Code', async () => {
  const cfg = config('pix', 'pix');
  const id = newId(cfg);
  assert.match(id, /^[a-zA-Z0-9]{26,35}$/);
  const c = run(cfg, 'create', id, '2590', 'INV-7');
  assert.equal(c.status, 0, c.stderr);
  assert.equal(c.state, 'active');
  assert.equal(c.amount_minor, '2590');
  assert.ok(Number(c.expires_in_s) > 290 && Number(c.expires_in_s) <= 300, c.expires_in_s);

  const { text } = scan(cfg, id);
  assert.equal(text, c.payload);
  const pix = pixUtils.parsePix(text);
  assert.ok(!pixUtils.hasError(pix), JSON.stringify(pix));
  assert.equal(pix.type, 'DYNAMIC');
  assert.equal(pix.url, c.location);
  // What pix-utils does not check: the limits, ASCII, amount, txid, CRC.
  const f = tlv(text);
  assert.equal(f['00'], '01');
  assert.equal(f['01'], '12');
  assert.equal(f['52'], '0000');
  assert.equal(f['53'], '986');
  assert.equal(f['54'], '25.90');
  assert.equal(f['58'], 'BR');
  assert.equal(f['59'], 'Hospital Sao Lucas da Mis');
  assert.equal(f['60'], 'Sao Jose dos Ca');
  assert.ok(f['59'].length <= 25 && f['60'].length <= 15);
  assert.match(text, /^[\x20-\x7e]+$/);
  assert.equal(tlv(f['62'])['05'], '***');
  const acct = tlv(f['26']);
  assert.equal(acct['00'], 'br.gov.bcb.pix');
  assert.equal(acct['25'], c.location);
  assert.ok(!acct['25'].startsWith('https://'));
  assert.equal(f['63'], crc16(text.slice(0, -4)));
  // The PSP's own copy-and-paste code points at the same charge.
  assert.equal((await fetch(`${base}/pix/v2/cob/${id}`)).status, 401, 'the cob API needs a token');
  const tok = await (await fetch(`${base}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=kiosk7&client_secret=pix-secret',
  })).json();
  const cob = await (await fetch(`${base}/pix/v2/cob/${id}`, { headers: { Authorization: `Bearer ${tok.access_token}` } })).json();
  assert.equal(cob.status, 'ATIVA');
  assert.equal(cob.valor.original, '25.90');
  assert.equal(pixUtils.parsePix(cob.pixCopiaECola).url, pix.url);
});

test('Pix: ATIVA -> CONCLUIDA when paid; asking again never makes a second charge', async () => {
  const cfg = config('pix', 'pix');
  const id = newId(cfg);
  assert.equal(run(cfg, 'create', id, '12000', 'INV-9').state, 'active');
  // A lost answer is recovered by the same id: the service reads it back.
  const again = run(cfg, 'create', id, '12000', 'INV-9');
  assert.equal(again.state, 'active');
  assert.equal((await charges(id)).length, 1);
  assert.equal(run(cfg, 'status', id).state, 'active');
  assert.equal((await control('/_peer/qr/pay', { id })).status, 200);
  const s = run(cfg, 'status', id);
  assert.equal(s.state, 'paid');
  assert.equal(s.amount_minor, '12000');
  assert.equal(s.payload, '', 'no QR for a paid charge');
  // A removal after payment is refused: it stays paid.
  run(cfg, 'cancel', id);
  assert.equal(run(cfg, 'status', id).state, 'paid');
});

test('Pix: expiry and removal are "nothing charged", and a removed code cannot be paid', async () => {
  const cfg = config('pix', 'pix');
  const a = newId(cfg);
  run(cfg, 'create', a, '500', 'INV-1');
  await control('/_peer/qr/expire', { id: a });
  assert.equal(run(cfg, 'status', a).state, 'expired');
  assert.equal((await control('/_peer/qr/pay', { id: a })).status, 409);
  const b = newId(cfg);
  run(cfg, 'create', b, '500', 'INV-1');
  assert.equal(run(cfg, 'cancel', b).state, 'removed');
  assert.equal(run(cfg, 'status', b).state, 'removed');
  assert.equal((await control('/_peer/qr/pay', { id: b })).status, 409);
  assert.equal(run(cfg, 'status', newId(cfg)).state, 'not_found');
});

test('UPI: the charge matched on tr, its upi://pay QR read by an independent parser', async () => {
  const cfg = config('upi', 'upi');
  const id = newId(cfg);
  const c = run(cfg, 'create', id, '150050', 'INV-12');
  assert.equal(c.state, 'active', c.detail);
  const { text } = scan(cfg, id);
  assert.equal(text, c.payload);
  const u = new URL(text);
  assert.equal(u.protocol, 'upi:');
  assert.equal(u.host || u.pathname.replace(/^\/\//, ''), 'pay');
  const q = u.searchParams;
  assert.equal(q.get('pa'), 'cityhospital.billing@okaxis');
  assert.equal(q.get('pn'), 'City Hospital & Research Centre');
  assert.equal(q.get('mc'), '8062');
  assert.equal(q.get('tr'), id);
  assert.equal(q.get('am'), '1500.50');
  assert.equal(q.get('cu'), 'INR');
  assert.ok(!/[ &]/.test(text.slice(text.indexOf('?') + 1).split('&').map((p) => p.split('=')[1]).join('')),
    'values are percent-encoded');
  assert.equal(run(cfg, 'create', id, '150050', 'INV-12').state, 'active');
  assert.equal((await charges(id)).length, 1);
  await control('/_peer/qr/pay', { id });
  assert.equal(run(cfg, 'status', id).state, 'paid');
  const e = newId(cfg);
  run(cfg, 'create', e, '100', 'INV-13');
  await control('/_peer/qr/expire', { id: e });
  assert.equal(run(cfg, 'status', e).state, 'expired');
  const x = newId(cfg);
  run(cfg, 'create', x, '100', 'INV-14');
  assert.equal(run(cfg, 'cancel', x).state, 'removed');
});

test('no charge is made without the right credentials or a trusted certificate', async () => {
  const id = newId(config('pix', 'pix'));
  const bad = run(config('badsecret', 'pix', { secret_file: join(dir, 'wrong-secret') }), 'create', id, '500', 'INV-2');
  assert.equal(bad.state, 'not_found', bad.detail);
  const untrusted = run(config('noca', 'pix', { ca_file: join(certs, 'selfsigned.crt') }), 'create', id, '500', 'INV-2');
  assert.equal(untrusted.state, 'not_found', untrusted.detail);
  assert.equal((await charges(id)).length, 0);
  // Service trouble: unknown (ask again), never "not charged".
  await control('/_peer/qr', { down: true });
  try {
    const down = run(config('pix', 'pix'), 'create', id, '500', 'INV-2');
    assert.equal(down.state, 'unknown');
    assert.equal(down.status, 1);
  } finally {
    await control('/_peer/qr', { down: false });
  }
});

test('a Pix payee that folds to nothing is refused at start, with a sentence', () => {
  const r = run(config('hindi', 'pix', { payee_name: 'अस्पताल' }), 'status', 'KSK00000000000000000000000000000000');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /payee_name and payee_city/);
});
