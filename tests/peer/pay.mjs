// The test payment endpoint beside the FHIR server: what a card processor
// answers, so the kiosk's payments can be tested and demonstrated without a
// real card network. It deduplicates by the kiosk's idempotency key (the
// same key never charges twice) and keeps every charge for tests to count.
//
//   POST /pay/authorizations   {"idempotency_key", "amount_minor", "currency",
//                               "reference", "card": {"number", "exp_month", "exp_year"}}
//     200 {"idempotency_key", "status": "approved", "auth_code", "amount_minor", "currency", "last4"}
//     200 {"idempotency_key", "status": "declined", "decline_reason"}
//     409 the key was used with another amount; 400 a malformed request
//   GET  /pay/authorizations/KEY   the same answer again, or 404 {"status": "unknown"}
//   GET  /_peer/charges            {"count", "charges": [...]} (never the card number)
//   POST /_peer/pay                {"down": true|false, "delay_ms": N, "fail_lookups": N,
//                                   "fail_status": S}: processor trouble (the next N asks by
//                                  key answer S, 503 unless said)
//
// Test cards (any expiry in the future):
//   4111111111111111, 5555555555554444, 378282246310005  approved
//   4000000000000002  declined, do_not_honor
//   4000000000009995  declined, insufficient_funds
//   4000000000000119  approved, but the answer comes only after delay_ms
//                     (default 20 s): the kiosk times out and asks again by key
//   any other Luhn-valid number: approved; not Luhn-valid: declined, invalid_card

const charges = new Map(); // key -> record (kept in memory for the server's life)
const state = { down: false, delayMs: 20000, failLookups: 0, failStatus: 503 };
let nextAuth = 104729;

const SLOW = '4000000000000119';
const DECLINES = { '4000000000000002': 'do_not_honor', '4000000000009995': 'insufficient_funds' };

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function publicView(c) {
  const { number: _n, ...rest } = c;
  return rest;
}

function decide(req) {
  const n = String(req.card?.number || '');
  const now = new Date();
  const expired = Number(req.card?.exp_year) < now.getUTCFullYear()
    || (Number(req.card?.exp_year) === now.getUTCFullYear() && Number(req.card?.exp_month) < now.getUTCMonth() + 1);
  if (!/^\d{12,19}$/.test(n) || !luhn(n)) return { status: 'declined', decline_reason: 'invalid_card' };
  if (expired) return { status: 'declined', decline_reason: 'expired_card' };
  if (DECLINES[n]) return { status: 'declined', decline_reason: DECLINES[n] };
  nextAuth += 7919;
  return { status: 'approved', auth_code: `A${String(nextAuth % 1000000).padStart(6, '0')}` };
}

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

// Returns true when it answered the request.
export async function handlePay(req, url, body, reply) {
  if (url.pathname === '/_peer/charges' && req.method === 'GET') {
    const list = [...charges.values()].map(publicView);
    return reply(200, { count: list.filter((c) => c.status === 'approved').length, charges: list }), true;
  }
  if (url.pathname === '/_peer/pay' && req.method === 'POST') {
    const o = JSON.parse(body.toString('utf8') || '{}');
    if (o.down !== undefined) state.down = !!o.down;
    if (o.delay_ms !== undefined) state.delayMs = Number(o.delay_ms);
    if (o.fail_lookups !== undefined) state.failLookups = Number(o.fail_lookups);
    if (o.fail_status !== undefined) state.failStatus = Number(o.fail_status);
    return reply(200, state), true;
  }
  if (!url.pathname.startsWith('/pay/')) return false;
  const json = { 'Content-Type': 'application/json' };
  if (state.down) return reply(503, { error: 'processor unavailable' }, json), true;
  const m = /^\/pay\/authorizations\/([^/]+)$/.exec(url.pathname);
  if (m && req.method === 'GET') {
    if (state.failLookups > 0) {
      state.failLookups -= 1;
      return reply(state.failStatus, { error: 'cannot answer now' }, json), true;
    }
    const c = charges.get(decodeURIComponent(m[1]));
    return (c ? reply(200, publicView(c), json) : reply(404, { status: 'unknown' }, json)), true;
  }
  if (url.pathname !== '/pay/authorizations' || req.method !== 'POST') {
    return reply(404, { error: 'no such endpoint' }, json), true;
  }
  let r;
  try {
    r = JSON.parse(body.toString('utf8'));
  } catch {
    return reply(400, { error: 'body is not JSON' }, json), true;
  }
  const key = r?.idempotency_key;
  if (typeof key !== 'string' || !/^[0-9a-f-]{36}$/.test(key) || !Number.isInteger(r.amount_minor)
      || r.amount_minor <= 0 || !/^[A-Z]{3}$/.test(r.currency || '') || typeof r.card?.number !== 'string') {
    return reply(400, { error: 'need idempotency_key, amount_minor > 0, currency and card.number' }, json), true;
  }
  const seen = charges.get(key);
  if (seen) {
    if (seen.amount_minor !== r.amount_minor) return reply(409, { error: 'key used for another amount' }, json), true;
    seen.replays += 1;
    return reply(200, publicView(seen), json), true;
  }
  const number = r.card.number;
  const rec = {
    idempotency_key: key, amount_minor: r.amount_minor, currency: r.currency,
    reference: String(r.reference || ''), last4: number.slice(-4), replays: 0, ...decide(r),
  };
  charges.set(key, rec); // recorded before the answer: a lost answer is asked for by key
  if (number === SLOW) await sleep(state.delayMs);
  return reply(200, publicView(rec), json), true;
}
