#!/usr/bin/env bash
# Hostile input through the real executable (issue 15), each case a class:
# address keys of kiosk.ini, a kiosk.ini that is a FIFO, branding packs with
# oversized or linked files (brand check refuses them with file:line, the
# kiosk does not crash and shows the default pack), a TLS 1.1-only server
# (the message says what was refused), and a 302 to another loopback port
# (never followed). Usage: check-cli.sh CAREKIOSK SOURCE_DIR SCRATCH_DIR
set -u
K=$1
SRC=$2
T=$3
rm -rf "$T"
mkdir -p "$T"
fail=0
bad() { echo "FAIL: $*"; fail=1; }
ok() { echo "ok   $*"; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; }
trap cleanup EXIT

# ---- address keys: each refused at load with kiosk.ini:LINE, and no start
n=0
while IFS='|' read -r key url words; do
    n=$((n + 1))
    printf '[kiosk]\ndatabase = %s/k%d.db\n[server]\n%s = %s\n' "$T" "$n" "$key" "$url" > "$T/kiosk.ini"
    out=$(timeout 30 "$K" status --config "$T/kiosk.ini" 2>&1)
    rc=$?
    if [ $rc -eq 2 ] && grep -q "kiosk.ini:4: $key .*$words" <<<"$out"; then
        ok "$key = $url refused at load"
    else
        bad "$key = $url: exit $rc, $out"
    fi
done <<'CASES'
url|http://localhost@other-host/fhir|user name or password
url|http://127.0.0.1.example.org/fhir|https://
url|HTTP://127.0.0.1:8080@billing.example.org/fhir|user name or password
oauth_token_url|http://auth.example.org/token|https://
proxy|http://proxy.example.org:3128|https://
CASES

# ---- a kiosk.ini that is a FIFO (or a device) never blocks the start
mkfifo "$T/fifo.ini"
for cfg in "$T/fifo.ini" /dev/zero; do
    out=$(timeout 20 "$K" status --config "$cfg" 2>&1)
    rc=$?
    if [ $rc -eq 2 ] && grep -q "is not a regular file" <<<"$out"; then
        ok "$cfg as kiosk.ini refused"
    else
        bad "$cfg as kiosk.ini: exit $rc (124: blocked), $out"
    fi
done

# ---- branding packs
pack() { # name -> a copy of the default pack
    rm -rf "$T/$1"
    cp -r "$SRC/assets/branding/default" "$T/$1"
    echo "$T/$1"
}
logo_line=$(grep -n '^logo' "$SRC/assets/branding/default/brand.ini" | cut -d: -f1)
p=$(pack huge-svg)
printf '<svg xmlns="http://www.w3.org/2000/svg" width="30000" height="30000"><rect width="30000" height="30000" fill="red"/></svg>' > "$p/logo.svg"
p=$(pack huge-viewbox)
printf '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40000 40000"><rect width="40000" height="40000"/></svg>' > "$p/logo.svg"
p=$(pack huge-png)
# A PNG header claiming 100000 x 100000 (CRC correct).
python3 - "$p/logo.png" <<'PY'
import struct, sys, zlib
def chunk(t, d): return struct.pack('>I', len(d)) + t + d + struct.pack('>I', zlib.crc32(t + d))
png = b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', 100000, 100000, 8, 0, 0, 0, 0)) \
    + chunk(b'IDAT', zlib.compress(b'\x00\x80')) + chunk(b'IEND', b'')
open(sys.argv[1], 'wb').write(png)
PY
sed -i 's/^logo = .*/logo = logo.png/' "$p/brand.ini"
p=$(pack link-out)
printf '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>' > "$T/outside.svg"
rm "$p/logo.svg"
ln -s "$T/outside.svg" "$p/logo.svg"
p=$(pack link-shadow)
rm "$p/logo.svg"
ln -s /etc/shadow "$p/logo.svg"
p=$(pack link-ini)
mv "$p/brand.ini" "$T/outside.ini"
ln -s "$T/outside.ini" "$p/brand.ini"
p=$(pack link-dir)
mkdir "$T/elsewhere"
mv "$p/logo.svg" "$T/elsewhere/logo.svg"
ln -s "$T/elsewhere" "$p/art"
sed -i 's|^logo = .*|logo = art/logo.svg|' "$p/brand.ini"

for name in huge-svg huge-viewbox huge-png link-out link-shadow link-ini link-dir; do
    out=$(timeout 60 "$K" brand check "$T/$name" 2>&1)
    rc=$?
    want="brand.ini:$logo_line: logo"
    [ $name = link-ini ] && want="brand.ini: is a symbolic link"
    if [ $rc -eq 1 ] && grep -qF "$want" <<<"$out"; then
        ok "brand check refuses $name"
    else
        bad "brand check $name: exit $rc, $out"
    fi
done

# The kiosk with such a pack: no crash at the first frame, the default pack.
printf 'screen welcome\nshot welcome\n' > "$T/short.journey"
for name in huge-svg huge-png link-out link-ini; do
    printf '[kiosk]\ndatabase = %s/kiosk-%s.db\nbranding = %s/%s\n' "$T" "$name" "$T" "$name" > "$T/brand-$name.ini"
    out=$(timeout 120 "$K" --headless --demo --config "$T/brand-$name.ini" --db "$T/play-$name.db" \
        --play "$T/short.journey" --shots "$T/shots-$name" 2>&1)
    rc=$?
    st=$(timeout 60 "$K" status --config "$T/brand-$name.ini" 2>&1)
    if [ $rc -eq 0 ] && [ -s "$T/shots-$name/welcome.png" ] && grep -q "is NOT used" <<<"$st"; then
        ok "the kiosk with $name starts with the default branding"
    else
        bad "kiosk with $name: exit $rc (139: SIGSEGV), $(tail -3 <<<"$out"); status: $(grep branding <<<"$st")"
    fi
done

# ---- TLS 1.1 only: say what was refused
bash "$SRC/tests/peer/make-certs.sh" "$T/certs" >/dev/null 2>&1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
openssl s_server -accept "127.0.0.1:$port" -tls1_1 -cipher 'DEFAULT:@SECLEVEL=0' \
    -cert "$T/certs/good.crt" -key "$T/certs/good.key" -www >"$T/s_server.log" 2>&1 &
pids+=($!)
for _ in $(seq 50); do grep -q ACCEPT "$T/s_server.log" 2>/dev/null && break; sleep 0.1; done
if grep -q ACCEPT "$T/s_server.log"; then
    printf '[kiosk]\ndatabase = %s/tls.db\n[server]\nurl = https://127.0.0.1:%s/fhir\nca_file = %s/certs/ca.crt\ntimeout_s = 5\nconnect_timeout_s = 3\n' \
        "$T" "$port" "$T" > "$T/tls.ini"
    out=$(timeout 60 "$K" sync --once --config "$T/tls.ini" 2>&1)
    if grep -q "offers only TLS 1.0/1.1" <<<"$out" && grep -q "TLS 1.2 or newer" <<<"$out" &&
        ! grep -q "certificate was refused" <<<"$out"; then
        ok "a TLS 1.1-only server is named as such"
    else
        bad "TLS 1.1 server: $out"
    fi
else
    echo "skip: openssl s_server cannot offer TLS 1.1 here"
fi

# ---- a redirect to another loopback port is not followed
cat > "$T/redirect.py" <<'PY'
import http.server, sys, threading
hits = {'target': 0}
class Target(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        hits['target'] += 1
        open(sys.argv[1] + '/target-hits', 'w').write(str(hits['target']))
        self.send_response(200); self.send_header('Content-Type', 'application/fhir+json'); self.end_headers()
        self.wfile.write(b'{"resourceType":"CapabilityStatement","fhirVersion":"4.0.1"}')
    def log_message(self, *a): pass
target = http.server.HTTPServer(('127.0.0.1', 0), Target)
class Redirect(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(302)
        self.send_header('Location', 'http://127.0.0.1:%d%s' % (target.server_port, self.path))
        self.send_header('Content-Length', '0'); self.end_headers()
    do_POST = do_PUT = do_GET
    def log_message(self, *a): pass
front = http.server.HTTPServer(('127.0.0.1', 0), Redirect)
threading.Thread(target=target.serve_forever, daemon=True).start()
open(sys.argv[1] + '/front-port', 'w').write(str(front.server_port))
front.serve_forever()
PY
python3 "$T/redirect.py" "$T" &
pids+=($!)
for _ in $(seq 50); do [ -s "$T/front-port" ] && break; sleep 0.1; done
printf '[kiosk]\ndatabase = %s/redir.db\n[server]\nurl = http://127.0.0.1:%s/fhir\ntimeout_s = 5\nconnect_timeout_s = 3\n' \
    "$T" "$(cat "$T/front-port")" > "$T/redir.ini"
out=$(timeout 60 "$K" sync --once --config "$T/redir.ini" 2>&1)
if [ ! -e "$T/target-hits" ]; then
    ok "a 302 to another loopback port is not followed"
else
    bad "the redirect was followed ($(cat "$T/target-hits") requests): $out"
fi

exit $fail
