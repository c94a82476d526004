// Shared pieces of the sync tests: start the FHIR peer and the fault proxy
// on loopback, write a kiosk.ini, run carekiosk and the sync test tool.
// The programs come from the environment (set by ctest):
//   CAREKIOSK    the carekiosk executable
//   SYNC_TOOL    tests/sync/sync_tool
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const PEER_DIR = join(here, '..', 'peer');
export const CAREKIOSK = process.env.CAREKIOSK;
export const SYNC_TOOL = process.env.SYNC_TOOL;

export function scratch(name) {
  return mkdtempSync(join(tmpdir(), `carekiosk-${name}-`));
}

export function today() {
  // Tests run with TZ=UTC, as the kiosk process does here.
  return new Date().toISOString().slice(0, 10);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitForPort(file, child, what) {
  for (let i = 0; i < 200; i++) {
    if (existsSync(file)) return Number(readFileSync(file, 'utf8'));
    if (child.exitCode !== null) throw new Error(`${what} exited early`);
    await sleep(50);
  }
  throw new Error(`${what} did not start`);
}

// The peer on a free loopback port, seeded for date (appointments that day).
// forms: the seed also holds the four forms and the Tasks assigning them.
export async function startPeer(dir, { seed = true, date = today(), patients = 12, extra = [], forms = false } = {}) {
  const portFile = join(dir, `peer-${Date.now()}-${Math.random().toString(36).slice(2)}.port`);
  const args = [join(PEER_DIR, 'server.mjs'), '--port-file', portFile, ...extra];
  if (seed) {
    const seedFile = join(dir, `seed-${date}-${patients}${forms ? '-forms' : ''}.json`);
    if (!existsSync(seedFile)) {
      const r = spawnSync('node', [join(PEER_DIR, 'seed.mjs'), '--out', seedFile, '--date', date,
        '--patients', String(patients), ...(forms ? ['--forms'] : [])]);
      if (r.status !== 0) throw new Error(`seed failed: ${r.stderr}`);
    }
    args.push('--seed', seedFile);
  }
  const child = spawn('node', args, { stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await waitForPort(portFile, child, 'peer');
  const scheme = extra.includes('--tls-cert') ? 'https' : 'http';
  const base = `${scheme}://127.0.0.1:${port}`;
  return {
    port,
    url: `${base}/fhir`,
    async get(path) {
      const r = await fetch(`${base}${path}`);
      return r.json();
    },
    async post(path, body, headers = {}) {
      const r = await fetch(`${base}${path}`, {
        method: 'POST', body: JSON.stringify(body), headers: { 'Content-Type': 'application/fhir+json', ...headers },
      });
      return { status: r.status, body: await r.json() };
    },
    async put(path, body, headers = {}) {
      const r = await fetch(`${base}${path}`, {
        method: 'PUT', body: JSON.stringify(body), headers: { 'Content-Type': 'application/fhir+json', ...headers },
      });
      return { status: r.status, body: await r.json() };
    },
    async del(path) {
      const r = await fetch(`${base}${path}`, { method: 'DELETE' });
      return r.status;
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

export async function startProxy(dir, target) {
  const portFile = join(dir, `proxy-${Date.now()}.port`);
  const child = spawn('node', [join(PEER_DIR, 'faultproxy.mjs'), '--target', target, '--port-file', portFile],
    { stdio: ['ignore', 'ignore', 'inherit'] });
  const port = await waitForPort(portFile, child, 'proxy');
  const base = `http://127.0.0.1:${port}`;
  return {
    url: `${base}/fhir`,
    async set(fault) {
      await fetch(`${base}/_proxy/faults`, { method: 'POST', body: JSON.stringify(fault) });
    },
    async log() {
      return (await fetch(`${base}/_proxy/log`)).json();
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}

// A kiosk.ini for url; extra is more "key = value" lines for [server].
export function writeConfig(dir, url, extra = '') {
  const file = join(dir, 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(dir, 'kiosk.db')}\n\n[server]\nurl = ${url}\n`
    + 'timeout_s = 5\nconnect_timeout_s = 2\n'
    + `${extra}\n`);
  return file;
}

export function kiosk(args, opts = {}) {
  const r = spawnSync(CAREKIOSK, args, { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' }, ...opts });
  return { status: r.status, out: r.stdout || '', err: r.stderr || '', signal: r.signal };
}

export function syncOnce(config) {
  return kiosk(['sync', '--once', '--config', config]);
}

export function tool(db, ...args) {
  const r = spawnSync(SYNC_TOOL, [db, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`sync_tool ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

export function query(db, sql) {
  return tool(db, 'query', sql);
}

// Every resource of type on the server (one search; the fixtures are small).
export async function all(peer, type, params = '') {
  const b = await peer.get(`/fhir/${type}?_count=1000${params}`);
  return (b.entry || []).map((e) => e.resource);
}

// How many versions of an appointment say "arrived": the seed wrote it
// booked, so each is one check-in written (a repeated PUT would add one).
export async function arrivals(peer, id) {
  const h = await peer.get(`/fhir/Appointment/${id}/_history?_count=100`);
  return (h.entry || []).filter((e) => e.resource?.status === 'arrived').length;
}

export async function noValidationFailures(peer) {
  const v = await peer.get('/_peer/validation');
  return v;
}

export function cleanup(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// The payment terminal simulator (tests/peer/terminal.mjs) on loopback
// HTTPS, with test certificates made once in dir/certs. ini() is the
// kiosk.ini [payment] section that pays through it.
export async function startTerminal(dir, { cert = 'terminal', passphrase = 'carekiosk-test-passphrase', timeout = 10 } = {}) {
  const certs = join(dir, 'certs');
  if (!existsSync(join(certs, 'terminal.crt'))) {
    const r = spawnSync('bash', [join(PEER_DIR, 'make-certs.sh'), certs]);
    if (r.status !== 0) throw new Error(`make-certs failed: ${r.stderr}`);
  }
  const pass = join(certs, 'passphrase');
  writeFileSync(pass, 'carekiosk-test-passphrase\n');
  const portFile = join(dir, `terminal-${Date.now()}-${Math.random().toString(36).slice(2)}.port`);
  const child = spawn('node', [join(PEER_DIR, 'terminal.mjs'), '--port-file', portFile,
    '--cert', join(certs, `${cert}.crt`), '--key', join(certs, `${cert}.key`), '--passphrase', passphrase],
  { stdio: ['ignore', 'ignore', 'inherit'] });
  for (let i = 0; i < 200 && !existsSync(portFile); i++) {
    if (child.exitCode !== null) throw new Error('terminal simulator exited early');
    await sleep(50);
  }
  await sleep(50);
  const ports = JSON.parse(readFileSync(portFile, 'utf8'));
  const control = `http://127.0.0.1:${ports.control}`;
  const post = async (path, body = {}) => {
    await fetch(`${control}${path}`, { method: 'POST', body: JSON.stringify(body) });
  };
  return {
    ports,
    certs,
    url: `https://127.0.0.1:${ports.nexo}/nexo`,
    ini(url = `https://127.0.0.1:${ports.nexo}/nexo`, extra = '') {
      return `\n[payment]\nterminal = adyen-nexo\nterminal_url = ${url}\nterminal_poiid = V400m-123456789\n`
        + `terminal_key_id = CAREKIOSK_TEST\nterminal_key_version = 1\nterminal_passphrase_file = ${pass}\n`
        + `terminal_ca_file = ${join(certs, 'ca.crt')}\nterminal_timeout_s = ${timeout}\n${extra}`;
    },
    card: (spec) => post('/card', typeof spec === 'string' ? { card: spec } : spec),
    present: () => post('/present'),
    reset: () => post('/reset'),
    async log() {
      return (await fetch(`${control}/log`)).json();
    },
    async payments() {
      return (await (await fetch(`${control}/log`)).json()).payments;
    },
    stop() {
      child.kill('SIGTERM');
    },
  };
}
