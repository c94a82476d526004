// A fault proxy between the kiosk and the test peer, on loopback: forwards
// every request, or spoils it the way networks and servers do.
//
//   node faultproxy.mjs --target http://127.0.0.1:PORT [--port N] [--port-file FILE]
//
// Control (never forwarded): POST /_proxy/faults {"mode", "count", "delayMs",
// "match"} sets the fault for the next `count` forwarded requests (all of
// them when count is left out) whose path contains `match`; GET
// /_proxy/faults shows it; GET /_proxy/log lists the last 500 requests.
// Modes: pass, delay, drop, reset, status500, status503, status429,
// status408, cut, badjson, wrongtype, huge, slow, forward-then-drop.
import { createServer, request } from 'node:http';
import { writeFileSync, renameSync } from 'node:fs';

const opts = { port: 0 };
for (let i = 2; i < process.argv.length; i++) {
  const a = process.argv[i];
  if (a === '--target') opts.target = new URL(process.argv[++i]);
  else if (a === '--port') opts.port = Number(process.argv[++i]);
  else if (a === '--port-file') opts.portFile = process.argv[++i];
  else {
    console.error(`faultproxy: unknown option ${a}`);
    process.exit(2);
  }
}
if (!opts.target) {
  console.error('usage: node faultproxy.mjs --target http://127.0.0.1:PORT');
  process.exit(2);
}

let fault = { mode: 'pass', count: null, delayMs: 0, match: '' };
const log = [];

const outcome = (status, diagnostics) => JSON.stringify({
  resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'transient', diagnostics }],
});

function takeFault(path) {
  if (fault.mode === 'pass' || (fault.match && !path.includes(fault.match))) return 'pass';
  if (fault.count !== null) {
    if (fault.count <= 0) return 'pass';
    fault.count--;
  }
  return fault.mode;
}

function forward(req, body, onResponse, onError) {
  const up = request({
    host: opts.target.hostname,
    port: opts.target.port,
    method: req.method,
    path: req.url,
    headers: { ...req.headers, host: `${opts.target.hostname}:${opts.target.port}` },
  }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => onResponse(res, Buffer.concat(chunks)));
  });
  up.on('error', onError);
  up.end(body);
}

function handle(req, res, body) {
  if (req.url.startsWith('/_proxy/')) {
    res.setHeader('Content-Type', 'application/json');
    if (req.url === '/_proxy/faults' && req.method === 'POST') {
      const f = JSON.parse(body.toString('utf8') || '{}');
      fault = { mode: f.mode || 'pass', count: f.count ?? null, delayMs: f.delayMs || 0, match: f.match || '' };
      return res.end(JSON.stringify(fault));
    }
    if (req.url === '/_proxy/faults') return res.end(JSON.stringify(fault));
    if (req.url === '/_proxy/log') return res.end(JSON.stringify(log));
    res.statusCode = 404;
    return res.end('{}');
  }
  const mode = takeFault(req.url);
  log.push({ method: req.method, path: req.url, mode });
  if (log.length > 500) log.shift();
  const socket = req.socket;
  const pass = () => forward(req, body, (up, data) => {
    res.writeHead(up.statusCode, up.headers);
    res.end(data);
  }, () => socket.destroy());

  switch (mode) {
    case 'pass':
      return pass();
    case 'delay':
      return setTimeout(pass, fault.delayMs);
    case 'drop':
      return socket.destroy();
    case 'reset':
      return socket.resetAndDestroy();
    case 'status500':
    case 'status503':
    case 'status429':
    case 'status408': {
      const status = Number(mode.slice(6));
      const headers = { 'Content-Type': 'application/fhir+json' };
      if (status === 429) headers['Retry-After'] = '1';
      res.writeHead(status, headers);
      return res.end(outcome(status, `fault proxy: ${status}`));
    }
    case 'badjson':
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      return res.end('{"resourceType":"Bundle","type":"searchset","entry":[{"resource":{"resourceType":"Pat');
    case 'wrongtype':
      res.writeHead(200, { 'Content-Type': 'text/html' });
      return res.end('<html><body><h1>Gateway login</h1></body></html>');
    case 'huge': {
      res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
      res.write('{"resourceType":"Bundle","type":"searchset","entry":[');
      const filler = Buffer.from(`${'{"resource":{"resourceType":"Basic","id":"x"}},'.repeat(1000)}`);
      let sent = 0;
      const more = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += filler.length;
          if (!res.write(filler)) return res.once('drain', more);
        }
        return res.end();
      };
      res.on('close', () => { sent = Infinity; });
      return more();
    }
    case 'cut':
      return forward(req, body, (up, data) => {
        res.writeHead(up.statusCode, { ...up.headers, 'content-length': String(data.length) });
        res.write(data.subarray(0, Math.floor(data.length / 2)));
        setTimeout(() => socket.destroy(), 20);
      }, () => socket.destroy());
    case 'slow':
      return forward(req, body, (up, data) => {
        res.writeHead(up.statusCode, { ...up.headers, 'content-length': String(data.length) });
        let i = 0;
        const timer = setInterval(() => {
          if (i >= data.length || socket.destroyed) {
            clearInterval(timer);
            return res.end();
          }
          res.write(data.subarray(i, i + 1));
          i++;
        }, 50);
      }, () => socket.destroy());
    case 'forward-then-drop':
      // The server applies the write; the answer never reaches the kiosk.
      return forward(req, body, () => socket.destroy(), () => socket.destroy());
    default:
      return pass();
  }
}

const server = createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => handle(req, res, Buffer.concat(chunks)));
});
server.listen(opts.port, '127.0.0.1', () => {
  const { port } = server.address();
  if (opts.portFile) {
    writeFileSync(`${opts.portFile}.tmp`, `${port}\n`);
    renameSync(`${opts.portFile}.tmp`, opts.portFile);
  }
  console.log(`proxy listening on ${port}`);
});
for (const sig of ['SIGTERM', 'SIGINT']) {
  process.on(sig, () => {
    server.close();
    process.exit(0);
  });
}
