#!/usr/bin/env bash
# Benchmark (label bench): figures for the whole executable; asserts nothing
# about time.
#   - process start to first frame: the demo kiosk playing a one-line
#     journey ("screen welcome"), wall time of the whole run, median of 10;
#   - peak RSS over the demo journey (GNU time);
#   - CPU used while idle on the welcome screen for 30 s, in a real window
#     under Xvfb (skipped when xvfb-run is not installed).
set -u
exe=$1
assets=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SDL_AUDIODRIVER=dummy TZ=UTC

printf 'screen welcome\n' >"$work/first.journey"
times=()
for i in $(seq 10); do
    s=$(date +%s%N)
    SDL_VIDEODRIVER=dummy "$exe" --headless --demo --assets "$assets" --play "$work/first.journey" \
        --db "$work/first-$i.db" >/dev/null 2>&1 || { echo "first frame run failed"; exit 1; }
    e=$(date +%s%N)
    times+=($(((e - s) / 1000000)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "process start to first frame and exit (ms, 10 runs, sorted): $sorted"
first_line=$(SDL_VIDEODRIVER=dummy CAREKIOSK_TIMING=1 "$exe" --headless --demo --assets "$assets" \
    --play "$work/first.journey" --db "$work/t.db" 2>&1 | grep 'first frame' || true)
[ -n "$first_line" ] && echo "$first_line"

if [ -x /usr/bin/time ]; then
    # The kiosk's own journey (a printed ticket included), then the same with
    # the demo's full-screen PNG screenshots, which only tests and demos take.
    grep -v '^shot' "$assets/demo/demo-journey.txt" >"$work/noshots.journey"
    SDL_VIDEODRIVER=dummy /usr/bin/time -f '%M' -o "$work/rss" "$exe" --headless --demo \
        --assets "$assets" --play "$work/noshots.journey" --shots "$work/paper" >/dev/null 2>&1
    echo "peak RSS over the demo journey: $(($(cat "$work/rss") / 1024)) MB ($(cat "$work/rss") KB)"
    SDL_VIDEODRIVER=dummy /usr/bin/time -f '%M' -o "$work/rss" "$exe" --headless --demo \
        --assets "$assets" --play "$assets/demo/demo-journey.txt" --shots "$work/shots" \
        >/dev/null 2>&1
    echo "peak RSS with 6 PNG screenshots saved on the way: $(($(cat "$work/rss") / 1024)) MB"
else
    echo "peak RSS: skipped (install the 'time' package)"
fi

if command -v xvfb-run >/dev/null 2>&1; then
    xvfb-run -a -s "-screen 0 1080x1920x24" env SDL_VIDEODRIVER=x11 "$exe" --demo --windowed \
        --size 1080x1920 --assets "$assets" >/dev/null 2>&1 &
    sleep 5
    pid=$(pgrep -n -f "carekiosk --demo --windowed" || true)
    if [ -n "$pid" ]; then
        tck=$(getconf CLK_TCK)
        a=$(awk '{print $14 + $15}' /proc/$pid/stat)
        sleep 30
        b=$(awk '{print $14 + $15}' /proc/$pid/stat)
        awk -v a="$a" -v b="$b" -v t="$tck" \
            'BEGIN { printf "idle CPU on the welcome screen over 30 s: %.3f%% of a core (%d ticks)\n", (b - a) / t / 30 * 100, b - a }'
        kill "$pid" 2>/dev/null
        wait 2>/dev/null
    else
        echo "idle CPU: the kiosk did not start under Xvfb"
    fi
else
    echo "idle CPU: skipped (xvfb-run not installed)"
fi
