#!/usr/bin/env bash
# The command line: options before or after a subcommand's words, clear
# refusals (exit 2) for unknown options, missing values and unknown words.
set -u
kiosk=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
expect() { # expect RC DESCRIPTION -- COMMAND...
    local want=$1 what=$2
    shift 3
    "$@" >"$work/out" 2>&1
    local rc=$?
    if [ "$rc" != "$want" ]; then
        echo "FAIL: $what: exit $rc, wanted $want"
        sed 's/^/    /' "$work/out"
        fail=1
    else
        echo "ok: $what"
    fi
}
printf '[kiosk]\nlocation = cli-test\n' >"$work/kiosk.ini"
expect 0 "status, options after" -- "$kiosk" status --config "$work/kiosk.ini" --db "$work/a.db"
grep -q "^database: $work/a.db" "$work/out" || { echo "FAIL: --db after status not used"; fail=1; }
expect 0 "status, options before" -- "$kiosk" --db "$work/b.db" --config "$work/kiosk.ini" status
grep -q "^database: $work/b.db" "$work/out" || { echo "FAIL: --db before status not used"; fail=1; }
expect 0 "--db=FILE form" -- "$kiosk" status --config="$work/kiosk.ini" --db="$work/c.db"
expect 2 "unknown option" -- "$kiosk" status --frobnicate
grep -q "unknown option --frobnicate" "$work/out" || { echo "FAIL: unknown option not named"; fail=1; }
expect 2 "missing value" -- "$kiosk" status --config
grep -q -- "--config needs a value" "$work/out" || { echo "FAIL: missing value not said"; fail=1; }
expect 2 "unknown command" -- "$kiosk" frobnicate
expect 2 "bad size" -- "$kiosk" --size 10x10 --headless
expect 2 "headless without a script" -- "$kiosk" --headless --demo
expect 0 "help" -- "$kiosk" --help
grep -q "usage: carekiosk" "$work/out" || { echo "FAIL: --help prints no usage"; fail=1; }
expect 2 "sync without --once" -- "$kiosk" sync --config "$work/kiosk.ini" --db "$work/d.db"
exit $fail
