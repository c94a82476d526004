// A payment terminal simulator for carekiosk's tests: nexo Sale-to-POI as
// Adyen's Terminal API speaks it on the local network (POST /nexo over
// HTTPS, messages encrypted with the shared passphrase). The encryption is
// the @adyen/api-library's own NexoCrypto: an implementation independent of
// the kiosk's.
//
//   node terminal.mjs --port-file F --cert C --key K [--passphrase P]
//        [--key-id ID] [--key-version N] [--poiid V400m-123456789]
//
// F gets {"nexo": port, "control": port}. The control port (plain HTTP,
// loopback) sets what the next card does and reads what happened:
//   POST /card {"card": "approve"|"decline"|"funds"|"pin"|"wait"|"timeout"|"lose",
//               "delay_ms", "pin_ms", "hold_ms", "queue": [{card...}, ...]}
//        (the queue's cards are used first, one a payment, then "card")
//   GET  /log  -> {"payments": [{idempotency_key (the kiosk's TransactionID),
//                  service_id, amount, currency, status, auth_code, last4, replays}],
//                  "aborts": n, "statuses": n, "bodies": [decrypted requests],
//                  "errors": [...]}
//   POST /reset
// "wait" holds the payment until an AbortRequest (or POST /present).
// "timeout" holds it for hold_ms and approves then (the kiosk gives up
// first). "lose" approves and drops the connection without an answer.
// Hostile answers (the payment is approved, the kiosk must not take the
// answer): "garbled" (not JSON), "badmac" (an HMAC that does not match),
// "otherheader" (the clear header differs from the encrypted one); "leaky"
// approves with a whole card number in MaskedPan and a receipt line, which
// the kiosk must drop. Otherwise the terminal never sends a card number:
// masked PANs only, and /log's "answers" (every plaintext sent) shows it.
import https from 'node:https';
import http from 'node:http';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { NexoCrypto } = require('@adyen/api-library');
// The library derives the keys (PBKDF2, 4000 rounds) for every message;
// the same passphrase gives the same keys, so they are kept once made (its
// own derivation, remembered: 1,000 payments take seconds, not minutes).
const KeyGen = require('@adyen/api-library/lib/src/security/nexoDerivedKeyGenerator').default;
const derive = KeyGen.deriveKeyMaterial.bind(KeyGen);
const derived = new Map();
KeyGen.deriveKeyMaterial = (pass) => {
  if (!derived.has(pass)) derived.set(pass, derive(pass));
  return derived.get(pass);
};

function arg(name, dflt) {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : dflt;
}

const key = {
  Passphrase: arg('passphrase', 'carekiosk-test-passphrase'),
  KeyIdentifier: arg('key-id', 'CAREKIOSK_TEST'),
  KeyVersion: Number(arg('key-version', '1')),
  AdyenCryptoVersion: 1,
};
const POIID = arg('poiid', 'V400m-123456789');
const crypto = new NexoCrypto();

let next = { card: 'approve' };
let queue = [];
let payments = [];
let aborts = 0;
let statuses = 0;
let bodies = [];
let errors = [];
const pending = new Map(); // ServiceID -> { finish(outcome) }

const CARDS = {
  approve: { brand: 'Visa', masked: '411111******1111' },
  pin: { brand: 'Mastercard', masked: '555555******4444' },
  timeout: { brand: 'Visa', masked: '411111******1111' },
  lose: { brand: 'Visa', masked: '411111******1111' },
  wait: { brand: 'Visa', masked: '411111******1111' },
  decline: { brand: 'Visa', masked: '400000******0002' },
  garbled: { brand: 'Visa', masked: '411111******1111' },
  badmac: { brand: 'Visa', masked: '411111******1111' },
  otherheader: { brand: 'Visa', masked: '411111******1111' },
  leaky: { brand: 'Visa', masked: '4111111111111111' },
  funds: { brand: 'Mastercard', masked: '520000******0007' },
};

function receiptLines(p) {
  const amount = `${p.currency} ${p.amount.toFixed(2)}`;
  const t = (name, value) => ({ Text: `key=x&name=${encodeURIComponent(name)}${value ? `&value=${encodeURIComponent(value)}` : ''}` });
  return [
    { Text: 'key=header1&name=Carekiosk%20test%20terminal' },
    t('Card', p.masked.slice(-8)),
    t('Card type', p.brand.toLowerCase()),
    t('AID', 'A0000000031010'),
    t('Tx ref', p.psp),
    t('Total', amount),
    t(p.status === 'approved' ? 'APPROVED' : 'DECLINED'),
    t('Please retain for your records'),
  ];
}

function paymentResponse(p) {
  const ok = p.status === 'approved';
  const response = ok ? { Result: 'Success' } : {
    Result: 'Failure',
    ErrorCondition: p.condition,
    AdditionalResponse: p.funds ? 'refusalReason=Not%20enough%20balance&message=Declined' : 'refusalReason=Refused',
  };
  const body = {
    Response: response,
    SaleData: { SaleTransactionID: { TransactionID: p.txid, TimeStamp: p.timestamp } },
    POIData: { POITransactionID: { TransactionID: p.psp, TimeStamp: new Date().toISOString() } },
  };
  if (p.status === 'approved' || p.status === 'declined') {
    body.PaymentResult = {
      PaymentInstrumentData: { PaymentInstrumentType: 'Card', CardData: { PaymentBrand: p.brand, MaskedPan: p.masked, EntryMode: ['ICC'] } },
      AmountsResp: { Currency: p.currency, AuthorizedAmount: ok ? p.amount : 0 },
      PaymentAcquirerData: ok ? { ApprovalCode: p.approval, AcquirerPOIID: POIID } : { AcquirerPOIID: POIID },
    };
    const lines = receiptLines(p);
    if (p.card === 'leaky') lines.push({ Text: 'key=x&name=Card%20number&value=4111%201111%201111%201111' });
    body.PaymentReceipt = [{ DocumentQualifier: 'CustomerReceipt', OutputContent: { OutputFormat: 'Text', OutputText: lines } },
      { DocumentQualifier: 'CashierReceipt', OutputContent: { OutputFormat: 'Text', OutputText: [{ Text: 'key=x&name=Merchant%20copy' }] } }];
  }
  return body;
}

let answers = [];
function seal(header, bodyName, body, how = '') {
  const h = { ...header, MessageType: 'Response' };
  const inner = { SaleToPOIResponse: { MessageHeader: h, [bodyName]: body } };
  const plain = JSON.stringify(inner);
  answers.push(plain);
  const clear = how === 'otherheader' ? { ...h, ServiceID: '9999999999' } : h;
  const msg = NexoCrypto.encrypt(clear, plain, key);
  if (how === 'badmac') msg.SecurityTrailer.Hmac = Buffer.alloc(32, 7).toString('base64');
  return { SaleToPOIResponse: msg };
}

// The kiosk never sends a card number: any 13-19 digit Luhn-valid run in
// what it sends is recorded as an error.
function luhn(d) {
  let s = 0;
  for (let i = 0; i < d.length; i++) {
    let v = d.charCodeAt(d.length - 1 - i) - 48;
    if (i % 2) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    s += v;
  }
  return s % 10 === 0;
}
function cardNumbers(text) {
  const hits = [];
  for (const m of text.matchAll(/\d{13,}/g)) {
    for (let len = 13; len <= Math.min(19, m[0].length); len++) {
      for (let i = 0; i + len <= m[0].length; i++) {
        const run = m[0].slice(i, i + len);
        if (luhn(run) && /^(4|5[1-5]|3[47]|2[2-7]|6)/.test(run)) hits.push(run);
      }
    }
  }
  return hits;
}

function decrypt(raw) {
  const msg = JSON.parse(raw).SaleToPOIRequest;
  const plain = crypto.decrypt(msg, key);
  const inner = JSON.parse(plain).SaleToPOIRequest;
  if (JSON.stringify(inner.MessageHeader) !== JSON.stringify(msg.MessageHeader)) {
    throw new Error('clear header differs from the encrypted one');
  }
  if (inner.MessageHeader.POIID !== POIID) throw new Error(`wrong POIID ${inner.MessageHeader.POIID}`);
  return { inner, plain };
}

const sleep = (ms) => new Promise((r) => { setTimeout(r, ms); });

function approval() {
  return String(100000 + Math.floor(Math.random() * 900000));
}

async function onPayment(req, res, inner) {
  const h = inner.MessageHeader;
  const pr = inner.PaymentRequest;
  const txid = pr?.SaleData?.SaleTransactionID?.TransactionID;
  const amounts = pr?.PaymentTransaction?.AmountsReq;
  const spec = queue.length ? queue.shift() : next;
  const card = spec.card || 'approve';
  const seen = payments.find((p) => p.txid === txid);
  if (seen) {
    // nexo: a second request with the same reference is a second payment.
    // The kiosk must never send one: counted, and refused here.
    seen.replays += 1;
    res.end(JSON.stringify(seal(h, 'PaymentResponse', paymentResponse({ ...seen, status: 'failed', condition: 'NotAllowed' }))));
    return;
  }
  const c = CARDS[card] || CARDS.approve;
  const p = {
    txid, service_id: h.ServiceID, amount: amounts?.RequestedAmount, currency: amounts?.Currency,
    timestamp: pr?.SaleData?.SaleTransactionID?.TimeStamp, card, brand: c.brand, masked: c.masked,
    status: 'in_progress', replays: 0, psp: `PSP${payments.length + 1}`, approval: approval(), funds: card === 'funds',
  };
  p.received_at = performance.timeOrigin + performance.now(); // the terminal's prompt shows now
  payments.push(p);
  const answer = () => {
    if (res.writableEnded || res.destroyed) return;
    if (card === 'garbled') { res.end('{"SaleToPOIResponse": {"MessageHeader": [1, 2, '); return; }
    res.end(JSON.stringify(seal(h, 'PaymentResponse', paymentResponse(p), card)));
  };
  if (spec.delay_ms) await sleep(spec.delay_ms);
  if (card === 'off') { req.socket.destroy(); return; }
  if (card === 'decline' || card === 'funds') {
    p.status = 'declined';
    p.condition = 'Refusal';
    answer();
    return;
  }
  if (card === 'wait' || card === 'timeout') {
    const hold = card === 'timeout' ? Number(spec.hold_ms || 4000) : 0;
    await new Promise((resolve) => {
      pending.set(h.ServiceID, { finish: (outcome) => { resolve(outcome); } });
      if (hold) setTimeout(() => pending.get(h.ServiceID)?.finish('approved'), hold);
    }).then((outcome) => {
      pending.delete(h.ServiceID);
      if (outcome === 'cancelled') {
        p.status = 'cancelled';
        p.condition = 'Cancel';
      } else {
        p.status = 'approved';
      }
    });
    answer();
    return;
  }
  if (card === 'pin') await sleep(Number(spec.pin_ms || 1500));
  p.status = 'approved';
  if (card === 'lose') { req.socket.destroy(); return; }
  answer();
}

function onAbort(res, inner) {
  aborts += 1;
  const ref = inner.AbortRequest?.MessageReference;
  pending.get(ref?.ServiceID)?.finish('cancelled');
  // Adyen answers an AbortRequest with an empty 200.
  res.end();
}

function onStatus(res, inner) {
  statuses += 1;
  const h = inner.MessageHeader;
  const ref = inner.TransactionStatusRequest?.MessageReference;
  const p = payments.find((x) => x.service_id === ref?.ServiceID);
  let body;
  if (!p) {
    body = { Response: { Result: 'Failure', ErrorCondition: 'NotFound' } };
  } else if (p.status === 'in_progress') {
    body = { Response: { Result: 'Failure', ErrorCondition: 'InProgress' } };
  } else {
    body = {
      Response: { Result: 'Success' },
      RepeatedMessageResponse: {
        MessageHeader: { ...h, MessageCategory: 'Payment', ServiceID: p.service_id, MessageType: 'Response' },
        RepeatedResponseMessageBody: { PaymentResponse: paymentResponse(p) },
      },
    };
  }
  res.end(JSON.stringify(seal(h, 'TransactionStatusResponse', body)));
}

function readBody(req) {
  return new Promise((resolve) => {
    let b = '';
    req.on('data', (c) => { b += c; });
    req.on('end', () => resolve(b));
  });
}

const nexo = https.createServer({ cert: readFileSync(arg('cert')), key: readFileSync(arg('key')) }, async (req, res) => {
  const raw = await readBody(req);
  if (req.method !== 'POST' || !req.url.startsWith('/nexo')) { res.statusCode = 404; res.end(); return; }
  let inner;
  try {
    const d = decrypt(raw);
    inner = d.inner;
    bodies.push(d.plain);
    for (const hit of [...cardNumbers(raw), ...cardNumbers(d.plain)]) errors.push(`card number sent: ${hit.length} digits`);
  } catch (e) {
    errors.push(String(e.message || e));
    res.statusCode = 400;
    res.end();
    return;
  }
  res.setHeader('Content-Type', 'application/json');
  const cat = inner.MessageHeader?.MessageCategory;
  if (cat === 'Payment') await onPayment(req, res, inner);
  else if (cat === 'Abort') onAbort(res, inner);
  else if (cat === 'TransactionStatus') onStatus(res, inner);
  else { res.statusCode = 400; res.end(); }
});

const control = http.createServer(async (req, res) => {
  const raw = await readBody(req);
  res.setHeader('Content-Type', 'application/json');
  // No keep-alive: a test blocked in spawnSync must not find a closed socket.
  res.setHeader('Connection', 'close');
  if (req.method === 'POST' && req.url === '/card') {
    const body = JSON.parse(raw || '{}');
    queue = body.queue || [];
    next = body.card ? body : { ...body, card: 'approve' };
  } else if (req.method === 'POST' && req.url === '/present') {
    for (const [, w] of pending) w.finish('approved');
  } else if (req.method === 'POST' && req.url === '/reset') {
    next = { card: 'approve' };
    queue = [];
    payments = [];
    aborts = 0;
    statuses = 0;
    bodies = [];
    answers = [];
    errors = [];
  } else if (req.url === '/log') {
    const shown = payments.map((p) => ({
      idempotency_key: p.txid, service_id: p.service_id, amount: p.amount, currency: p.currency,
      card: p.card, status: p.status, auth_code: p.status === 'approved' ? p.approval : null,
      last4: p.masked.slice(-4), replays: p.replays, received_at: p.received_at,
    }));
    res.end(JSON.stringify({ payments: shown, aborts, statuses, bodies, answers, errors }));
    return;
  }
  res.end('{}');
});

nexo.listen(0, '127.0.0.1', () => {
  control.listen(0, '127.0.0.1', () => {
    writeFileSync(arg('port-file'), JSON.stringify({ nexo: nexo.address().port, control: control.address().port }));
  });
});
process.on('SIGTERM', () => process.exit(0));
