#!/usr/bin/env bash
# Test certificates for the TLS tests, made fresh each run (nothing secret
# is committed): a test CA; good (127.0.0.1, localhost), expired, wronghost
# (billing.example only) signed by it; and selfsigned (127.0.0.1, not from
# the CA). Usage: make-certs.sh OUTDIR
set -euo pipefail
out=$1
mkdir -p "$out"
cd "$out"
q() { "$@" >/dev/null 2>&1 || { echo "make-certs: failed: $*" >&2; exit 1; }; }

q openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -days 3650 \
    -subj "/CN=carekiosk test CA" -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign"

# A minimal CA database so `openssl ca` can sign with chosen dates.
mkdir -p ca.db && : >ca.db/index.txt && echo 1000 >ca.db/serial
cat >ca.cnf <<CNF
[ca]
default_ca = test
[test]
dir = ca.db
database = ca.db/index.txt
serial = ca.db/serial
new_certs_dir = ca.db
certificate = ca.crt
private_key = ca.key
default_md = sha256
policy = any
copy_extensions = copy
unique_subject = no
[any]
commonName = supplied
CNF

sign() { # name, SAN, extra openssl-ca date arguments...
    local name=$1 san=$2
    shift 2
    q openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" \
        -subj "/CN=$name" -addext "subjectAltName=$san"
    q openssl ca -batch -config ca.cnf -in "$name.csr" -out "$name.crt" -notext "$@"
}
sign good "IP:127.0.0.1,DNS:localhost" -days 825
sign expired "IP:127.0.0.1,DNS:localhost" -startdate 20200101000000Z -enddate 20210101000000Z
sign wronghost "DNS:billing.example" -days 825
q openssl req -x509 -newkey rsa:2048 -nodes -keyout selfsigned.key -out selfsigned.crt \
    -days 825 -subj "/CN=selfsigned" -addext "subjectAltName=IP:127.0.0.1"
# Payment terminals (tests/peer/terminal.mjs): Adyen's CN form, the POIID
# first; the kiosk checks the CN, not the address. "terminal-other" is
# another terminal's certificate from the same CA.
term() { # file, CN
    q openssl req -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "/CN=$2" \
        -addext "subjectAltName=IP:127.0.0.1"
    q openssl ca -batch -config ca.cnf -in "$1.csr" -out "$1.crt" -notext -days 825
}
term terminal V400m-123456789.test.terminal.adyen.com
term terminal-other V400m-999999999.test.terminal.adyen.com
