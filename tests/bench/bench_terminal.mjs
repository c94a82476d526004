// Time from "Pay now" to the payment terminal's prompt: the kiosk records
// the payment (a committed SQLite transaction), starts the terminal's
// thread, seals the PaymentRequest (AES + HMAC with the derived keys) and
// sends it over a fresh TLS connection; the simulator (tests/peer/
// terminal.mjs) stamps the moment it has decrypted the request, when a real
// terminal would show "insert, tap or swipe". "Pay now" is stamped when the
// kiosk's log line for it reaches this process (a pipe: well under 1 ms).
// Prints figures only (label bench); never fails on time.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratch, startTerminal, cleanup } from '../sync/harness.mjs';

const N = Number(process.env.BENCH_PAYMENTS || 30);
const CARDS = new URL('../fixtures/cards', import.meta.url).pathname;
const ASSETS = new URL('../../assets', import.meta.url).pathname;
const now = () => performance.timeOrigin + performance.now();

const dir = scratch('bench-terminal');
const term = await startTerminal(dir, { timeout: 10 });
try {
  await term.card('approve');
  const config = join(dir, 'kiosk.ini');
  writeFileSync(config, `[kiosk]\ndatabase = ${join(dir, 'kiosk.db')}\n${term.ini(term.url, 'min_amount_minor = 1\n')}`);
  let script = '';
  for (let i = 0; i < N; i++) {
    script += `tap action.pay\nswipe ${CARDS}/patient-card.track\ntype dob "1984-03-02"\ntap next\n`
      + 'tap pay\ntap amount.other\ntap key.0\ntap key.decimal\ntap key.0\ntap key.1\ntap next\ntap confirm\nawait pay\n'
      + 'expect screen pay.receipt\ntap receipt.screen\ntap finish\n';
  }
  writeFileSync(join(dir, 'bench.journey'), script);
  const payNow = [];
  const answered = [];
  const child = spawn(process.env.CAREKIOSK, ['--headless', '--demo', '--db', join(dir, 'kiosk.db'),
    '--config', config, '--now', '2026-03-10T10:00', '--size', '1080x1920', '--assets', ASSETS,
    '--play', join(dir, 'bench.journey'), '--shots', join(dir, 'shots')], { env: { ...process.env, TZ: 'UTC' } });
  let buf = '';
  child.stderr.on('data', (b) => {
    const t = now();
    buf += b;
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      if (line.includes('pay now: recording the payment')) payNow.push(t);
      if (line.includes('terminal: payment: approved')) answered.push(t);
    }
  });
  const status = await new Promise((r) => { child.on('exit', r); });
  if (status !== 0) throw new Error(`kiosk exited ${status}`);
  const pays = (await term.payments()).slice(-N);
  const prompt = pays.map((p, k) => p.received_at - payNow[k]).sort((a, b) => a - b);
  const q = (xs, f) => xs[Math.min(xs.length - 1, Math.floor(f * xs.length))];
  console.log(`bench terminal: payments=${N} (the simulator on loopback HTTPS, a new TLS connection each)`);
  console.log(`bench terminal: pay_now_to_prompt_ms median=${q(prompt, 0.5).toFixed(1)} p90=${q(prompt, 0.9).toFixed(1)} `
    + `min=${prompt[0].toFixed(1)} max=${prompt[prompt.length - 1].toFixed(1)}`);
  const round = answered.map((t, k) => t - payNow[k]).sort((a, b) => a - b);
  console.log(`bench terminal: pay_now_to_approved_answer_ms median=${q(round, 0.5).toFixed(1)} p90=${q(round, 0.9).toFixed(1)}`);
} finally {
  term.stop();
  cleanup(dir);
}
