// TLS: the kiosk talks to the billing server only when its certificate
// chains to the configured CA, is in date and names the host. A
// self-signed, expired or wrong-host certificate is refused before any
// request is sent, the round says why, and the outbox keeps everything.
// Credentials: a bearer token from a file, and OAuth2 client credentials.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  scratch, startPeer, startTerminal, writeConfig, syncOnce, tool, query, cleanup, PEER_DIR, kiosk,
} from './harness.mjs';

let dir;
let certs;
// The test's own look at the server's counters skips verification; the
// kiosk's requests never do.
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';

before(() => {
  dir = scratch('tls');
  certs = join(dir, 'certs');
  const r = spawnSync('bash', [join(PEER_DIR, 'make-certs.sh'), certs], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
});
after(() => cleanup(dir));

async function tlsPeer(name) {
  return startPeer(dir, { extra: ['--tls-cert', join(certs, `${name}.crt`), '--tls-key', join(certs, `${name}.key`)] });
}

test('a certificate from the configured CA for this host is accepted', async () => {
  const peer = await tlsPeer('good');
  try {
    const config = writeConfig(dir, peer.url, `ca_file = ${join(certs, 'ca.crt')}`);
    const r = syncOnce(config);
    assert.equal(r.status, 0, r.out + r.err);
    assert.ok(Number(query(join(dir, 'kiosk.db'), 'SELECT count(*) FROM patients')) > 0);
  } finally {
    peer.stop();
  }
});

for (const [name, why] of [
  ['selfsigned', /certificate was refused .*(self.signed|unable to get local issuer)/i],
  ['expired', /certificate was refused .*expired/i],
  ['wronghost', /certificate was refused .*(subject name|does not match|127\.0\.0\.1)/i],
]) {
  test(`a ${name} certificate is refused and nothing is sent`, async () => {
    const peer = await tlsPeer(name);
    const d = scratch(`tls-${name}`);
    try {
      const config = writeConfig(d, peer.url, `ca_file = ${join(certs, 'ca.crt')}`);
      // Something to send: it must stay in the outbox.
      tool(join(d, 'kiosk.db'), 'help', '1');
      const r = syncOnce(config);
      assert.equal(r.status, 1, r.out);
      assert.match(r.out, why);
      assert.equal(query(join(d, 'kiosk.db'), 'SELECT count(*) FROM outbox WHERE state = 0'), '1');
      const stats = await peer.get('/_peer/stats');
      assert.equal(stats.requests, 0, 'the server saw no request');
      assert.match(kiosk(['status', '--config', config]).out, /certificate was refused/);
    } finally {
      peer.stop();
      cleanup(d);
    }
  });
}

test('plain http to another host is refused by the configuration', () => {
  const config = writeConfig(dir, 'http://billing.example.org/fhir');
  const r = syncOnce(config);
  assert.equal(r.status, 2);
  assert.match(r.err, /must start with https:\/\//);
});

test('bearer token from a file; a wrong token is refused with 401 and nothing is parked', async () => {
  const peer = await startPeer(dir, { extra: ['--token', 's3cret-token'] });
  const d = scratch('token');
  try {
    const tokenFile = join(d, 'token');
    writeFileSync(tokenFile, 'wrong\n');
    const config = writeConfig(d, peer.url, `token_file = ${tokenFile}`);
    tool(join(d, 'kiosk.db'), 'help', '1');
    let r = syncOnce(config);
    assert.equal(r.status, 1);
    assert.match(r.out, /answered 401/);
    assert.equal(query(join(d, 'kiosk.db'), 'SELECT count(*) FROM outbox WHERE state = 2'), '0');
    // The token is read again at each round: the fixed file is picked up.
    writeFileSync(tokenFile, 's3cret-token\n');
    r = syncOnce(config);
    assert.equal(r.status, 0, r.out);
    assert.equal(query(join(d, 'kiosk.db'), 'SELECT count(*) FROM outbox WHERE state = 1'), '1');
  } finally {
    peer.stop();
    cleanup(d);
  }
});

test('OAuth2 client credentials, with a token that expires between rounds', async () => {
  const peer = await startPeer(dir, { extra: ['--oauth', 'kiosk-1:client-secret', '--token-ttl', '1'] });
  const d = scratch('oauth');
  try {
    const secret = join(d, 'secret');
    writeFileSync(secret, 'client-secret\n');
    const base = peer.url.replace(/\/fhir$/, '');
    const config = writeConfig(d, peer.url, `token_file = ${secret}\noauth_token_url = ${base}/oauth2/token\nclient_id = kiosk-1`);
    let r = syncOnce(config);
    assert.equal(r.status, 0, r.out);
    await new Promise((res) => setTimeout(res, 1500));
    r = syncOnce(config);
    assert.equal(r.status, 0, r.out);
    writeFileSync(secret, 'not-the-secret\n');
    r = syncOnce(config);
    assert.equal(r.status, 1);
    assert.match(r.out, /token endpoint answered 401/);
  } finally {
    peer.stop();
    cleanup(d);
  }
});

// Card payments go to the payment terminal (tests/peer/terminal.mjs): its
// certificate must chain to the configured root. A self-signed one (the
// right address, the wrong issuer) gets no payment request at all.
test('card payments: a self-signed payment terminal is refused, nothing is sent', async () => {
  const term = await startTerminal(dir, { cert: 'selfsigned' });
  const d = scratch('tls-pay');
  try {
    const config = join(d, 'kiosk.ini');
    writeFileSync(config, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\ntimeout_s = 3\n`
      + `connect_timeout_s = 2\n${term.ini()}`);
    const journey = new URL('journeys/pay-unreachable.journey', import.meta.url).pathname;
    const r = kiosk(['--headless', '--demo', '--db', join(d, 'kiosk.db'), '--config', config,
      '--now', '2026-03-10T10:00', '--play', journey, '--shots', join(d, 'shots')]);
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.err, /terminal not reached/);
    assert.equal((await term.payments()).length, 0);
    assert.equal(query(join(d, 'kiosk.db'), 'SELECT group_concat(state) FROM payments'), '3');
  } finally {
    term.stop();
    cleanup(d);
  }
});
