#!/usr/bin/env bash
# The details journeys (details-*.journey) again, with everything the kiosk
# logs kept: none of the values on file (phone, street, member number) nor
# any value typed (phones, addresses, member ids) may appear in a log line.
# Usage: check-details-logs.sh CAREKIOSK SOURCE_DIR SCRATCH_DIR
set -u
K=$1
SRC=$2
T=$3
rm -rf "$T"
mkdir -p "$T"
# On file (demo data) and typed in the journeys (gen-details.py).
secrets=(0124 0116 0127 0119 "555 01" "Main Street" "Rua das Flores" "MG Road" "Calle Mayor"
    7919 8822 2734 0110 ACM00 UNI33 STR55 SAN00 5550123456 "Oak Avenue" "Bela Vista"
    "Park Street" "Calle Nueva" 62704 13010 411001 45001 BSH-2024 "BSH2024")
fail=0
n=0
for j in "$SRC"/tests/journeys/details-*.journey; do
    name=$(basename "$j" .journey)
    n=$((n + 1))
    if ! "$K" --headless --demo --now 2026-03-10T10:00 --size 1080x1920 --assets "$SRC/assets" \
        --play "$j" --shots "$T/$name" >"$T/$name.log" 2>&1; then
        echo "FAIL: $name did not play"
        fail=1
        continue
    fi
    for s in "${secrets[@]}"; do
        if grep -n -F -- "$s" "$T/$name.log" | grep -v "Journey played" >/dev/null; then
            echo "FAIL: $name logged '$s'"
            grep -n -F -- "$s" "$T/$name.log" | head -3
            fail=1
        fi
    done
done
echo "details journeys played with logs scanned: $n"
[ "$n" -ge 20 ] || { echo "FAIL: expected the 20 details journeys"; fail=1; }
exit $fail
