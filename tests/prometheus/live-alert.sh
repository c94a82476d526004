#!/bin/sh
# The paper-out alert end to end, on the real engines from Debian, on
# loopback only: the kiosk plays a paper-out journey headless and writes
# carekiosk.prom; node_exporter's textfile collector serves it; Prometheus
# scrapes every second with the shipped rules, and its query API shows
# CarekioskPaperOut firing (the rule's own 30 s `for:` included).
# Usage: live-alert.sh CAREKIOSK SOURCE_DIR SCRATCH_DIR
# Exit 77 (skip) when prometheus, prometheus-node-exporter or promtool is
# missing. Everything started here is killed at the end.
set -eu
kiosk=$1
src=$2
scratch=$3
for tool in prometheus prometheus-node-exporter promtool; do
    if ! command -v $tool >/dev/null 2>&1; then
        echo "skip: $tool not installed (Debian packages prometheus, prometheus-node-exporter)"
        exit 77
    fi
done

rm -rf "$scratch"
mkdir -p "$scratch/textfile" "$scratch/data"
pids=""
cleanup() {
    for p in $pids; do
        kill "$p" 2>/dev/null || true
    done
    for p in $pids; do
        wait "$p" 2>/dev/null || true
    done
}
trap cleanup EXIT INT TERM
t0=$(date +%s)

# 1. The journey writes the metrics file.
printf '[metrics]\ntextfile_dir = %s\n' "$scratch/textfile" >"$scratch/kiosk.ini"
SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=UTC "$kiosk" --config "$scratch/kiosk.ini" \
    --headless --demo --now 2026-03-10T10:00 --size 1080x1920 --assets "$src/assets" \
    --play "$src/tests/journeys/checkin-paper-out.journey" --shots "$scratch/shots" \
    >"$scratch/kiosk.log" 2>&1
prom=$scratch/textfile/carekiosk.prom
grep -qx 'carekiosk_printer_state{state="paper_out"} 1' "$prom"
grep -qx 'carekiosk_checkins_today 1' "$prom"
promtool check metrics <"$prom"
if ls -A "$scratch/textfile" | grep -v '^carekiosk.prom$'; then
    echo "FAIL: a temporary file was left in the textfile folder"
    exit 1
fi
echo "metrics file: $(wc -c <"$prom") bytes, $(grep -vc '^#' "$prom") samples"

# A free port on loopback: the server is started, and another port tried
# when it could not bind (it exits at once then).
start_on_free_port() { # NAME LOG COMMAND-WITH-@PORT@...
    name=$1
    log=$2
    shift 2
    tries=0
    while [ $tries -lt 10 ]; do
        port=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 30000))
        cmd=$(printf '%s\n' "$@" | sed "s/@PORT@/$port/g")
        # shellcheck disable=SC2086
        $cmd >"$log" 2>&1 &
        pid=$!
        sleep 1
        if kill -0 $pid 2>/dev/null; then
            pids="$pids $pid"
            eval "${name}_port=$port"
            return 0
        fi
        tries=$((tries + 1))
    done
    echo "FAIL: $name did not start; its log:"
    cat "$log"
    exit 1
}

# 2. node_exporter with the textfile collector only.
start_on_free_port node "$scratch/node.log" prometheus-node-exporter \
    --web.listen-address=127.0.0.1:@PORT@ --collector.disable-defaults --collector.textfile \
    --collector.textfile.directory="$scratch/textfile"

# 3. Prometheus with the shipped rules, scraping and evaluating every second.
cat >"$scratch/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $src/assets/prometheus/carekiosk.rules.yml
scrape_configs:
  - job_name: carekiosk
    static_configs:
      - targets: ['127.0.0.1:$node_port']
        labels:
          instance: kiosk-test
EOC
start_on_free_port prom "$scratch/prometheus.log" prometheus \
    --config.file="$scratch/prometheus.yml" --storage.tsdb.path="$scratch/data" \
    --web.listen-address=127.0.0.1:@PORT@
url=http://127.0.0.1:$prom_port

# 4. The sample arrives (target discovery takes about 5 s), then the alert
# goes pending and, 30 s later, fires.
wait_for() { # WHAT EXPR DEADLINE_S
    end=$(($(date +%s) + $3))
    while [ "$(date +%s)" -lt $end ]; do
        if promtool query instant "$url" "$2" 2>/dev/null | grep -q '=>'; then
            echo "$1 after $(($(date +%s) - t0)) s"
            return 0
        fi
        sleep 1
    done
    echo "FAIL: $1 not seen within $3 s; Prometheus log:"
    tail -20 "$scratch/prometheus.log"
    exit 1
}
wait_for "paper-out sample scraped" 'carekiosk_printer_state{state="paper_out",job="carekiosk"} == 1' 60
wait_for "alert pending" 'ALERTS{alertname="CarekioskPaperOut",alertstate="pending"}' 30
if promtool query instant "$url" 'ALERTS{alertname="CarekioskPaperOut",alertstate="firing"}' |
    grep -q '=>'; then
    echo "FAIL: the alert fired before its 30 s were up"
    exit 1
fi
wait_for "alert firing" 'ALERTS{alertname="CarekioskPaperOut",alertstate="firing",instance="kiosk-test",state="paper_out"}' 60
# And the alerts API says the same.
if command -v curl >/dev/null 2>&1; then
    curl -fsS "$url/api/v1/alerts" >"$scratch/alerts.json"
    grep -q '"alertname":"CarekioskPaperOut"' "$scratch/alerts.json"
    grep -q '"state":"firing"' "$scratch/alerts.json"
fi
# No other printer alert: paper out is not "offline".
if promtool query instant "$url" 'ALERTS{alertname=~"CarekioskPrinterOffline|CarekioskPaperLow"}' |
    grep -q '=>'; then
    echo "FAIL: a printer alert other than paper out"
    exit 1
fi
echo "ok: CarekioskPaperOut fired through node_exporter and Prometheus in $(($(date +%s) - t0)) s"
