// The test payment service for QR payments beside the FHIR server: what a
// hospital's Pix PSP (the Banco Central's API Pix, bacen/pix-api openapi
// 2.x, `cob` endpoints) and a UPI acquirer answer, on loopback, behind the
// server's OAuth2 client credentials and TLS (--oauth, --tls-cert).
//
// Pix (API Pix, immediate charges):
//   PUT   /pix/v2/cob/{txid}   {calendario: {expiracao}, valor: {original}, chave, solicitacaoPagador}
//     201 the cob: {calendario: {criacao, expiracao}, txid, revisao, loc: {id, location, tipoCob},
//                   location, status: "ATIVA", valor, chave, pixCopiaECola}
//     400 txid not [a-zA-Z0-9]{26,35} or a malformed body; 409 the txid exists
//   GET   /pix/v2/cob/{txid}   the cob (404 unknown). Past calendario.expiracao an unpaid cob
//                              becomes REMOVIDA_PELO_PSP (this PSP's rule: it cannot be paid)
//   PATCH /pix/v2/cob/{txid}   {status: "REMOVIDA_PELO_USUARIO_RECEBEDOR"}: removal (not once paid)
//   GET   /pix/qr/v2/{id}      the payload URL of field 26/25 (a real PSP answers a JWS; here JSON)
// UPI (the kiosk's contract with its acquirer; NPCI defines no status API):
//   PUT   /upi/v1/charges/{tr}  {amount: "1500.50", currency: "INR", expiry_s, pa, note}
//     201 {tr, status: "ACTIVE", amount, currency, expires_in_s}; the same body again answers
//     the same charge (200); another amount 409
//   GET   /upi/v1/charges/{tr}  {tr, status: ACTIVE|PAID|EXPIRED|CANCELLED, amount, expires_in_s, rrn}
//   POST  /upi/v1/charges/{tr}/cancel
// Test control (no credentials):
//   POST /_peer/qr/pay     {id}     the patient pays (ATIVA -> CONCLUIDA / ACTIVE -> PAID)
//   POST /_peer/qr/expire  {id}     the code runs out now
//   POST /_peer/qr         {down, delay_ms, merchant_name, merchant_city}: service trouble (503 /
//                          answers held back); the payee the PSP's pixCopiaECola names
//   GET  /_peer/qr/charges  {count, charges: [...]} every charge with its state and times
import { randomBytes } from 'node:crypto';
import pixUtils from 'pix-utils';

const cobs = new Map(); // txid -> cob
const upis = new Map(); // tr -> charge
const state = { down: false, delayMs: 0, merchant: { name: 'Hospital Teste', city: 'Sao Paulo' } };
const TXID = /^[a-zA-Z0-9]{26,35}$/;
const json = { 'Content-Type': 'application/json' };
const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

function refresh(c, now = Date.now()) {
  const live = c.kind === 'pix' ? c.status === 'ATIVA' : c.status === 'ACTIVE';
  if (live && now >= c.expiresAt) c.status = c.kind === 'pix' ? 'REMOVIDA_PELO_PSP' : 'EXPIRED';
  return c;
}

function left(c) {
  return Math.max(0, Math.round((c.expiresAt - Date.now()) / 1000));
}

function cobView(c) {
  refresh(c);
  const out = {
    calendario: { criacao: new Date(c.createdAt).toISOString(), expiracao: c.expiracao },
    txid: c.txid,
    revisao: c.revisao,
    loc: { id: c.locId, location: c.location, tipoCob: 'cob' },
    location: c.location,
    status: c.status,
    valor: { original: c.valor },
    chave: c.chave,
  };
  if (c.status === 'ATIVA') {
    // The PSP's own copy-and-paste code, made by pix-utils (an independent builder).
    const pix = pixUtils.createDynamicPix({ merchantName: state.merchant.name, merchantCity: state.merchant.city, url: c.location });
    if (!pixUtils.hasError(pix)) out.pixCopiaECola = pix.toBRCode();
  }
  if (c.status === 'CONCLUIDA') {
    out.pix = [{ endToEndId: c.e2e, txid: c.txid, valor: c.valor, horario: new Date(c.paidAt).toISOString() }];
  }
  return out;
}

function upiView(c) {
  refresh(c);
  const out = { tr: c.tr, status: c.status, amount: c.amount, currency: 'INR', expires_in_s: left(c) };
  if (c.status === 'PAID') out.rrn = c.rrn;
  return out;
}

function parse(body) {
  try {
    return JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return undefined;
  }
}

function control(url, req, body, reply) {
  if (url.pathname === '/_peer/qr/charges' && req.method === 'GET') {
    const list = [...[...cobs.values()].map((c) => ({ kind: 'pix', id: c.txid, status: refresh(c).status, amount: c.valor, created_at: c.createdAt, paid_at: c.paidAt || null })),
      ...[...upis.values()].map((c) => ({ kind: 'upi', id: c.tr, status: refresh(c).status, amount: c.amount, created_at: c.createdAt, paid_at: c.paidAt || null }))];
    list.sort((a, b) => a.created_at - b.created_at || (a.id < b.id ? -1 : 1));
    return reply(200, { count: list.length, charges: list }, json), true;
  }
  const o = parse(body) || {};
  if (url.pathname === '/_peer/qr' && req.method === 'POST') {
    if (o.down !== undefined) state.down = !!o.down;
    if (o.delay_ms !== undefined) state.delayMs = Number(o.delay_ms);
    if (o.merchant_name) state.merchant = { name: o.merchant_name, city: o.merchant_city || state.merchant.city };
    return reply(200, { down: state.down, delay_ms: state.delayMs }, json), true;
  }
  const c = cobs.get(o.id) || upis.get(o.id);
  if (url.pathname === '/_peer/qr/pay' && req.method === 'POST') {
    if (!c) return reply(404, { error: 'no such charge' }, json), true;
    refresh(c);
    if (c.status !== 'ATIVA' && c.status !== 'ACTIVE') return reply(409, { error: `charge is ${c.status}` }, json), true;
    c.status = c.kind === 'pix' ? 'CONCLUIDA' : 'PAID';
    c.paidAt = Date.now();
    c.e2e = `E${randomBytes(15).toString('hex').slice(0, 31)}`;
    c.rrn = String(100000000000 + Math.floor(Math.random() * 899999999999));
    return reply(200, { id: o.id, status: c.status, paid_at: c.paidAt }, json), true;
  }
  if (url.pathname === '/_peer/qr/expire' && req.method === 'POST') {
    if (!c) return reply(404, { error: 'no such charge' }, json), true;
    c.expiresAt = Date.now();
    return reply(200, { id: o.id, status: refresh(c).status }, json), true;
  }
  return false;
}

function pixCob(req, url, body, reply, host) {
  const qr = /^\/pix\/qr\/v2\/([0-9a-f]+)$/.exec(url.pathname);
  if (qr && req.method === 'GET') {
    const c = [...cobs.values()].find((x) => x.locId === qr[1]);
    return (c ? reply(200, { txid: c.txid, status: refresh(c).status, valor: { original: c.valor } }, json)
      : reply(404, { title: 'Location não encontrada' }, json)), true;
  }
  const m = /^\/pix\/v2\/cob\/([^/]+)$/.exec(url.pathname);
  if (!m) return reply(404, { title: 'Não Encontrado' }, json), true;
  const txid = decodeURIComponent(m[1]);
  if (!TXID.test(txid)) return reply(400, { title: 'Cobrança inválida.', violacoes: [{ razao: 'txid inválido', propriedade: 'txid' }] }, json), true;
  const c = cobs.get(txid);
  if (req.method === 'GET') return (c ? reply(200, cobView(c), json) : reply(404, { title: 'Cobrança não encontrada' }, json)), true;
  const b = parse(body);
  if (req.method === 'PUT') {
    if (c) return reply(409, { title: 'txid em uso', detail: 'a cobrança com este txid já existe' }, json), true;
    const exp = Number(b?.calendario?.expiracao ?? 86400);
    if (!b || !/^\d{1,10}\.\d{2}$/.test(b.valor?.original || '') || !b.chave || !Number.isInteger(exp) || exp <= 0) {
      return reply(400, { title: 'Cobrança inválida.' }, json), true;
    }
    const locId = randomBytes(16).toString('hex');
    const now = Date.now();
    const rec = {
      kind: 'pix', txid, revisao: 0, locId, location: `${host}/pix/qr/v2/${locId}`, status: 'ATIVA',
      valor: b.valor.original, chave: b.chave, expiracao: exp, createdAt: now, expiresAt: now + exp * 1000,
    };
    cobs.set(txid, rec);
    return reply(201, cobView(rec), json), true;
  }
  if (req.method === 'PATCH') {
    if (!c) return reply(404, { title: 'Cobrança não encontrada' }, json), true;
    refresh(c);
    if (b?.status !== 'REMOVIDA_PELO_USUARIO_RECEBEDOR' || c.status === 'CONCLUIDA') {
      return reply(400, { title: 'Cobrança em estado que não permite a operação', status: c.status }, json), true;
    }
    if (c.status === 'ATIVA') c.status = 'REMOVIDA_PELO_USUARIO_RECEBEDOR';
    c.revisao += 1;
    return reply(200, cobView(c), json), true;
  }
  return reply(405, { title: 'Método não permitido' }, json), true;
}

function upiCharge(req, url, body, reply) {
  const m = /^\/upi\/v1\/charges\/([^/]+?)(\/cancel)?$/.exec(url.pathname);
  if (!m) return reply(404, { error: 'no such endpoint' }, json), true;
  const tr = decodeURIComponent(m[1]);
  if (!/^[a-zA-Z0-9]{1,35}$/.test(tr)) return reply(400, { error: 'tr must be 1-35 letters or digits' }, json), true;
  const c = upis.get(tr);
  if (m[2]) {
    if (req.method !== 'POST') return reply(405, { error: 'POST' }, json), true;
    if (!c) return reply(404, { error: 'no such charge' }, json), true;
    refresh(c);
    if (c.status === 'PAID') return reply(409, upiView(c), json), true;
    if (c.status === 'ACTIVE') c.status = 'CANCELLED';
    return reply(200, upiView(c), json), true;
  }
  if (req.method === 'GET') return (c ? reply(200, upiView(c), json) : reply(404, { error: 'no such charge' }, json)), true;
  if (req.method !== 'PUT') return reply(405, { error: 'PUT or GET' }, json), true;
  const b = parse(body);
  const exp = Number(b?.expiry_s);
  if (!b || !/^\d{1,10}\.\d{2}$/.test(b.amount || '') || b.currency !== 'INR' || !Number.isInteger(exp) || exp <= 0
      || !/^[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+$/.test(b.pa || '')) {
    return reply(400, { error: 'need amount "N.NN", currency INR, expiry_s > 0 and pa' }, json), true;
  }
  if (c) return (c.amount === b.amount ? reply(200, upiView(c), json) : reply(409, { error: 'tr used for another amount' }, json)), true;
  const now = Date.now();
  const rec = { kind: 'upi', tr, status: 'ACTIVE', amount: b.amount, pa: b.pa, createdAt: now, expiresAt: now + exp * 1000 };
  upis.set(tr, rec);
  return reply(201, upiView(rec), json), true;
}

// Returns true when it answered. authorised(req) is the server's bearer check.
export async function handleQr(req, url, body, reply, authorised) {
  if (url.pathname.startsWith('/_peer/qr')) return control(url, req, body, reply);
  const pix = url.pathname.startsWith('/pix/');
  if (!pix && !url.pathname.startsWith('/upi/')) return false;
  if (!authorised(req)) return reply(401, { error: 'missing or expired bearer token' }, json), true;
  if (state.down) return reply(503, { error: 'service unavailable' }, json), true;
  if (state.delayMs) await sleep(state.delayMs);
  return pix ? pixCob(req, url, body, reply, req.headers.host) : upiCharge(req, url, body, reply);
}
