#!/bin/sh
# The kiosk shell for real: the kiosk runs full screen under cage (wlroots,
# headless backend), as an unprivileged user as on a kiosk (cage refuses
# root), and grim takes a screenshot. cage's headless output is 1280x720
# and takes no injected input, so the frame is checked, not a journey: the
# PNG is 1280x720, and the welcome screen is drawn (the branding's header
# colour at the top, its background and title text colours below it).
# With SIZE 1280x720, the kiosk is given exactly the output's size (such a
# window once stayed black forever) and lays the screen out for it, so its
# title is higher up.
# Usage: check-cage.sh CAREKIOSK SOURCE_DIR BINARY_DIR SCRATCH_DIR [SIZE]
# Exit 77 (skip), with the reason, where cage, grim or Xwayland is missing,
# or where there is no unprivileged user to run it as.
set -eu
kiosk=$1
src=$2
bin=$3
scratch=$4
size=${5:-}
size_arg=""
title_row=240 # the first of the 80 rows the title's text is looked for in
if [ -n "$size" ]; then
    size_arg="--size $size"
    title_row=80
fi
for tool in cage grim Xwayland; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "skip: $tool not installed (Debian packages cage, grim, xwayland)"
        exit 77
    fi
done
as=""
if [ "$(id -u)" = 0 ]; then
    if ! command -v runuser >/dev/null 2>&1 || ! id nobody >/dev/null 2>&1; then
        echo "skip: root, and no runuser or user nobody to run cage as (it refuses root)"
        exit 77
    fi
    as="runuser -u nobody --"
fi

rm -rf "$scratch"
mkdir -p "$scratch"
# The user runs a copy: the build tree may sit in a folder only root reads.
# The program finds its catalogs in <exe>/locale, as in the build tree.
run=$(mktemp -d "${TMPDIR:-/tmp}/carekiosk-cage-XXXXXX")
chmod 755 "$run"
mkdir "$run/kiosk" "$run/xdg"
cp "$kiosk" "$run/kiosk/carekiosk"
cp -r "$src/assets" "$run/kiosk/assets"
cp -r "$bin/locale" "$run/kiosk/locale"
chmod -R a+rX "$run/kiosk"
chmod 700 "$run/xdg"
if [ -n "$as" ]; then
    chown nobody "$run/xdg"
fi
shell_pid=""
cleanup() {
    if [ -n "$shell_pid" ]; then
        # cage is the child of runuser (or this shell's job itself).
        for p in $(pgrep -P "$shell_pid" 2>/dev/null) "$shell_pid"; do
            kill "$p" 2>/dev/null || true
        done
        wait "$shell_pid" 2>/dev/null || true
    fi
    rm -rf "$run"
}
trap cleanup EXIT INT TERM

t0=$(date +%s)
# shellcheck disable=SC2086
$as env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME="$run/xdg" XDG_RUNTIME_DIR="$run/xdg" \
    WLR_BACKENDS=headless WLR_RENDERER=pixman WLR_LIBINPUT_NO_DEVICES=1 \
    SDL_VIDEODRIVER=wayland SDL_AUDIODRIVER=dummy TZ=UTC \
    cage -d -- "$run/kiosk/carekiosk" --demo $size_arg --assets "$run/kiosk/assets" \
    >"$scratch/cage.log" 2>&1 &
shell_pid=$!

grab() { # TYPE FILE
    # shellcheck disable=SC2086
    $as env XDG_RUNTIME_DIR="$run/xdg" WAYLAND_DISPLAY=wayland-0 grim -t "$1" "$2" \
        2>>"$scratch/grim.log"
}
# The colour of pixel (x, y) of a 1280-wide P6 frame, as "r g b".
pixel() { # FILE X Y
    od -An -tu1 -j $((16 + ($3 * 1280 + $2) * 3)) -N3 "$1" | tr -s ' ' | sed 's/^ //'
}
frame=$run/xdg/frame.ppm
drawn=""
end=$((t0 + 40))
while [ "$(date +%s)" -lt $end ]; do
    if ! kill -0 "$shell_pid" 2>/dev/null; then
        echo "FAIL: cage ended before the kiosk was drawn; its log:"
        grep -v 'Basic output test failed' "$scratch/cage.log" | tail -20
        exit 1
    fi
    if [ -S "$run/xdg/wayland-0" ] && grab ppm "$frame" &&
        [ "$(pixel "$frame" 10 10)" = "11 87 164" ]; then
        drawn=yes
        break
    fi
    sleep 1
done
if [ -z "$drawn" ]; then
    echo "FAIL: no welcome screen within 40 s; cage's log:"
    grep -v 'Basic output test failed' "$scratch/cage.log" | tail -20
    exit 1
fi
echo "welcome screen drawn after $(($(date +%s) - t0)) s"
grab png "$run/xdg/welcome.png"
cp "$run/xdg/welcome.png" "$frame" "$scratch/"

# The PNG: signature, then IHDR width and height (big-endian) 1280x720.
sig=$(od -An -tx1 -N8 "$scratch/welcome.png" | tr -d ' \n')
[ "$sig" = 89504e470d0a1a0a ] || { echo "FAIL: not a PNG"; exit 1; }
size=$(od -An -tu1 -j16 -N8 "$scratch/welcome.png" | tr -s ' ' | sed 's/^ //;s/ $//')
if [ "$size" != "0 0 5 0 0 0 2 208" ]; then
    echo "FAIL: screenshot is not 1280x720 (IHDR bytes $size)"
    exit 1
fi
[ "$(head -c 16 "$frame")" = "$(printf 'P6\n1280 720\n255\n')" ]
# Below the header: the background colour (#F4F6F8) left of the title, and
# the title's text colour (#141C24) among the colours of its band.
bg=$(pixel "$frame" 30 200)
[ "$bg" = "244 246 248" ] || { echo "FAIL: background at (30,200) is $bg"; exit 1; }
band=$scratch/title-band.txt
tail -c +$((16 + title_row * 1280 * 3 + 1)) "$frame" | head -c $((80 * 1280 * 3)) |
    od -An -tu1 -v -w3 | tr -s ' ' | sed 's/^ //' | sort | uniq -c | sort -rn >"$band"
colours=$(wc -l <"$band")
if ! grep -q ' 20 28 36$' "$band"; then
    echo "FAIL: no title text (#141C24) in rows $title_row-$((title_row + 79)); colours there:"
    head "$band"
    exit 1
fi
if [ "$colours" -lt 10 ]; then
    echo "FAIL: only $colours colours in the title band: no anti-aliased text"
    exit 1
fi
grep -q 'video driver: wayland' "$scratch/cage.log" ||
    { echo "FAIL: the kiosk did not run on Wayland"; exit 1; }
echo "ok: 1280x720 frame with the welcome screen ($colours colours in the title band)," \
    "in $(($(date +%s) - t0)) s; screenshot: $scratch/welcome.png"
