// Receipts without paper: after a card payment at the peer's payment
// endpoint, the receipt goes by SMS to the number on file or by e-mail to a
// typed address, in each language. The kiosk queues one Communication to
// the patient (it works offline: nothing is sent until the sync runs), the
// FHIR server validates it, and neither the number nor the address is ever
// in the kiosk's logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import {
  scratch, startPeer, kiosk, syncOnce, query, all, cleanup,
} from './harness.mjs';

const ASSETS = new URL('../../assets', import.meta.url).pathname;
const journey = (name) => new URL(`journeys/${name}.journey`, import.meta.url).pathname;

let peer;
let base;
let dir;

before(async () => {
  dir = scratch('receipt');
  peer = await startPeer(dir, { seed: false });
  base = peer.url.replace(/\/fhir$/, '');
});
after(() => {
  peer?.stop();
  cleanup(dir);
});

function config(d, server) {
  const file = join(d, server ? 'sync.ini' : 'kiosk.ini');
  writeFileSync(file, `[kiosk]\ndatabase = ${join(d, 'kiosk.db')}\n\n[server]\n`
    + `${server ? `url = ${peer.url}\n` : ''}payment_url = ${base}/pay\ntimeout_s = 5\nconnect_timeout_s = 2\n`);
  return file;
}

for (const kind of ['sms', 'email']) {
  for (const lang of ['en', 'pt', 'hi', 'es']) {
    const name = `receipt-${kind}-${lang}`;
    test(`${name}: one Communication, valid, and nothing of it in the logs`, async () => {
      const d = join(dir, name);
      mkdirSync(d, { recursive: true });
      const shots = process.env.SHOTS_DIR ? join(process.env.SHOTS_DIR, name) : join(d, 'shots');
      const r = kiosk(['--headless', '--demo', '--db', join(d, 'kiosk.db'), '--config', config(d, false),
        '--now', '2026-03-10T10:00', '--size', '1080x1920', '--assets', ASSETS, '--play', journey(name),
        '--shots', shots]);
      assert.equal(r.status, 0, r.out + r.err);
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
      for (const secret of ['555 0101', '0101', 'ana.silva', 'ana@mail', 'mail.example']) {
        assert.ok(!logs.includes(secret), `${secret} in the logs`);
      }
    });
  }
}
