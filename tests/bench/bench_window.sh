#!/usr/bin/env bash
# Benchmark (label bench): the kiosk in a real X window (Xvfb, 1080x1920),
# once per renderer path of kiosk.ini's [screen] renderer. For each it prints
#   - PSS of the whole process on the welcome screen (/proc/PID/smaps_rollup),
#     and how much of it is the X shared-memory framebuffer and the heap;
#   - whether Mesa/LLVM/GL libraries are mapped;
#   - the first-frame time the kiosk reports (CAREKIOSK_TIMING=1);
#   - with BENCH_WINDOW_FRAMES (the third argument), frame time per screen of
#     the demo steps drawn and presented in the window, p50 / p99.
# It asserts only that it measured. Exit 77 (skip), with the reason, without
# Xvfb.
# Usage: bench_window.sh CAREKIOSK ASSETS_DIR [BENCH_WINDOW_FRAMES]
set -u
exe=$1
assets=$2
frames=${3:-}
if ! command -v Xvfb >/dev/null 2>&1; then
    echo "skip: Xvfb not installed (Debian package xvfb)"
    exit 77
fi
work=$(mktemp -d)
xvfb_pid=""
kiosk_pid=""
cleanup() {
    [ -n "$kiosk_pid" ] && kill "$kiosk_pid" 2>/dev/null
    [ -n "$xvfb_pid" ] && kill "$xvfb_pid" 2>/dev/null
    wait 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT INT TERM

# Xvfb picks a free display itself and writes its number to fd 3.
Xvfb -displayfd 3 -nolisten tcp -screen 0 1080x1920x24 3>"$work/display" >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do
    [ -s "$work/display" ] && break
    sleep 0.1
done
if [ ! -s "$work/display" ]; then
    echo "FAIL: Xvfb did not start; its log:"
    tail -5 "$work/xvfb.log"
    exit 1
fi
display=:$(tr -d '\n' <"$work/display")
echo "Xvfb on display $display, 1080x1920x24"

kb() { # FIELD FILE: a field of smaps_rollup in kB
    awk -v f="$1:" '$1 == f { print $2 }' "$2"
}
mb() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }

measured=0
for path in software gpu auto; do
    printf '[screen]\nrenderer = %s\n' "$path" >"$work/$path.ini"
    log=$work/$path.log
    : >"$log"
    DISPLAY=$display SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy TZ=UTC CAREKIOSK_TIMING=1 \
        "$exe" --config "$work/$path.ini" --demo --windowed --size 1080x1920 --assets "$assets" \
        >"$log" 2>&1 &
    kiosk_pid=$!
    # The welcome screen is up once the renderer is named; then let it settle.
    for _ in $(seq 200); do
        grep -q 'render: renderer' "$log" && break
        kill -0 "$kiosk_pid" 2>/dev/null || break
        sleep 0.1
    done
    sleep 3
    if ! kill -0 "$kiosk_pid" 2>/dev/null; then
        echo "$path: the kiosk did not start; its log:"
        tail -5 "$log"
        kiosk_pid=""
        continue
    fi
    cp "/proc/$kiosk_pid/smaps_rollup" "$work/rollup"
    shm=$(awk '/SYSV/ { s = 1; next } /^[0-9a-f]+-/ { s = 0 } s && $1 == "Pss:" { t += $2 }
               END { print t + 0 }' "/proc/$kiosk_pid/smaps")
    heap=$(awk '/\[heap\]/ { s = 1; next } /^[0-9a-f]+-/ { s = 0 } s && $1 == "Pss:" { t += $2 }
                END { print t + 0 }' "/proc/$kiosk_pid/smaps")
    libs=$(awk '{ print $6 }' "/proc/$kiosk_pid/maps" | grep -E 'libLLVM|libGL|libEGL|_dri\.so|libgallium|libglapi' |
        sed 's|.*/||' | sort -u | tr '\n' ' ')
    kill -TERM "$kiosk_pid"
    wait "$kiosk_pid" 2>/dev/null
    kiosk_pid=""
    pss=$(kb Pss "$work/rollup")
    renderer=$(sed -n 's/.*render: renderer: //p' "$log" | head -1)
    first=$(sed -n 's/^first frame \([0-9]*\) ms.*/\1/p' "$log")
    echo "$path (SDL renderer ${renderer:-?}): PSS on the welcome screen $(mb "$pss") MB" \
        "(anonymous $(mb "$(kb Pss_Anon "$work/rollup")"), files $(mb "$(kb Pss_File "$work/rollup")")," \
        "heap $(mb "$heap"), X shared-memory framebuffer $(mb "$shm"))"
    echo "$path: GL libraries mapped: ${libs:-none}"
    echo "$path: first frame ${first:-?} ms after the kiosk started opening its parts"
    [ -n "$pss" ] && measured=$((measured + 1))
    if [ -n "$frames" ]; then
        (cd "$work" && DISPLAY=$display SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy TZ=UTC \
            "$frames" "$assets" "$path") || echo "$path: frame times not measured"
    fi
done
if [ "$measured" = 0 ]; then
    echo "FAIL: nothing measured"
    exit 1
fi
echo "ok: $measured renderer paths measured"
