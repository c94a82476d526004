// From "paid" at the payment service to the kiosk knowing it: the kiosk's
// own client (qrpay_tool watch: one client, connection and OAuth token
// kept, polling every POLL_MS as firmware/app/payqr.c does) against the
// test PSP over TLS + OAuth2 on loopback. The patient pays at a random
// moment of the poll cycle. Prints the figures; never fails on time. The
// receipt screen follows in one more frame (bench_frames gives frame times).
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch, startPeer, cleanup, PEER_DIR } from '../sync/harness.mjs';

process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';
const TOOL = process.env.QRPAY_TOOL;
const POLL_MS = 2000;
const RUNS = Number(process.env.QRPAY_BENCH_RUNS || 12);
const dir = scratch('bench-qrpay');
const certs = join(dir, 'certs');
spawnSync('bash', [join(PEER_DIR, 'make-certs.sh'), certs]);
const peer = await startPeer(dir, {
  seed: false,
  extra: ['--tls-cert', join(certs, 'good.crt'), '--tls-key', join(certs, 'good.key'), '--oauth', 'k:s'],
});
const base = `https://127.0.0.1:${peer.port}`;
writeFileSync(join(dir, 'secret'), 's\n');
const cfg = join(dir, 'kiosk.ini');
writeFileSync(cfg, `[qrpay]\nscheme = pix\nurl = ${base}/pix/v2\noauth_token_url = ${base}/oauth2/token\n`
  + `client_id = k\nsecret_file = ${join(dir, 'secret')}\nca_file = ${join(certs, 'ca.crt')}\n`
  + 'payee_name = Hospital Teste\npayee_city = Sao Paulo\npix_key = chave-teste\n');
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });
const lat = [];
const req = [];
try {
  for (let i = 0; i < RUNS; i++) {
    const id = spawnSync(TOOL, [cfg, 'id'], { encoding: 'utf8' }).stdout.trim();
    spawnSync(TOOL, [cfg, 'create', id, '1000', 'BENCH']);
    let out = '';
    const child = spawn(TOOL, [cfg, 'watch', id, String(POLL_MS)]);
    child.stdout.on('data', (b) => { out += b; });
    const done = new Promise((r) => { child.on('exit', r); });
    await sleep(500 + Math.random() * POLL_MS);
    const paid = await (await fetch(`${base}/_peer/qr/pay`, { method: 'POST', body: JSON.stringify({ id }) })).json();
    await done;
    const at = Number(/at_ms=(\d+)/.exec(out)[1]);
    lat.push(at - paid.paid_at);
    for (const m of out.matchAll(/request_ms=(\d+)/g)) req.push(Number(m[1]));
  }
  const q = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(p * a.length))];
  console.log(`paid at the PSP -> kiosk knows it (poll every ${POLL_MS} ms, ${RUNS} runs): `
    + `median ${q(lat, 0.5)} ms, p90 ${q(lat, 0.9)} ms, max ${Math.max(...lat)} ms`);
  console.log(`one status poll (GET /cob/{txid}, TLS kept, token cached; first includes TLS + OAuth): `
    + `median ${q(req, 0.5)} ms, p90 ${q(req, 0.9)} ms, max ${Math.max(...req)} ms over ${req.length}`);
} finally {
  peer.stop();
  cleanup(dir);
}
