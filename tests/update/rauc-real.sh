#!/usr/bin/env bash
# `carekiosk update` against the real RAUC 1.8 (rauc service on a private
# D-Bus bus, ext4 slots on loop devices, raw slots in files, a bootloader
# kept in a file; tests/update/rauc-rig.sh): every bad bundle refused with
# RAUC's reason, kill -9 of the service mid-install, install, reboot, the
# health check marking good, the floor refusing downgrades, rollback after
# failed starts, a bundle swapped during the install, and what the server
# hears through the outbox. Needs root; exits 77 (skip) with the reason
# otherwise. Usage: rauc-real.sh BUILD_DIR
set -euo pipefail
build=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=rauc-rig.sh
. "$here/rauc-rig.sh"
why=$(rig_skip_reason)
if [ -n "$why" ]; then
    echo "skip: $why"
    exit 77
fi
work=$build/update-rauc
rm -rf "$work"
rig_setup "$work/rig"
trap rig_teardown EXIT
ck=$build/carekiosk
sync_tool=$build/tests/sync_tool
fail() {
    echo "FAIL: $*"
    [ -f "$RIG/service.log" ] && tail -20 "$RIG/service.log"
    exit 1
}
ms() { date +%s%3N; }
primary() { sed -n 's/^primary=//p' "$RIG/bootstate"; }

mkdir -p "$work/bundles"
cd "$work"
cat > kiosk.ini <<INI
[kiosk]
database = $work/kiosk.db
location = Lobby "East"
[update]
backend = rauc
state_dir = $work/state
max_boots = 2
rauc_conf = $RIG/system.conf
INI
# The same kiosk with a database that cannot open: it starts but never healthy.
mkdir -p "$work/not-a-db"
sed "s|^database = .*|database = $work/not-a-db|" kiosk.ini > broken.ini
update() { "$ck" update "$@" --config kiosk.ini; }
kiosk_start() { # INI SECONDS: one start of the kiosk (SDL dummy), its exit status
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy timeout "$2" "$ck" --config "$1" \
        >> kiosk.log 2>&1 && return 0 || return $?
}
outbox() { # result: versions reported with it
    "$sync_tool" kiosk.db query "SELECT group_concat(json_extract(payload, '\$.version'), ' ') \
        FROM outbox WHERE kind = 'update.result' AND json_extract(payload, '\$.result') = '$1'"
}
flip() { # FILE OFFSET: invert one byte
    local b
    b=$(od -An -tu1 -j "$2" -N1 "$1" | tr -d ' ')
    printf "\\$(printf '%03o' $((b ^ 255)))" | dd of="$1" bs=1 seek="$2" conv=notrunc 2>/dev/null
}

echo "== bundles"
for v in 1.1.0 1.2.0 1.3.0 1.0.5; do rig_bundle $v "bundles/$v.raucb"; done
rig_bundle 1.2.0 bundles/other-cert.raucb "$RIG/pki/other-release.pem" "$RIG/pki/other-release.key"
rig_bundle 1.2.0 bundles/other-compat.raucb "" "" carekiosk-other-model
size=$(stat -c %s bundles/1.2.0.raucb)
sigsize=$((16#$(tail -c 8 bundles/1.2.0.raucb | od -An -tx1 | tr -d ' \n')))
cp bundles/1.2.0.raucb bundles/payload-flipped.raucb
flip bundles/payload-flipped.raucb $(((size - sigsize) / 3))
cp bundles/1.2.0.raucb bundles/signature-flipped.raucb
flip bundles/signature-flipped.raucb $((size - 8 - sigsize / 2))
head -c $((size / 2)) bundles/1.2.0.raucb > bundles/truncated.raucb

rig_boot A
update status | grep -q "booted: slot A" || fail "status does not show slot A booted"

echo "== bad bundles are refused with RAUC's reason, nothing written"
for b in payload-flipped signature-flipped other-cert other-compat truncated; do
    if update install "bundles/$b.raucb" > out.txt 2> refused.txt; then
        fail "$b was installed"
    fi
    reason=$(sed -n 's/.*RAUC refused the bundle: //p' refused.txt)
    [ -n "$reason" ] || { cat refused.txt; fail "$b refused without RAUC's reason"; }
    echo "  $b: $reason"
    [ "$(primary)" = A ] || fail "$b changed the primary slot"
done
grep -qi compatible <<< "$(update install bundles/other-compat.raucb 2>&1 || true)" ||
    fail "a wrong compatible is not named as such"

echo "== kill -9 of the service mid-install: the old slot still boots"
rig_hold
update install bundles/1.1.0.raucb > killed.out 2> killed.err &
client=$!
rig_wait_held
rig_kill
rig_release
if wait $client; then fail "the install reported success though RAUC was killed"; fi
grep -q "stopped before the install completed" killed.err || { cat killed.err; fail "kill -9 not explained"; }
[ "$(rig_booted)" = A ] || fail "after kill -9 the bootloader would boot $(rig_booted)"
rig_boot
[ "$(cat "$RIG/booted")" = A ] || fail "the reboot after kill -9 did not come up on A"
update status | grep -q "pending: none" || fail "a killed install was left on trial"

echo "== install 1.1.0, reboot, healthy start marks it good"
t0=$(ms)
update install bundles/1.1.0.raucb > install.out || { cat install.out; fail "install 1.1.0"; }
t_install=$(($(ms) - t0))
grep -q "Copying image to rootfs.1" install.out || fail "no progress shown"
[ "$(primary)" = B ] || fail "1.1.0 did not become primary"
[ "$(rig_slot_version B)" = 1.1.0 ] || fail "slot B does not hold 1.1.0"
update status | grep -q "pending: 1.1.0 in slot B" || fail "1.1.0 not on trial"
rig_boot
[ "$(cat "$RIG/booted")" = B ] || fail "the reboot did not come up on B"
# The kiosk itself: its first frame with a database that opens marks it good.
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$ck" --config kiosk.ini >> kiosk.log 2>&1 &
kiosk=$!
for _ in $(seq 150); do update status | grep -q "floor: 1.1.0" && break; sleep 0.1; done
kill "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null || true
update status | grep -q "floor: 1.1.0" || { tail kiosk.log; fail "the healthy start did not mark 1.1.0 good"; }
grep -q '^B=good' "$RIG/bootstate" || fail "RAUC did not mark slot B good"
[ "$(outbox success)" = 1.1.0 ] || fail "success not reported for 1.1.0 after mark-good"
update mark-good | grep -q "nothing waits" || fail "second mark-good"

echo "== downgrades are refused (the floor, and the running version)"
for v in 1.0.5 1.1.0; do
    if update install "bundles/$v.raucb" 2> refused.txt; then fail "$v was installed over 1.1.0"; fi
    grep -q "is not newer than" refused.txt || { cat refused.txt; fail "downgrade $v not explained"; }
    echo "  $v: $(sed 's/.*: version/version/' refused.txt)"
done

echo "== 1.2.0 fails its starts and is rolled back"
update install bundles/1.2.0.raucb > /dev/null || fail "install 1.2.0"
rig_boot
[ "$(cat "$RIG/booted")" = A ] || fail "1.2.0 did not boot from A"
t0=$(ms)
for n in 1 2; do
    rc=0; kiosk_start broken.ini 3 || rc=$?
    [ $rc = 124 ] || fail "failed start $n ended with $rc"
    [ "$(outbox success)" = 1.1.0 ] || fail "1.2.0 was reported a success"
done
t1=$(ms)
rc=0; kiosk_start broken.ini 10 || rc=$?
[ $rc = 3 ] || fail "start 3 of a failing version did not give up (exit $rc)"
grep -q '^A=bad' "$RIG/bootstate" || fail "slot A not marked bad"
rig_boot
[ "$(cat "$RIG/booted")" = B ] || fail "the bootloader did not go back to B"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy "$ck" --config kiosk.ini >> kiosk.log 2>&1 &
kiosk=$!
for _ in $(seq 100); do [ "$(outbox 'rolled back')" = 1.2.0 ] && break; sleep 0.1; done
t_rollback=$(($(ms) - t1))
t_trial=$(($(ms) - t0))
kill "$kiosk" 2>/dev/null; wait "$kiosk" 2>/dev/null || true
[ "$(outbox 'rolled back')" = 1.2.0 ] || fail "the rollback of 1.2.0 was not reported"
update status | grep -q "last: 1.2.0 was rolled back" || fail "status does not tell the rollback"
update status | grep -q "floor: 1.1.0" || fail "the floor moved"

echo "== a bundle swapped after its check: RAUC installs what was checked"
# The attacker wins the race: right after `rauc info` checked the file the
# technician named (1.3.0, above the floor), it becomes a validly signed
# 1.0.5. A `rauc` first on PATH runs the real `rauc info`, then swaps.
mkdir -p race
cat > race/rauc <<SH
#!/bin/sh
PATH=${PATH}
rauc "\$@"; rc=\$?
cp "$work/bundles/1.0.5.raucb" "$work/bundles/race.raucb"
exit \$rc
SH
chmod +x race/rauc
cp bundles/1.3.0.raucb bundles/race.raucb
PATH=$work/race:$PATH update install bundles/race.raucb > race.out 2> race.err ||
    { cat race.err; fail "the install whose source was swapped failed"; }
[ "$(rig_slot_version A)" = 1.3.0 ] || fail "the swapped-in $(rig_slot_version A) was installed"
grep -q "version 1.3.0 installed" race.out || fail "the install does not name 1.3.0"

echo "== a bundle overwritten while RAUC installs it: the slot holds what was signed"
rig_bundle 1.4.0 bundles/1.4.0.raucb
rig_hold
update install bundles/1.4.0.raucb > swap.out 2> swap.err &
client=$!
rig_wait_held
cp bundles/1.4.0.raucb bundles/1.4.0.orig
dd if=bundles/payload-flipped.raucb of=bundles/1.4.0.raucb conv=notrunc status=none
rig_release
wait $client || { cat swap.err; fail "the install with an overwritten source failed"; }
digest=$(rauc info --conf="$RIG/system.conf" --output-format=shell bundles/1.4.0.orig 2>/dev/null |
    sed -n "s/^RAUC_IMAGE_DIGEST_0='\(.*\)'/\1/p")
slot=$(sed -n 1p "$RIG/loops") # B is booted: RAUC writes A
written=$(head -c 4194304 "$slot" | sha256sum | cut -d' ' -f1)
[ -n "$digest" ] && [ "$digest" = "$written" ] || fail "the slot holds something else than the signed 1.4.0 image"

echo "== times: install ${t_install} ms; rollback ${t_rollback} ms (the start that gives up," \
    "reboot, the old version reporting it; ${t_trial} ms with the two failed 3 s starts before)"
echo "update with the real RAUC: ok"
