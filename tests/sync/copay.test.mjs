// The copay due today, paid at check-in, in each language (en, pt-BR, es,
// hi): a demo patient whose appointment
// has a 25.00 copay checks in and pays it at the payment terminal (the
// simulator, tests/peer/terminal.mjs, approves), as the other card journeys
// do. Exactly the copay is charged, once; the payment is recorded against
// the copay statement and posted to the FHIR server as one
// PaymentReconciliation; the check-in itself is recorded too, and the
// ticket says the copay is paid.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  scratch, startPeer, startTerminal, kiosk, syncOnce, query, all, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const NOW = '2026-03-10T10:00';

let peer;
let term;
let dir;

before(async () => {
  dir = scratch('copay');
  peer = await startPeer(dir, { seed: false });
  term = await startTerminal(dir, { timeout: 3 });
});
after(() => {
  peer?.stop();
  term?.stop();
  cleanup(dir);
});

// Demo patients (no billing server url), cards through the terminal simulator.
function payConfig(d) {
  const file = join(d, 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\n`
    + 'timeout_s = 3\nconnect_timeout_s = 2\n' + term.ini());
  return file;
}

// The same database, now also sending to the FHIR server.
function syncConfig(d) {
  const file = join(d, 'sync.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\nurl = ${peer.url}\n`
    + 'timeout_s = 5\nconnect_timeout_s = 2\n');
  return file;
}

// One journey per language: who pays, the copay statement it is recorded
// against, and the line the ticket prints in that language.
const JOURNEYS = [
  { lang: 'pt-BR', name: 'copay-paid-pt', invoice: 'demo-fernanda-copay', paid: 'Coparticipação paga: US$\u00a025,00' },
  { lang: 'en', name: 'copay-paid-en', invoice: 'demo-fernanda-copay', paid: 'Copay paid: $25.00' },
  { lang: 'es', name: 'copay-paid-es', invoice: 'demo-jose-copay', paid: 'Copago pagado: 25,00\u00a0US$' },
  { lang: 'hi', name: 'copay-paid-hi', invoice: 'demo-sunita-copay', paid: 'सह-भुगतान हो गया: $25.00' },
];

for (const j of JOURNEYS) {
  test(`copay paid at check-in (${j.lang}): charged once, recorded against the copay, posted once`, async () => {
    const d = scratch(j.name);
    try {
      await term.card({ card: 'approve' });
      const before_ = (await term.payments()).length;
      const script = new URL(`journeys/${j.name}.journey`, import.meta.url).pathname;
      const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, j.name) : join(d, 'shots');
      const db = join(d, 'kiosk.db');
      const r = kiosk(['--headless', '--demo', '--db', db, '--config', payConfig(d), '--now', NOW,
        '--size', '1080x1920', '--assets', ASSETS, '--play', script, '--shots', shots]);
      assert.equal(r.status, 0, r.out + r.err);
      // The terminal was asked once, for exactly the copay, and approved it.
      const mine = (await term.payments()).slice(before_);
      assert.equal(mine.length, 1, JSON.stringify(mine));
      assert.equal(mine[0].status, 'approved');
      assert.equal(mine[0].amount, 25);
      assert.equal(mine[0].currency, 'USD');
      assert.equal(mine[0].replays, 0, 'a key was sent twice');
      // Recorded against the copay statement, under the key the terminal saw.
      assert.equal(query(db, 'SELECT invoice_ref || \'/\' || amount_minor || \'/\' || state FROM payments'),
        `${j.invoice}/2500/1`);
      assert.equal(query(db, `SELECT last4 FROM payments WHERE key = '${mine[0].idempotency_key}'`), mine[0].last4);
      assert.equal(query(db, `SELECT patient_owes_minor FROM invoices WHERE fhir_id = '${j.invoice}'`), '0');
      assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'appointment.arrived'"), '1');
      assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), '1');
      // The check-in ticket says, in the patient's language, that the copay is paid.
      const ticket = readFileSync(join(shots, 'receipt-001.txt'), 'utf8');
      // (the amount as that language writes money, with a no-break space).
      assert.ok(ticket.includes(j.paid), ticket);
      // Nothing of the card in the log or on the ticket.
      assert.doesNotMatch(r.out + r.err + ticket, /4111111111111111/);
      // Posted to the billing server once, even when sent twice.
      const sync = syncConfig(d);
      const recBefore = (await all(peer, 'PaymentReconciliation')).length;
      assert.equal(syncOnce(sync).status, 0);
      assert.equal(syncOnce(sync).status, 0);
      const recs = (await all(peer, 'PaymentReconciliation')).slice(recBefore);
      assert.equal(recs.length, 1);
      assert.equal(recs[0].identifier?.[0]?.value, `urn:uuid:${mine[0].idempotency_key}`);
      assert.equal(recs[0].paymentIdentifier?.value, mine[0].auth_code);
      assert.deepEqual((await peer.get('/_peer/validation')).failures, []);
      assert.deepEqual((await term.log()).errors, []);
    } finally {
      cleanup(d);
    }
  });
}
