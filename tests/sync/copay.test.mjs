// The copay due today, paid at check-in: a demo patient whose appointment
// has a 25.00 copay checks in and pays it by card against the peer's
// payment endpoint. Exactly the copay is charged, once; the payment is
// recorded against the copay statement and posted to the FHIR server as one
// PaymentReconciliation; the check-in itself is recorded too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  scratch, startPeer, kiosk, syncOnce, query, all, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const NOW = '2026-03-10T10:00';

let peer;
let base;
let dir;

before(async () => {
  dir = scratch('copay');
  peer = await startPeer(dir, { seed: false });
  base = peer.url.replace(/\/fhir$/, '');
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

function config(d, lines) {
  const file = join(d, `${lines.length}.ini`);
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\n${lines.join('\n')}\n`
    + 'timeout_s = 5\nconnect_timeout_s = 2\n');
  return file;
}

test('copay paid at check-in: charged once, recorded against the copay, posted once', async () => {
  const d = scratch('copay-paid');
  try {
    const before_ = (await peer.get('/_peer/charges')).charges.length;
    const script = new URL('journeys/copay-paid-pt.journey', import.meta.url).pathname;
    const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, 'copay-paid-pt') : join(d, 'shots');
    const r = kiosk(['--headless', '--demo', '--db', join(d, 'kiosk.db'),
      '--config', config(d, [`payment_url = ${base}/pay`]), '--now', NOW, '--size', '1080x1920',
      '--assets', ASSETS, '--play', script, '--shots', shots]);
    assert.equal(r.status, 0, r.out + r.err);
    const mine = (await peer.get('/_peer/charges')).charges.slice(before_);
    assert.equal(mine.length, 1, JSON.stringify(mine));
    assert.equal(mine[0].status, 'approved');
    assert.equal(mine[0].amount_minor, 2500);
    const db = join(d, 'kiosk.db');
    assert.equal(query(db, 'SELECT invoice_ref || \'/\' || amount_minor || \'/\' || state FROM payments'),
      'demo-fernanda-copay/2500/1');
    assert.equal(query(db, "SELECT patient_owes_minor FROM invoices WHERE fhir_id = 'demo-fernanda-copay'"), '0');
    assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'appointment.arrived'"), '1');
    assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'payment.posted'"), '1');
    // Nothing of the card in the log.
    assert.doesNotMatch(r.out + r.err, /4111111111111111/);
    // Posted to the billing server once.
    const sync = config(d, [`url = ${peer.url}`, `payment_url = ${base}/pay`]);
    const recBefore = (await all(peer, 'PaymentReconciliation')).length;
    assert.equal(syncOnce(sync).status, 0);
    assert.equal(syncOnce(sync).status, 0);
    const recs = (await all(peer, 'PaymentReconciliation')).slice(recBefore);
    assert.equal(recs.length, 1);
    assert.equal(recs[0].paymentIdentifier?.value, mine[0].auth_code);
    assert.deepEqual((await peer.get('/_peer/validation')).failures, []);
  } finally {
    cleanup(d);
  }
});
