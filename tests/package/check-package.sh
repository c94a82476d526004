#!/usr/bin/env bash
# What a kiosk image gets: `cmake --install` into a staging root, the systemd
# unit checked by systemd itself, the installed program finding its assets, and
# the .deb that CPack builds from the same install rules.
#   check-package.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$build/package-check
rm -rf "$work"
mkdir -p "$work"
root=$work/root
fail=0
bad() {
    echo "FAIL: $*"
    fail=1
}

echo "== cmake --install into a staging root"
DESTDIR=$root cmake --install "$build" --prefix /usr >"$work/install.log"
for f in usr/bin/carekiosk \
    usr/share/carekiosk/assets/branding/default/brand.ini \
    usr/share/carekiosk/assets/fonts \
    usr/share/carekiosk/assets/i18n \
    usr/share/carekiosk/locale \
    usr/share/carekiosk/systemd/carekiosk-cage.conf \
    usr/lib/systemd/system/carekiosk.service \
    usr/lib/sysusers.d/carekiosk.conf \
    usr/lib/udev/rules.d/70-carekiosk.rules \
    usr/share/dbus-1/system.d/carekiosk-rauc.conf \
    etc/carekiosk/kiosk.ini; do
    [ -e "$root/$f" ] || bad "not installed: $f"
done
for f in usr/share/carekiosk/assets/systemd usr/share/carekiosk/assets/udev \
    usr/share/carekiosk/assets/debian usr/share/carekiosk/assets/dbus; do
    [ ! -e "$root/$f" ] || bad "packaging files leaked into the assets: $f"
done

echo "== the installed program finds its installed assets"
# The branding check reads the pack and its fonts from the installed tree.
"$root/usr/bin/carekiosk" brand check "$root/usr/share/carekiosk/assets/branding/default" \
    >"$work/brand.log" 2>&1 || {
    cat "$work/brand.log"
    bad "installed brand check"
}
# The program resolves assets beside itself (../share/carekiosk/assets): run the
# demo journey offscreen from the staging root with no source tree around.
(cd "$work" && SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
    "$root/usr/bin/carekiosk" --db "$work/status.db" status >"$work/status.log" 2>&1) || {
    cat "$work/status.log"
    bad "installed status"
}

echo "== the compiled translation catalogs"
# Built from assets/i18n/*.po by msgfmt; the program reads them from
# ../share/carekiosk/locale beside itself.
for po in "$src"/assets/i18n/*.po; do
    lang=$(basename "$po" .po)
    mo=$root/usr/share/carekiosk/locale/$lang.mo
    if [ ! -f "$mo" ]; then
        bad "catalog not installed: usr/share/carekiosk/locale/$lang.mo"
    elif ! msgunfmt "$mo" >"$work/$lang.unfmt" 2>&1; then
        bad "installed catalog $lang.mo does not read back"
    elif ! grep -q '^"Plural-Forms: ' "$work/$lang.unfmt"; then
        bad "installed catalog $lang.mo has no Plural-Forms"
    fi
done
# The installed program shows Portuguese: it found and accepted the catalog.
printf 'tap lang.pt-BR\nexpect text "Bem-vindo"\n' >"$work/pt.journey"
(cd "$work" && SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy \
    "$root/usr/bin/carekiosk" --headless --demo --db "$work/pt.db" --play "$work/pt.journey" \
    --shots "$work/pt-shots" >"$work/pt.log" 2>&1) || {
    cat "$work/pt.log"
    bad "installed program does not show the Portuguese catalog"
}
if grep -E 'catalog (not loaded|refused)|Plural-Forms' "$work/pt.log"; then
    bad "installed program complained about its catalogs"
fi

echo "== systemd checks the unit"
if command -v systemd-analyze >/dev/null; then
    # systemd-analyze verify wants the ExecStart binary to exist; check a copy
    # pointing at the staged one. It exits 0 on unknown keys, so read its words.
    unitdir=$work/units
    mkdir -p "$unitdir"
    sed "s|/usr/bin/carekiosk|$root/usr/bin/carekiosk|" \
        "$root/usr/lib/systemd/system/carekiosk.service" >"$unitdir/carekiosk.service"
    grep -q '^Type=notify' "$unitdir/carekiosk.service" || bad "unit is not Type=notify"
    grep -q '^WatchdogSec=' "$unitdir/carekiosk.service" || bad "unit has no watchdog"
    rs=$(sed -n 's/^RestartSec=//p' "$unitdir/carekiosk.service")
    [ -n "$rs" ] && [ "${rs%s}" -le 5 ] || bad "RestartSec '$rs' is not within 5 s"
    grep -q '^Restart=always' "$unitdir/carekiosk.service" || bad "unit does not always restart"
    systemd-analyze verify --man=no "$unitdir/carekiosk.service" >"$work/verify.log" 2>&1 || {
        cat "$work/verify.log"
        bad "systemd-analyze verify failed"
    }
    # Lines about the unit itself (other units on this machine are not ours).
    if grep -E 'carekiosk' "$work/verify.log" | grep -Ei 'unknown|failed|invalid|ignoring|warning' \
        >"$work/verify.warn"; then
        cat "$work/verify.warn"
        bad "systemd-analyze complained about the unit"
    fi
    # Drop-ins parse too: verify the unit with each drop-in applied.
    for d in cage; do
        mkdir -p "$unitdir/carekiosk.service.d"
        rm -f "$unitdir/carekiosk.service.d/"*
        sed -e "s|/usr/bin/carekiosk|$root/usr/bin/carekiosk|" \
            -e "s|/usr/bin/cage|/bin/true|" \
            "$root/usr/share/carekiosk/systemd/carekiosk-$d.conf" \
            >"$unitdir/carekiosk.service.d/$d.conf"
        SYSTEMD_UNIT_PATH="$unitdir:" systemd-analyze verify --man=no \
            "$unitdir/carekiosk.service" >"$work/verify-$d.log" 2>&1 || true
        if grep -E 'carekiosk' "$work/verify-$d.log" |
            grep -Ei 'unknown|failed|invalid|ignoring|warning'; then
            bad "systemd-analyze complained about the $d drop-in"
        fi
    done
else
    bad "systemd-analyze not found (install the systemd package)"
fi

echo "== D-Bus policy for RAUC"
# The kiosk user may mark its slot; it may never install a bundle.
pol="$root/usr/share/dbus-1/system.d/carekiosk-rauc.conf"
grep -q '<policy user="carekiosk">' "$pol" || bad "D-Bus policy names no carekiosk user"
grep -q 'send_member="Mark"' "$pol" || bad "D-Bus policy does not allow Mark"
! grep -q 'InstallBundle' "$pol" || bad "D-Bus policy lets the kiosk user install bundles"

echo "== udev rules"
if command -v udevadm >/dev/null; then
    udevadm verify "$root/usr/lib/udev/rules.d/70-carekiosk.rules" >"$work/udev.log" 2>&1 ||
        grep -q "Unknown command" "$work/udev.log" || {
        cat "$work/udev.log"
        bad "udevadm verify"
    }
fi
# Every rule line matches on a vendor or interface and hands the node to the kiosk group.
while IFS= read -r line; do
    case $line in '' | '#'*) continue ;; esac
    case $line in *GOTO=* | LABEL=*) continue ;; esac
    echo "$line" | grep -q 'GROUP="carekiosk"' || bad "udev rule without the carekiosk group: $line"
    echo "$line" | grep -q 'MODE="0660"' || bad "udev rule not 0660: $line"
done <"$src/assets/udev/70-carekiosk.rules"

echo "== the .deb"
(cd "$work" && cpack --config "$build/CPackConfig.cmake" -B "$work/deb" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log"
    bad "cpack"
}
deb=$(ls "$work"/deb/carekiosk_*.deb 2>/dev/null | head -1)
if [ -z "$deb" ]; then
    bad "no .deb was built"
else
    dpkg-deb -c "$deb" >"$work/deb-contents"
    for f in ./usr/bin/carekiosk ./usr/lib/systemd/system/carekiosk.service \
        ./usr/lib/udev/rules.d/70-carekiosk.rules ./usr/lib/sysusers.d/carekiosk.conf \
        ./etc/carekiosk/kiosk.ini ./usr/share/carekiosk/assets/branding/default/brand.ini \
        ./usr/share/carekiosk/locale/pt-BR.mo; do
        grep -q " $f\$" "$work/deb-contents" || bad ".deb lacks $f"
    done
    dpkg-deb -I "$deb" >"$work/deb-info"
    # Every library the program links against directly must come from a
    # package the .deb depends on (libc aside), or a kiosk installed from
    # it would not start. The package of each library is asked of dpkg.
    depends=$(sed -n 's/^ *Depends: //p' "$work/deb-info")
    bin="$build/carekiosk"
    for soname in $(objdump -p "$bin" | awk '/NEEDED/ {print $2}'); do
        # libc and the sanitizer runtimes of a test build are not the package's to name.
        case $soname in libc.so.* | libm.so.* | libgcc_s.so.* | ld-linux* | libasan.so.* | \
            libubsan.so.* | liblsan.so.* | libtsan.so.*) continue ;; esac
        path=$(ldd "$bin" | awk -v n="$soname" '$1 == n {print $3}' || true)
        [ -n "$path" ] || continue
        pkg=$(dpkg -S "$(readlink -f "$path")" 2>/dev/null | head -1 | cut -d: -f1 || true)
        [ -n "$pkg" ] || pkg=$(dpkg -S "$path" 2>/dev/null | head -1 | cut -d: -f1 || true)
        if [ -z "$pkg" ]; then
            echo "note: no package owns $path"
        elif ! printf '%s' "$depends" | grep -qE "(^|, )$pkg( |,|$)"; then
            bad ".deb does not depend on $pkg (for $soname)"
        fi
    done
    grep -q ' postinst' "$work/deb-info" || bad ".deb has no postinst"
    dpkg-deb -e "$deb" "$work/control"
    grep -qx '/etc/carekiosk/kiosk.ini' "$work/control/conffiles" || bad "kiosk.ini is not a conffile"
    sh -n "$work/control/postinst" || bad "postinst does not parse"
    echo "built $(basename "$deb"): $(stat -c %s "$deb") bytes, $(wc -l <"$work/deb-contents") entries"
fi

[ "$fail" = 0 ] && echo "package ok"
exit "$fail"
