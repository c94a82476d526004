#!/usr/bin/env bash
# A RAUC system in a folder, for the update tests (sourced, not run): a test
# PKI, two ext4 rootfs slots on loop devices with a raw appfs slot in a file
# beside each, a custom bootloader backend keeping its state in a file, a
# private D-Bus bus and `rauc service` on it. Needs root (loop devices).
#   rig_setup DIR        make everything under DIR (exported: RIG, COMPAT)
#   rig_boot [SLOT]      start the service as booted from SLOT (A/B), or
#                        from what the bootloader picks (primary if good)
#   rig_stop             stop the service (rig_kill: kill -9)
#   rig_bundle VER OUT [CERT KEY] [COMPATIBLE]   build a signed bundle
#   rig_hold / rig_release   make the next install wait before it writes a slot
#   rig_teardown         stop everything, detach the loop devices
COMPAT=carekiosk-test-x86_64

rig_skip_reason() {
    [ "$(id -u)" = 0 ] || { echo "needs root (loop devices, rauc install)"; return; }
    local t
    for t in rauc mksquashfs dbus-daemon losetup mkfs.ext4 openssl debugfs; do
        command -v "$t" >/dev/null || { echo "$t is not installed"; return; }
    done
    [ -e /dev/loop-control ] || { echo "no loop devices (/dev/loop-control)"; return; }
    grep -qw squashfs /proc/filesystems || modprobe squashfs 2>/dev/null ||
        { echo "the kernel has no squashfs"; return; }
}

rig_pki() { # DIR: ca.pem, signing cert/key, and an unrelated CA's signing pair
    local d=$1 n
    mkdir -p "$d"
    cat > "$d/ext.cnf" <<CNF
[ca]
basicConstraints=critical,CA:TRUE
keyUsage=critical,keyCertSign,cRLSign
subjectKeyIdentifier=hash
[leaf]
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid
CNF
    for n in "" other-; do
        openssl req -x509 -newkey rsa:2048 -nodes -days 30 -subj "/CN=carekiosk ${n}test CA" \
            -keyout "$d/${n}ca.key" -out "$d/${n}ca.pem" -extensions ca -config <(
                printf '[req]\ndistinguished_name=dn\n[dn]\n'
                cat "$d/ext.cnf"
            ) 2>/dev/null
        openssl req -newkey rsa:2048 -nodes -subj "/CN=carekiosk ${n}release" \
            -keyout "$d/${n}release.key" -out "$d/${n}release.csr" 2>/dev/null
        openssl x509 -req -in "$d/${n}release.csr" -CA "$d/${n}ca.pem" -CAkey "$d/${n}ca.key" \
            -CAcreateserial -days 30 -extfile "$d/ext.cnf" -extensions leaf \
            -out "$d/${n}release.pem" 2>/dev/null
    done
}

rig_setup() {
    RIG=$1
    export RIG COMPAT
    rm -rf "$RIG"
    mkdir -p "$RIG/data" "$RIG/mnt" "$RIG/bundles"
    rig_pki "$RIG/pki"
    local s dev
    for s in 0 1; do
        truncate -s 16M "$RIG/rootfs$s.img"
        mkfs.ext4 -q -L "rootfs$s" "$RIG/rootfs$s.img"
        dev=$(losetup -f --show "$RIG/rootfs$s.img")
        echo "$dev" >> "$RIG/loops"
        eval "dev$s=$dev"
        truncate -s 1M "$RIG/appfs$s.raw"
    done
    # The bootloader: primary slot and each slot's good/bad in one file.
    printf 'primary=A\nA=good\nB=good\n' > "$RIG/bootstate"
    cat > "$RIG/bootloader.sh" <<'SH'
#!/bin/sh
# RAUC custom bootloader backend: get-primary, set-primary S, get-state S,
# set-state S good|bad. A real bootloader marks the slot it is told to boot
# good (set-primary); a bad primary falls back to the other slot at boot.
f=$(dirname "$0")/bootstate
get() { sed -n "s/^$1=//p" "$f"; }
put() { { grep -v "^$1=" "$f"; echo "$1=$2"; } > "$f.new" && mv "$f.new" "$f"; }
case $1 in
get-primary) get primary ;;
set-primary) put primary "$2"; put "$2" good ;;
get-state) get "$2" ;;
set-state) put "$2" "$3" ;;
*) exit 1 ;;
esac
SH
    chmod +x "$RIG/bootloader.sh"
    # RAUC runs this after it verified and mounted the bundle, before it
    # writes a slot: with $RIG/hold present it waits there, so a test can
    # act mid-install (kill -9 the service, swap the bundle file).
    cat > "$RIG/pre-install.sh" <<'SH'
#!/bin/sh
d=$(dirname "$0")
[ -e "$d/hold" ] || exit 0
echo $$ > "$d/holding"
for _ in $(seq 300); do [ -e "$d/hold" ] || exit 0; sleep 0.1; done
SH
    chmod +x "$RIG/pre-install.sh"
    cat > "$RIG/system.conf" <<CONF
[system]
compatible=$COMPAT
bootloader=custom
mountprefix=$RIG/mnt
data-directory=$RIG/data

[keyring]
path=$RIG/pki/ca.pem

[handlers]
bootloader-custom-backend=$RIG/bootloader.sh
pre-install=$RIG/pre-install.sh

[slot.rootfs.0]
device=$dev0
type=ext4
bootname=A

[slot.rootfs.1]
device=$dev1
type=ext4
bootname=B

[slot.appfs.0]
device=$RIG/appfs0.raw
type=raw
parent=rootfs.0

[slot.appfs.1]
device=$RIG/appfs1.raw
type=raw
parent=rootfs.1
CONF
    # What the kiosk's first version left in slot A.
    rig_rootfs 1.0.0 "$RIG/v1.ext4"
    dd if="$RIG/v1.ext4" of="$dev0" bs=1M conv=fsync status=none
    dbus-daemon --session --address="unix:path=$RIG/bus" --fork --print-pid > "$RIG/dbus.pid"
    export DBUS_SESSION_BUS_ADDRESS="unix:path=$RIG/bus" DBUS_STARTER_BUS_TYPE=session
    for _ in $(seq 50); do [ -S "$RIG/bus" ] && break; sleep 0.1; done
}

rig_rootfs() { # VERSION OUT: an ext4 image holding /VERSION
    local d
    d=$(mktemp -d)
    echo "$1" > "$d/VERSION"
    rm -f "$2"
    truncate -s 4M "$2"
    mkfs.ext4 -q -d "$d" "$2"
    rm -rf "$d"
}

rig_bundle() { # VERSION OUT [CERT KEY] [COMPATIBLE]
    local ver=$1 out=$2 cert=${3:-$RIG/pki/release.pem} key=${4:-$RIG/pki/release.key}
    local compat=${5:-$COMPAT} d
    d=$(mktemp -d)
    rig_rootfs "$ver" "$d/rootfs.ext4"
    printf 'appfs %s\n' "$ver" > "$d/appfs.img"
    truncate -s 64K "$d/appfs.img"
    cat > "$d/manifest.raucm" <<MF
[update]
compatible=$compat
version=$ver

[bundle]
format=plain

[image.rootfs]
filename=rootfs.ext4

[image.appfs]
filename=appfs.img
MF
    rm -f "$out"
    rauc bundle --cert="$cert" --key="$key" "$d" "$out" > "$d.log" 2>&1 ||
        { cat "$d.log"; rm -rf "$d" "$d.log"; return 1; }
    rm -rf "$d" "$d.log"
}

rig_booted() { # the slot the bootloader boots: primary if good, else the other
    local p st
    p=$(sed -n 's/^primary=//p' "$RIG/bootstate")
    st=$(sed -n "s/^$p=//p" "$RIG/bootstate")
    if [ "$st" = good ]; then echo "$p"; elif [ "$p" = A ]; then echo B; else echo A; fi
}

rig_boot() { # [SLOT]
    local slot=${1:-$(rig_booted)}
    rig_stop
    echo "$slot" > "$RIG/booted"
    rauc service --conf="$RIG/system.conf" --override-boot-slot="$slot" \
        > "$RIG/service.log" 2>&1 &
    echo $! > "$RIG/service.pid"
    for _ in $(seq 100); do
        rauc status --conf="$RIG/system.conf" > /dev/null 2>&1 && return 0
        sleep 0.1
    done
    echo "rauc service did not come up"; cat "$RIG/service.log"
    return 1
}

rig_stop() {
    [ -f "$RIG/service.pid" ] || return 0
    local pid
    pid=$(cat "$RIG/service.pid")
    { kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; } || true
    rm -f "$RIG/service.pid"
    return 0
}

rig_kill() {
    local pid
    pid=$(cat "$RIG/service.pid")
    kill -9 "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null || true
    rm -f "$RIG/service.pid"
    return 0
}

rig_slot_version() { # bootname: /VERSION inside that slot's ext4
    local n=0
    [ "$1" = B ] && n=1
    debugfs -R "cat /VERSION" "$(sed -n "$((n + 1))p" "$RIG/loops")" 2>/dev/null
}

rig_hold() {
    rm -f "$RIG/holding"
    touch "$RIG/hold"
}
rig_wait_held() {
    for _ in $(seq 200); do [ -s "$RIG/holding" ] && return 0; sleep 0.05; done
    echo "the install never reached the pre-install handler"
    return 1
}
rig_release() {
    rm -f "$RIG/hold"
}

rig_teardown() {
    set +e
    [ -n "${RIG:-}" ] || return 0
    rig_release
    rig_stop
    [ -f "$RIG/dbus.pid" ] && kill "$(cat "$RIG/dbus.pid")" 2>/dev/null
    grep -o "$RIG/mnt/[^ ]*" /proc/mounts 2>/dev/null | sort -r | xargs -r -n1 umount -l
    if [ -f "$RIG/loops" ]; then
        while read -r l; do losetup -d "$l" 2>/dev/null; done < "$RIG/loops"
    fi
    rm -f "$RIG/loops"
}
