// Receipts without paper: after a card payment at the payment terminal (the
// simulator, tests/peer/terminal.mjs, approves the whole 65.00 bill once),
// the receipt goes by SMS to the number on file or by e-mail to a typed
// address, in each language. The kiosk queues one Communication to
// the patient (it works offline: nothing is sent until the sync runs), the
// FHIR server validates it, and neither the number nor the address is ever
// in the kiosk's logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  scratch, startPeer, startTerminal, kiosk, syncOnce, query, all, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;

let peer;
let term;
let dir;

before(async () => {
  dir = scratch('receipt');
  peer = await startPeer(dir, { seed: false });
  term = await startTerminal(dir, { timeout: 3 });
});
after(() => {
  peer?.stop();
  term?.stop();
  cleanup(dir);
});

// kiosk.ini: demo patients (no billing server url), cards through the
// terminal simulator; sync.ini: the same database, sending to the FHIR server.
function config(d, server) {
  const file = join(d, server ? 'sync.ini' : 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\n`
    + `${server ? `url = ${peer.url}\n` : ''}timeout_s = 5\nconnect_timeout_s = 2\n`
    + (server ? '' : term.ini()));
  return file;
}

for (const kind of ['sms', 'email']) {
  for (const lang of ['en', 'pt', 'hi', 'es']) {
    const name = `receipt-${kind}-${lang}`;
    test(`${name}: one Communication, valid, and nothing of it in the logs`, async () => {
      const d = join(dir, name);
      mkdirSync(d, { recursive: true });
      await term.card({ card: 'approve' });
      const paidBefore = (await term.payments()).length;
      const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, name) : join(d, 'shots');
      const r = kiosk(['--headless', '--demo', '--db', join(d, 'kiosk.db'), '--config', config(d, false),
        '--now', '2026-03-10T10:00', '--size', '1080x1920', '--assets', ASSETS, '--play', journey(name),
        '--shots', shots]);
      assert.equal(r.status, 0, r.out + r.err);
      // The terminal was asked once, for the whole bill, and approved it.
      const paid = (await term.payments()).slice(paidBefore);
      assert.equal(paid.length, 1, JSON.stringify(paid));
      assert.equal(paid[0].status, 'approved');
      assert.equal(paid[0].amount, 65);
      assert.equal(paid[0].currency, 'USD');
      const db = join(d, 'kiosk.db');
      // Queued, not sent: the kiosk has no billing server configured yet.
      assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'receipt.send' AND state = 0"), '1');
      const before = (await peer.get('/_peer/validation')).checked;
      const s = syncOnce(config(d, true));
      assert.equal(s.status, 0, s.out + s.err);
      assert.equal(query(db, "SELECT count(*) FROM outbox WHERE kind = 'receipt.send' AND state = 1"), '1');
      const v = await peer.get('/_peer/validation');
      assert.ok(v.checked > before);
      assert.deepEqual(v.failures, []);
      const comms = (await all(peer, 'Communication'))
        .filter((c) => c.category?.[0]?.text === 'Payment receipt' && c.subject?.reference === 'Patient/demo-ana');
      const mine = comms.filter((c) => c.medium[0].coding[0].code === (kind === 'sms' ? 'SMSWRIT' : 'EMAILWRIT')
        && c.language === (lang === 'pt' ? 'pt-BR' : lang));
      assert.equal(mine.length, 1);
      assert.match(mine[0].payload[0].contentString, /Paid 65\.00 USD/);
      if (kind === 'email') {
        assert.deepEqual(mine[0].extension[0].valueContactPoint, { system: 'email', value: 'ana@mail.example.org' });
      } else {
        assert.equal(mine[0].extension, undefined);
      }
      const logs = r.out + r.err + s.out + s.err;
      for (const secret of ['555 0101', '0101', 'ana.silva', 'ana@mail', 'mail.example', '4111111111111111']) {
        assert.ok(!logs.includes(secret), `${secret} in the logs`);
      }
    });
  }
}

test('the terminal saw no errors', async () => {
  assert.deepEqual((await term.log()).errors, []);
});
