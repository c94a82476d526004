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
[update]
backend = slots
state_dir = $work/state
public_key = $work/keys/release.pub
INI
ck="$build/carekiosk"
"$ck" update verify kiosk-1.1.0.bundle --config kiosk.ini
cp kiosk-1.1.0.bundle tampered.bundle
printf 'Z' | dd of=tampered.bundle bs=1 seek=200 conv=notrunc 2>/dev/null
if "$ck" update install tampered.bundle --config kiosk.ini 2> refused.txt; then
    echo "a tampered bundle was installed"; exit 1
fi
grep -q "not installed, nothing changed" refused.txt
[ "$(readlink state/current)" = slot-a ]
"$ck" update install kiosk-1.1.0.bundle --config kiosk.ini
[ "$(readlink state/current)" = slot-b ]
grep -q "hello from 1.1.0" state/slot-b/bin/hello
"$ck" update status --config kiosk.ini | grep -q "pending: 1.1.0"
"$ck" update mark-good --config kiosk.ini | grep -q "version 1.1.0 marked good"
"$ck" update status --config kiosk.ini | grep -q "floor: 1.1.0"
echo "release tool and update commands: ok"
