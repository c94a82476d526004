// An idle sync round: nothing new on the server. Prints the bytes on the
// wire (request and answer, headers included, as the server counted them)
// and the server's time for the round. Target <= 2 KB. Figures only.
import { scratch, startPeer, writeConfig, syncOnce, cleanup } from '../sync/harness.mjs';

const dir = scratch('bench-idle');
const peer = await startPeer(dir);
try {
  const config = writeConfig(dir, peer.url, 'overlap_s = 1');
  syncOnce(config); // first round: everything
  await new Promise((r) => setTimeout(r, 2500)); // past the newest change and the overlap
  syncOnce(config);
  for (const round of [1, 2, 3]) {
    await fetch(`http://127.0.0.1:${peer.port}/_peer/stats/reset`, { method: 'POST' });
    const r = syncOnce(config);
    const s = await peer.get('/_peer/stats');
    const ms = s.log.reduce((a, e) => a + e.ms, 0);
    console.log(`idle round ${round}: ${s.requests} requests, ${s.bytesIn} bytes to the server, `
      + `${s.bytesOut} bytes back, ${s.bytesIn + s.bytesOut} in all (target <= 2048); `
      + `server time ${ms.toFixed(1)} ms; kiosk says: ${r.out.split('\n').slice(-2, -1)[0]}`);
    for (const e of s.log) console.log(`  ${e.method} ${e.path.slice(0, 90)} -> ${e.status}, ${e.bytesIn}+${e.bytesOut} bytes, ${e.ms.toFixed(1)} ms`);
  }
} finally {
  peer.stop();
  cleanup(dir);
}
