#!/usr/bin/env bash
# The release tool and the kiosk's update commands end to end, as a release
# engineer and a technician use them: keygen, sign, verify, install,
# status, a refused tampered bundle. Usage: release-tool.sh BUILD_DIR
set -euo pipefail
build=$1
work=$build/release-tool-test
rm -rf "$work" && mkdir -p "$work/keys" "$work/payload/bin" "$work/state/slot-a"
cd "$work"
echo 1.0.0 > state/slot-a/VERSION
ln -s slot-a state/current
echo "hello from 1.1.0" > payload/bin/hello
tar -C payload -cf payload.tar .

"$build/carekiosk-release" keygen keys
[ "$(stat -c %a keys/release.key)" = 600 ] || { echo "secret key is not mode 600"; exit 1; }
"$build/carekiosk-release" sign --key keys/release.key --version 1.1.0 \
    --compatible carekiosk-x86_64 --payload payload.tar --out kiosk-1.1.0.bundle

cat > kiosk.ini <<INI
[kiosk]
database = $work/kiosk.db
location = C:\\kiosk\\lobby "East"
[update]
backend = slots
state_dir = $work/state
public_key = $work/keys/release.pub
INI
ck="$build/carekiosk"
"$ck" update verify kiosk-1.1.0.bundle --config kiosk.ini
# One byte changed, never the same value again (every bit inverted), in
# the manifest, the signature and the payload in turn: each is refused and
# leaves the running slot alone.
flip() { # FILE OFFSET
    local b
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}
mlen=$(od -An -tu4 -j 8 -N4 kiosk-1.1.0.bundle | tr -d ' ')
for at in 20 $((12 + mlen + 47)) $((12 + mlen + 64 + 100)); do
    cp kiosk-1.1.0.bundle tampered.bundle
    flip tampered.bundle "$at"
    cmp -s kiosk-1.1.0.bundle tampered.bundle && { echo "byte $at was not changed"; exit 1; }
    if "$ck" update install tampered.bundle --config kiosk.ini 2> refused.txt; then
        echo "a bundle changed at byte $at was installed"; exit 1
    fi
    grep -q "not installed, nothing changed" refused.txt
    [ "$(readlink state/current)" = slot-a ]
done
"$ck" update install kiosk-1.1.0.bundle --config kiosk.ini
[ "$(readlink state/current)" = slot-b ]
grep -q "hello from 1.1.0" state/slot-b/bin/hello
"$ck" update status --config kiosk.ini | grep -q "pending: 1.1.0"
"$ck" update mark-good --config kiosk.ini | grep -q "version 1.1.0 marked good"
"$ck" update status --config kiosk.ini | grep -q "floor: 1.1.0"
# The server hears of it through the outbox: valid JSON holding the
# location as written (a backslash once made the row unreadable, and a
# quote dropped the location).
[ "$("$build/tests/sync_tool" kiosk.db query "SELECT json_valid(payload) || ' ' || \
    json_extract(payload, '\$.version') || ' ' || json_extract(payload, '\$.location') \
    FROM outbox WHERE kind = 'update.result'")" = '1 1.1.0 C:\kiosk\lobby "East"' ] ||
    { echo "update result not queued as valid JSON with its location"; exit 1; }
echo "release tool and update commands: ok"
