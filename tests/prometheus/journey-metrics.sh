#!/bin/sh
# The journey player writes the fleet metrics: after a paper-out journey
# the file says paper out, one check-in today, the outbox holding the
# check-in and the staff alert, and (the last file of a clean stop) up 0;
# the next run tells from it that the one before stopped cleanly (or not). No
# patient data in it. Usage: journey-metrics.sh CAREKIOSK SOURCE_DIR SCRATCH_DIR
set -eu
kiosk=$1
src=$2
scratch=$3
rm -rf "$scratch"
mkdir -p "$scratch/textfile"
printf '[metrics]\ntextfile_dir = %s\n' "$scratch/textfile" >"$scratch/kiosk.ini"
play() {
    SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=UTC "$kiosk" --config "$scratch/kiosk.ini" \
        --headless --demo --now 2026-03-10T10:00 --size 1080x1920 --assets "$src/assets" \
        --play "$src/tests/journeys/$1.journey" --shots "$scratch/shots" >"$scratch/kiosk.log" 2>&1
}
prom=$scratch/textfile/carekiosk.prom
expect() {
    if ! grep -qx "$1" "$prom"; then
        echo "FAIL: no line '$1' in the metrics file:"
        cat "$prom"
        exit 1
    fi
}
play checkin-paper-out
expect 'carekiosk_printer_state{state="paper_out"} 1'
expect 'carekiosk_printer_state{state="ok"} 0'
expect 'carekiosk_checkins_today 1'
expect 'carekiosk_outbox_waiting_messages 2'
expect 'carekiosk_start_reason{reason="first"} 1'
expect 'carekiosk_up 0'
expect 'carekiosk_heartbeat_timestamp_seconds 1773136800.000'
if grep -Eiq 'silva|1984|APPT-|A001' "$prom"; then
    echo "FAIL: patient data in the metrics file"
    exit 1
fi
[ "$(ls -A "$scratch/textfile")" = carekiosk.prom ]
if command -v promtool >/dev/null 2>&1; then
    promtool check metrics <"$prom"
else
    echo "promtool not installed: its lint skipped"
fi
play checkin-happy
expect 'carekiosk_start_reason{reason="clean"} 1'
expect 'carekiosk_printer_state{state="ok"} 1'
# A run that ended without its last file (crash, kill -9, power cut) left up 1.
sed -i 's/^carekiosk_up 0$/carekiosk_up 1/' "$prom"
play checkin-happy
expect 'carekiosk_start_reason{reason="unclean"} 1'
echo "ok: $(wc -c <"$prom") bytes"
