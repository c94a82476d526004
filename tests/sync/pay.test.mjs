// Card payments end to end: scripted journeys on the kiosk (demo patients,
// real screens) against the payment terminal simulator (tests/peer/
// terminal.mjs: nexo over HTTPS, @adyen/api-library's encryption), then the
// postings sent to the FHIR server. Every journey must charge exactly what
// the patient meant to pay, once; a lost answer and a kill -9 while the
// terminal waits must not change that; and after 1,000 payments no card
// number or track data is to be found in the database file, its WAL, the
// logs, the printed receipts or anything the kiosk sent the terminal.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync, readFileSync, readdirSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  CAREKIOSK, scratch, startPeer, startTerminal, kiosk, syncOnce, query, all, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const CARDS = new URL('../fixtures/cards', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;
const NOW = '2026-03-10T10:00';
const LEAK_PAYMENTS = Number(process.env.PAY_LEAK_PAYMENTS || 1000);

let peer;
let term;
let dir;

before(async () => {
  dir = scratch('pay');
  peer = await startPeer(dir, { seed: false });
  term = await startTerminal(dir, { timeout: 3 });
});
after(() => {
  peer?.stop();
  term?.stop();
  cleanup(dir);
});

// A kiosk.ini: demo patients (no billing server url), cards through the
// terminal at url (the simulator's by default).
function payConfig(d, url = term.url, extra = '', timeout = 3) {
  const file = join(d, 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\n`
    + `timeout_s = 3\nconnect_timeout_s = 2\n`
    + term.ini(url, `${extra}`).replace(/terminal_timeout_s = \d+/, `terminal_timeout_s = ${timeout}`));
  return file;
}

// The same database, now also sending to the FHIR server.
function syncConfig(d) {
  const file = join(d, 'sync.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\nurl = ${peer.url}\n`
    + 'timeout_s = 5\nconnect_timeout_s = 2\n');
  return file;
}

// Demo patients go into the test's own database file (--db), which the
// restarted kiosk and the sync then open through the config.
function playArgs(config, script, shots, demo = true) {
  const db = join(config, '..', 'kiosk.db');
  return ['--headless', ...(demo ? ['--demo', '--db', db] : []), '--config', config, '--now', NOW,
    '--size', '1080x1920', '--assets', ASSETS, '--play', script, '--shots', shots];
}

// Screenshots of the named journeys are kept (SHOTS_DIR/<journey>/, as for
// the demo journeys); the others stay in the scratch folder.
function shotsFor(d, script) {
  const name = script.split('/').pop().replace(/\.journey$/, '');
  return process.env.SHOTS_DIR && script.includes('/sync/journeys/pay-')
    ? join(process.env.SHOTS_DIR, name) : join(d, 'shots');
}

function play(d, config, script, demo = true) {
  return kiosk(playArgs(config, script, shotsFor(d, script), demo), { maxBuffer: 256 * 1024 * 1024 });
}

// The same, without blocking: Node's own timers and sockets keep running
// (a long spawnSync would leave the HTTP client holding closed connections).
function playAsync(d, config, script) {
  return new Promise((resolve) => {
    const child = spawn(CAREKIOSK, playArgs(config, script, join(d, 'shots')),
      { env: { ...process.env, TZ: 'UTC' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (b) => { out += b; });
    child.stderr.on('data', (b) => { err += b; });
    child.on('exit', (status) => resolve({ status, out, err }));
  });
}

async function charges() {
  return term.payments();
}

async function reconciliations() {
  return all(peer, 'PaymentReconciliation');
}

const cases = [
  // journey, what the terminal's cards do, approved charges, declined charges
  ['pay-full', { card: 'approve' }, 1, 0],
  ['pay-partial', { card: 'pin', pin_ms: 800 }, 1, 0],
  ['pay-other-pt', { card: 'approve' }, 1, 0],
  ['pay-declined', { queue: [{ card: 'decline' }], card: 'approve' }, 1, 1],
  ['pay-funds', { card: 'funds' }, 0, 1],
  // The answer is lost (the connection drops after the charge): asked at once.
  ['pay-timeout', { card: 'lose' }, 1, 0],
  ['pay-paper-out', { card: 'approve' }, 1, 0],
  ['pay-double-tap', { card: 'approve' }, 1, 0],
];

for (const [name, cards, approved, declined] of cases) {
  test(`${name}: charged once, recorded and posted once`, async () => {
    const d = scratch(name);
    try {
      await term.card(cards);
      const before_ = await charges();
      const r = play(d, payConfig(d), journey(name));
      assert.equal(r.status, 0, r.out + r.err);
      const mine = (await charges()).slice(before_.length);
      assert.equal(mine.filter((c) => c.status === 'approved').length, approved, JSON.stringify(mine));
      assert.equal(mine.filter((c) => c.status === 'declined').length, declined);
      for (const c of mine) assert.equal(c.replays, 0, 'a key was sent twice');
      const db = join(d, 'kiosk.db');
      assert.equal(Number(query(db, 'SELECT count(*) FROM payments WHERE state = 1')), approved);
      assert.equal(Number(query(db, 'SELECT count(*) FROM payments WHERE state = 0')), 0);
      assert.equal(Number(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'")), approved);
      // The keys the processor saw are the keys in the store.
      for (const c of mine) {
        assert.equal(query(db, `SELECT last4 FROM payments WHERE key = '${c.idempotency_key}'`), c.last4);
      }
      // Posted to the billing server once, even when sent twice.
      const recBefore = (await reconciliations()).length;
      assert.equal(syncOnce(syncConfig(d)).status, 0);
      assert.equal(syncOnce(syncConfig(d)).status, 0);
      const recs = await reconciliations();
      assert.equal(recs.length - recBefore, approved);
      for (const c of mine.filter((x) => x.status === 'approved')) {
        const found = recs.filter((p) => p.identifier?.[0]?.value === `urn:uuid:${c.idempotency_key}`);
        assert.equal(found.length, 1);
        assert.equal(found[0].paymentIdentifier?.value, c.auth_code);
        // Dated when it was approved (it used to be 1970-01-01).
        const done = new Date(Number(query(db, `SELECT done_ms FROM payments WHERE key = '${c.idempotency_key}'`)));
        assert.ok(done.getTime() > Date.UTC(2020, 0, 1), done.toISOString());
        assert.equal(found[0].created, done.toISOString());
        assert.equal(found[0].paymentDate, done.toISOString().slice(0, 10));
      }
      const v = await peer.get('/_peer/validation');
      assert.deepEqual(v.failures, []);
      assert.deepEqual((await term.log()).errors, []);
    } finally {
      cleanup(d);
    }
  });
}

test('a question to billing becomes one Task for billing staff', async () => {
  const d = scratch('question');
  try {
    const script = new URL('../journeys/pay-question.journey', import.meta.url).pathname;
    const r = play(d, payConfig(d), script);
    assert.equal(r.status, 0, r.out + r.err);
    const before_ = (await all(peer, 'Task')).length;
    assert.equal(syncOnce(syncConfig(d)).status, 0);
    assert.equal(syncOnce(syncConfig(d)).status, 0);
    const tasks = (await all(peer, 'Task')).slice(before_);
    assert.equal(tasks.length, 1);
    assert.match(tasks[0].description, /call back about: a payment plan\. Call 5550123456 \(language: en\)/);
    assert.equal(tasks[0].focus?.reference, 'Invoice/demo-ana-1');
    assert.deepEqual((await peer.get('/_peer/validation')).failures, []);
  } finally {
    cleanup(d);
  }
});

// The card journey at the terminal in each language, against the simulator:
// a PIN card (the terminal takes its time), then the receipt. Hindi with
// large text; Spanish on a landscape screen. Screenshots are kept
// (SHOTS_DIR/pay-terminal-<lang>/).
const LANGS = [
  // lang, extra taps, size, "use the terminal", approved title, receipt line
  ['en', '', '1080x1920', 'Insert, tap or swipe your card on the terminal', 'Your payment is approved', 'From the card terminal:'],
  ['pt-BR', 'tap lang.pt-BR\n', '1080x1920', 'Insira, aproxime ou passe seu cartão na maquininha', 'O seu pagamento foi aprovado', 'Da maquininha de cartão:'],
  ['hi', 'tap lang.hi\ntap a11y.large\n', '1080x1920', 'टर्मिनल पर अपना कार्ड डालें, टैप करें या स्वाइप करें', 'आपका भुगतान स्वीकार हो गया', 'कार्ड टर्मिनल से:'],
  ['es', 'tap lang.es\n', '1920x1080', 'Inserte, acerque o deslice su tarjeta en el terminal', 'Su pago ha sido aprobado', 'Del terminal de tarjetas:'],
];

for (const [lang, taps, size, prompt, approved, receiptLine] of LANGS) {
  test(`the terminal journey in ${lang}: prompt, PIN card, approved, the terminal's receipt lines printed`, async () => {
    const d = scratch(`pay-${lang}`);
    try {
      await term.card({ card: 'pin', pin_ms: 600 });
      const script = join(d, `pay-terminal-${lang}.journey`);
      writeFileSync(script, `${taps}tap action.pay\nswipe ${CARDS}/patient-card.track\n`
        + 'type dob "1984-03-02"\ntap next\n' + (taps ? '' : 'tap lang.back\n') + 'expect screen pay.bill\ntap pay\n'
        // The whole $65 typed as another amount: the keypad with the language's decimal key.
        + 'tap amount.other\ntap key.6\ntap key.5\nshot 00-amount\ntap next\nexpect screen pay.confirm\n'
        + `tap confirm\nexpect screen pay.card\nexpect text "${prompt}"\nshot 01-terminal\n`
        // A bank card swiped on the kiosk meanwhile: told to use the terminal.
        + `swipe ${CARDS}/payment-visa.track\nshot 02-bank-card-refused\n`
        + `await pay\nexpect screen pay.receipt\nexpect text "${approved}"\n`
        + 'expect text "555555******4444"\nshot 03-approved\ntap receipt.both\nexpect screen pay.done\n'
        + 'expect printed 1\nshot 04-done\ntap finish\n');
      const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, `pay-terminal-${lang}`) : join(d, 'shots');
      const db = join(d, 'kiosk.db');
      const r = kiosk(['--headless', '--demo', '--db', db, '--config', payConfig(d), '--now', NOW,
        '--size', size, '--assets', ASSETS, '--play', script, '--shots', shots]);
      assert.equal(r.status, 0, r.out + r.err);
      const receipt = readFileSync(join(shots, 'receipt-001.txt'), 'utf8');
      assert.match(receipt, new RegExp(receiptLine));
      assert.match(receipt, /Card: \*\*\*\*4444/);
      assert.match(receipt, /•••• 4444/);
      assert.equal(leaks(Buffer.from(receipt)).length, 0);
      assert.equal(query(db, "SELECT brand || ' ' || last4 || ' ' || state FROM payments"), 'Mastercard 4444 1');
    } finally {
      cleanup(d);
    }
  });
}

// Answers the kiosk must not take as they are: each is "unknown", the
// kiosk asks the terminal for the payment's status at once and settles on
// that (the payment was approved at the terminal). A whole card number in
// an answer is never shown, printed or stored.
for (const card of ['garbled', 'badmac', 'otherheader', 'leaky']) {
  test(`a hostile answer (${card}): a clear outcome, charged once, no card number kept`, async () => {
    const d = scratch(`hostile-${card}`);
    try {
      await term.card(card);
      const before_ = await term.log();
      const r = play(d, payConfig(d), journey('pay-paper-out'));
      await term.card('approve');
      assert.equal(r.status, 0, r.out + r.err);
      const after_ = await term.log();
      const mine = after_.payments.slice(before_.payments.length);
      assert.equal(mine.length, 1);
      assert.equal(mine[0].replays, 0);
      const db = join(d, 'kiosk.db');
      assert.equal(query(db, 'SELECT state FROM payments'), '1');
      assert.equal(query(db, 'SELECT auth_code FROM payments'), mine[0].auth_code);
      if (card === 'leaky') {
        assert.equal(query(db, "SELECT coalesce(last4, 'none') FROM payments"), 'none');
        assert.equal(after_.statuses - before_.statuses, 0);
      } else {
        assert.ok(after_.statuses - before_.statuses >= 1, 'the status was not asked');
        assert.match(r.err, /terminal: (answer is not a secured message|answer failed its HMAC|answer's clear header differs)/);
      }
      const files = [db, `${db}-wal`, ...filesUnder(shotsFor(d, journey('pay-paper-out')))].filter((f) => existsSync(f));
      const hits = files.flatMap((f) => leaks(readFileSync(f))).concat(leaks(Buffer.from(r.out + r.err)));
      assert.deepEqual(hits, []);
    } finally {
      cleanup(d);
    }
  });
}

test('terminal switched off: no card is taken, nothing is charged, other ways shown', async () => {
  const d = scratch('unreachable');
  try {
    const before_ = (await charges()).length;
    const r = play(d, payConfig(d, 'https://127.0.0.1:9/nexo'), journey('pay-unreachable'));
    assert.equal(r.status, 0, r.out + r.err);
    assert.match(r.err, /terminal not reached/);
    assert.equal((await charges()).length, before_);
    const db = join(d, 'kiosk.db');
    assert.equal(query(db, 'SELECT group_concat(state) FROM payments'), '3'); // void
    assert.equal(Number(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'")), 0);
  } finally {
    cleanup(d);
  }
});

test("another terminal's certificate is refused: nothing is sent to it", async () => {
  const d = scratch('other-terminal');
  const other = await startTerminal(dir, { cert: 'terminal-other' });
  try {
    const r = play(d, payConfig(d, other.url), journey('pay-unreachable'));
    assert.equal(r.status, 0, r.out + r.err);
    assert.equal((await other.payments()).length, 0);
    assert.equal(query(join(d, 'kiosk.db'), 'SELECT group_concat(state) FROM payments'), '3');
  } finally {
    other.stop();
    cleanup(d);
  }
});

test('Cancel on the kiosk sends an AbortRequest: cancelled, nothing charged, then paid', async () => {
  const d = scratch('cancel');
  try {
    await term.card({ queue: [{ card: 'wait' }], card: 'approve' });
    const before_ = await term.log();
    const r = play(d, payConfig(d, term.url, '', 20), journey('pay-cancel'));
    assert.equal(r.status, 0, r.out + r.err);
    const after_ = await term.log();
    const mine = after_.payments.slice(before_.payments.length);
    assert.deepEqual(mine.map((p) => p.status), ['cancelled', 'approved']);
    assert.equal(after_.aborts - before_.aborts, 1);
    const db = join(d, 'kiosk.db');
    assert.equal(query(db, 'SELECT group_concat(state || reason) FROM payments WHERE state = 3'), '3cancelled');
    assert.equal(Number(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'")), 1);
  } finally {
    cleanup(d);
  }
});

test('an outcome the terminal cannot give at once is asked for again a minute later', async () => {
  const d = scratch('unsettled');
  try {
    // The patient is still at the terminal when the kiosk's 3 s are up, and
    // the status request says "in progress": unknown, not "never charged".
    await term.card({ card: 'timeout', hold_ms: 3800 });
    const before_ = (await charges()).length;
    const r = play(d, payConfig(d), journey('pay-unsettled'));
    await term.card('approve');
    assert.equal(r.status, 0, r.out + r.err);
    const mine = (await charges()).slice(before_);
    assert.equal(mine.length, 1, 'one payment was sent, the second session took none');
    assert.equal(mine[0].status, 'approved');
    assert.equal(mine[0].replays, 0);
    assert.match(r.err, /unsettled payment: approved, posting it/);
    const db = join(d, 'kiosk.db');
    assert.equal(query(db, 'SELECT group_concat(state) FROM payments'), '1');
    assert.equal(query(db, 'SELECT auth_code FROM payments'), mine[0].auth_code);
    assert.equal(query(db, 'SELECT last4 FROM payments'), '1111');
    assert.equal(Number(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'")), 1);
    // Staff were told while the outcome was unknown.
    assert.match(query(db, "SELECT group_concat(payload) FROM outbox WHERE kind = 'device.alert'"),
      /no confirmed outcome/);
    assert.doesNotMatch(kiosk(['status', '--config', payConfig(d)]).out,
      /waiting for the terminal's answer/);
    const recBefore = (await reconciliations()).length;
    assert.equal(syncOnce(syncConfig(d)).status, 0);
    assert.equal((await reconciliations()).length - recBefore, 1);
  } finally {
    cleanup(d);
  }
});

test('kill -9 while the terminal waits for the card: one charge, asked for at start, posted once', async () => {
  const d = scratch('kill');
  try {
    await term.card({ card: 'wait' });
    const config = payConfig(d, term.url, '', 60);
    const before_ = (await charges()).length;
    const child = spawn(CAREKIOSK, playArgs(config, journey('pay-slow-kill'), join(d, 'shots')),
      { stdio: 'ignore', env: { ...process.env, TZ: 'UTC' } });
    // Wait until the terminal has the payment, then pull the plug.
    let mine = [];
    for (let i = 0; i < 200 && mine.length === 0; i++) {
      await new Promise((r) => { setTimeout(r, 100); });
      mine = (await charges()).slice(before_);
    }
    assert.equal(mine.length, 1, 'the terminal never saw the payment');
    child.kill('SIGKILL');
    await new Promise((r) => { child.on('exit', r); });
    // The patient finishes at the terminal after the kiosk died.
    await term.present();
    await term.card('approve');
    const db = join(d, 'kiosk.db');
    assert.ok(existsSync(`${db}-wal`), 'a kill leaves the WAL');
    const found = [db, `${db}-wal`].flatMap((f) => leaks(readFileSync(f)));
    assert.deepEqual(found, []);
    // The key was on disk before the request; the outcome is not.
    assert.equal(query(db, 'SELECT key FROM payments WHERE state = 0'), mine[0].idempotency_key);
    assert.equal(Number(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'")), 0);
    assert.match(kiosk(['status', '--config', config]).out, /1 waiting for the terminal's answer/);

    // Restart: the kiosk asks the terminal about the reference before anything else.
    const statuses = (await term.log()).statuses;
    const r = play(d, config, journey('welcome'), false);
    assert.equal(r.status, 0, r.out + r.err);
    assert.ok((await term.log()).statuses > statuses, 'no TransactionStatusRequest at start');
    assert.equal(query(db, 'SELECT state FROM payments'), '1');
    const after_ = (await charges()).slice(before_);
    assert.equal(after_.length, 1);
    assert.equal(after_[0].replays, 0);
    assert.equal(query(db, 'SELECT auth_code FROM payments'), after_[0].auth_code);
    assert.equal(Number(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'")), 1);
    const recBefore = (await reconciliations()).length;
    assert.equal(syncOnce(syncConfig(d)).status, 0);
    // A second restart and round change nothing.
    assert.equal(play(d, config, journey('welcome'), false).status, 0);
    assert.equal(syncOnce(syncConfig(d)).status, 0);
    assert.equal((await reconciliations()).length - recBefore, 1);
    assert.equal((await charges()).slice(before_).length, 1);
  } finally {
    cleanup(d);
  }
});

// --- leak scan ---------------------------------------------------------------------

function luhn(digits) {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let v = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
    sum += v;
  }
  return sum % 10 === 0;
}

// Luhn-valid runs of 13-19 digits with a card brand's prefix (also split
// by spaces as on a card, or stored as UTF-16), and track 1 / track 2
// patterns. Patient ID cards (the kiosk's patient_card_prefix, 600100) are
// hospital identifiers the cache must hold: they are not payment cards.
function leaks(buf) {
  const hits = [];
  const texts = [buf.toString('latin1'), buf.toString('utf16le'), buf.subarray(1).toString('utf16le')];
  for (const t of texts) {
    for (const m of t.matchAll(/(?:\d ?){13,}/g)) {
      const digits = m[0].replace(/ /g, '');
      for (let len = 13; len <= Math.min(19, digits.length); len++) {
        for (let i = 0; i + len <= digits.length; i++) {
          const run = digits.slice(i, i + len);
          if (luhn(run) && /^(4|5[1-5]|3[47]|2[2-7]|6)/.test(run) && !run.startsWith('600100')) hits.push(run);
        }
      }
    }
    for (const m of t.matchAll(/%B\d{12,19}\^|;\d{12,19}=\d{4}/g)) hits.push(m[0]);
  }
  return hits;
}

function filesUnder(d) {
  const out = [];
  for (const name of readdirSync(d)) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

test(`leak scan after ${LEAK_PAYMENTS} payments: no card number or track data anywhere`, async () => {
  const d = scratch('leak');
  try {
    // One cent at a time, alternating Visa and Mastercard, receipts printed.
    // A bank card swiped on the kiosk's reader each time too: refused, kept nowhere.
    await term.card('approve');
    const config = payConfig(d, term.url, 'min_amount_minor = 1\n');
    const one = (card) => `tap action.pay\nswipe ${CARDS}/patient-card.track\ntype dob "1984-03-02"\n`
      + 'tap next\ntap lang.back\ntap pay\ntap amount.other\ntap key.0\ntap key.decimal\ntap key.0\ntap key.1\ntap next\ntap confirm\n'
      + `swipe ${CARDS}/payment-${card}.track\nawait pay\nexpect screen pay.receipt\ntap receipt.both\ntap finish\n`;
    let script = '';
    for (let i = 0; i < LEAK_PAYMENTS; i++) script += one(i % 2 ? 'mastercard' : 'visa');
    const scriptFile = join(d, 'payments.journey');
    writeFileSync(scriptFile, script);
    const before_ = (await charges()).length;
    const r = await playAsync(d, config, scriptFile);
    assert.equal(r.status, 0, r.err.slice(-2000));
    writeFileSync(join(d, 'kiosk.log'), r.out + r.err);
    const mine = (await charges()).slice(before_);
    assert.equal(mine.filter((c) => c.status === 'approved').length, LEAK_PAYMENTS);
    const db = join(d, 'kiosk.db');
    assert.equal(Number(query(db, 'SELECT count(*) FROM payments WHERE state = 1')), LEAK_PAYMENTS);
    // Kept: brand, last 4 (as the terminal gave them), amount, authorisation code.
    assert.equal(query(db, "SELECT group_concat(DISTINCT brand || ' ' || last4) FROM payments"), 'Visa 1111');
    // Nothing the kiosk sent the terminal holds a card number, and nothing
    // the terminal sent the kiosk in these payments did either (the kiosk
    // process never receives one).
    const sent = await term.log();
    assert.deepEqual(sent.errors, []);
    writeFileSync(join(d, 'sent-to-terminal.json'), JSON.stringify(sent.bodies));
    const received = sent.answers.slice(-LEAK_PAYMENTS);
    assert.equal(received.length, LEAK_PAYMENTS);
    assert.deepEqual(received.flatMap((a) => leaks(Buffer.from(a))), []);

    const scanned = [db, `${db}-wal`, join(d, 'kiosk.log'), join(d, 'sent-to-terminal.json'), ...filesUnder(join(d, 'shots'))]
      .filter((f) => existsSync(f));
    const receipts = scanned.filter((f) => /receipt-\d+\.txt$/.test(f));
    assert.ok(receipts.length >= LEAK_PAYMENTS, `receipts ${receipts.length}`);
    let hits = 0;
    for (const f of scanned) {
      const found = leaks(readFileSync(f));
      if (found.length) console.log(`leak in ${f}: ${found.slice(0, 3).join(', ')}`);
      hits += found.length;
    }
    console.log(`payments=${LEAK_PAYMENTS} files=${scanned.length} receipts=${receipts.length} hits=${hits}`);
    assert.equal(hits, 0);
    // The scanner itself finds what it looks for.
    assert.equal(leaks(Buffer.from('x 4111 1111 1111 1111 y')).length > 0, true);
    assert.equal(leaks(Buffer.from(';5555555555554444=3112')).length > 0, true);
  } finally {
    cleanup(d);
  }
});
