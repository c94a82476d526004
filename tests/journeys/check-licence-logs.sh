#!/usr/bin/env bash
# The licence journeys leave nothing of the licence in the log: no licence
# number, no name, no date of birth. Plays them as the journey tests do and
# scans everything the kiosk wrote.
# Usage: check-licence-logs.sh CAREKIOSK SOURCE_DIR SHOTS_DIR
set -u
kiosk=$1 src=$2 shots=$3
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for script in "$src"/tests/journeys/checkin-licence*.journey; do
    j=$(basename "$script" .journey)
    if ! "$kiosk" --headless --demo --now 2026-03-10T10:00 --size 1080x1920 \
        --assets "$src/assets" --play "$script" \
        --shots "$shots/$j" >>"$log" 2>&1; then
        echo "journey $j failed:"
        cat "$log"
        exit 1
    fi
done
grep -q "licence read" "$log" || { echo "the scans did not reach the reader"; cat "$log"; exit 1; }
bad=0
for word in C1928374 D7654321 31415926 SILVA Silva SHARMA Sharma RAHUL Rahul \
    1984-03-02 03021984 19840302 1990-07-15 07151990 "PINE ST" "LAKE RD" SACRAMENTO; do
    if grep -qF -- "$word" "$log"; then
        echo "the log holds licence data: $word"
        bad=1
    fi
done
[ $bad -eq 0 ] && echo "licence logs: $(wc -l <"$log") lines, no licence data"
exit $bad
