#!/usr/bin/env bash
# Benchmark (label bench): the kiosk in a real X window (Xvfb, 1080x1920),
# once per renderer path of kiosk.ini's [screen] renderer. For each it prints
#   - PSS of the whole process on the welcome screen (/proc/PID/smaps_rollup),
#     and how much of it is the X shared-memory framebuffer and the heap;
#   - whether Mesa/LLVM/GL libraries are mapped;
#   - the first-frame time the kiosk reports (CAREKIOSK_TIMING=1);
#   - the demo journey played in the window (carekiosk --play ... --windowed):
#     its peak PSS (sampled every 50 ms), frame time (build + draw + present)
#     and input-to-frame time, p50 / p99, as the kiosk reports them;
#   - where the PSS goes at that peak (framebuffer, heap, other anonymous,
#     libraries by group), from /proc/PID/smaps;
#   - software path: CPU ticks over 60 s idle on the welcome screen, with the
#     USB printer and reader drivers configured and no device present
#     (BENCH_IDLE_S overrides the 60 s);
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

    # The demo journey in the window: peak PSS and the kiosk's timing.
    jlog=$work/$path-journey.log
    DISPLAY=$display SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy TZ=UTC CAREKIOSK_TIMING=1 \
        "$exe" --config "$work/$path.ini" --demo --windowed --size 1080x1920 --assets "$assets" \
        --play "$assets/demo/demo-journey.txt" >"$jlog" 2>&1 &
    kiosk_pid=$!
    peak=0
    while kill -0 "$kiosk_pid" 2>/dev/null; do
        p=$(kb Pss "/proc/$kiosk_pid/smaps_rollup" 2>/dev/null)
        if [ -n "$p" ] && [ "$p" -gt "$peak" ]; then
            peak=$p
            cp "/proc/$kiosk_pid/smaps" "$work/peak-smaps" 2>/dev/null
        fi
        sleep 0.05
    done
    wait "$kiosk_pid" 2>/dev/null
    kiosk_pid=""
    echo "$path: demo journey in the window: peak PSS $(mb "$peak") MB"
    sed -n "s/^frames: /$path: journey frames: /p; s/^input to frame: /$path: input to frame: /p" "$jlog"
    if [ -s "$work/peak-smaps" ]; then
        echo "$path: where the peak's PSS is (kB):"
        awk '/^[0-9a-f]+-/ { n = $6; if (n == "") n = "[anon]" }
             $1 == "Pss:" {
                 g = "other libraries"
                 if (n ~ /SYSV/) g = "X shared-memory framebuffer"
                 else if (n == "[heap]") g = "heap (fonts, HarfBuzz tables, SQLite, app)"
                 else if (n == "[anon]") g = "other anonymous (text masks, images, thread stacks)"
                 else if (n ~ /\[stack\]/) g = "main stack"
                 else if (n ~ /carekiosk/) g = "the carekiosk binary"
                 else if (n ~ /libSDL2|libX|libxcb/) g = "SDL2 and X11 libraries"
                 else if (n ~ /freetype|harfbuzz|SDL2_ttf|SDL2_image|png|jpeg|webp|tiff/) g = "font and image libraries"
                 else if (n ~ /sqlite/) g = "SQLite library"
                 else if (n ~ /espeak|pulse|asound|pcaudio|sndfile|vorbis|FLAC|opus|ogg/) g = "speech and audio libraries"
                 else if (n ~ /curl|ssl|crypto|gnutls|nghttp|ssh|psl|idn|gssapi|krb5|ldap|sasl|rtmp|brotli|zstd|p11|tasn1|nettle|hogweed|gmp|unistring/) g = "TLS and HTTP libraries"
                 else if (n ~ /libLLVM|libGL|libEGL|_dri|gallium|glapi|libdrm|libgbm/) g = "GL, Mesa and LLVM"
                 else if (n ~ /libc\.so|libm\.so|ld-linux|libstdc|libgcc/) g = "C and C++ runtime"
                 t[g] += $2
             }
             END { for (g in t) printf "  %7d  %s\n", t[g], g }' "$work/peak-smaps" | sort -rn
    fi
    if [ -n "$frames" ]; then
        (cd "$work" && DISPLAY=$display SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy TZ=UTC \
            "$frames" "$assets" "$path") || echo "$path: frame times not measured"
    fi
done

# Idle: the welcome screen with the USB drivers configured and nothing
# plugged in; utime + stime of the kiosk over the idle time, in clock ticks.
idle_s=${BENCH_IDLE_S:-60}
printf '[screen]\nrenderer = software\n[devices]\nprinter = escpos-usb\nreader = usb\n' \
    >"$work/idle.ini"
DISPLAY=$display SDL_VIDEODRIVER=x11 SDL_AUDIODRIVER=dummy TZ=UTC \
    "$exe" --config "$work/idle.ini" --demo --windowed --size 1080x1920 --assets "$assets" \
    >"$work/idle.log" 2>&1 &
kiosk_pid=$!
sleep 3
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
if kill -0 "$kiosk_pid" 2>/dev/null; then
    t0=$(ticks "$kiosk_pid")
    sleep "$idle_s"
    t1=$(ticks "$kiosk_pid")
    echo "software: idle on the welcome screen (USB printer and reader configured, none present):" \
        "$((t1 - t0)) CPU ticks over $idle_s s (clock ticks of $(getconf CLK_TCK) Hz)"
    kill -TERM "$kiosk_pid"
    wait "$kiosk_pid" 2>/dev/null
else
    echo "software: idle not measured: the kiosk did not start; its log:"
    tail -3 "$work/idle.log"
fi
kiosk_pid=""

if [ "$measured" = 0 ]; then
    echo "FAIL: nothing measured"
    exit 1
fi
echo "ok: $measured renderer paths measured"
