#!/bin/sh
# The shipped alert rules: promtool's syntax check, their unit tests, and
# proof that the tests watch the timing: every `for:` in the rules, made
# twice as long, must make `promtool test rules` fail.
# Usage: check-rules.sh SOURCE_DIR SCRATCH_DIR. Exit 77 (skip) without promtool.
set -eu
src=$1
scratch=$2
if ! command -v promtool >/dev/null 2>&1; then
    echo "skip: promtool not installed (Debian package prometheus)"
    exit 77
fi
rules=$src/assets/prometheus/carekiosk.rules.yml
tests=$src/tests/prometheus/carekiosk.test.yml
promtool check rules "$rules"
(cd "$src/tests/prometheus" && promtool test rules carekiosk.test.yml)

rm -rf "$scratch"
mkdir -p "$scratch"
sed 's|^  - \.\./\.\./assets/prometheus/carekiosk.rules.yml$|  - mutated.rules.yml|' "$tests" \
    >"$scratch/mutated.test.yml"
grep -q 'mutated.rules.yml' "$scratch/mutated.test.yml"
lines=$(grep -n '^ *for: ' "$rules" | cut -d: -f1)
[ -n "$lines" ]
n=0
for line in $lines; do
    # 30s -> 60s, 5m -> 10m: the number doubled, the unit kept.
    awk -v l="$line" 'NR == l { match($0, /[0-9]+/); \
        $0 = substr($0, 1, RSTART - 1) (substr($0, RSTART, RLENGTH) * 2) substr($0, RSTART + RLENGTH) } \
        { print }' "$rules" >"$scratch/mutated.rules.yml"
    what=$(sed -n "${line}p" "$scratch/mutated.rules.yml" | tr -s ' ')
    if (cd "$scratch" && promtool test rules mutated.test.yml >"$scratch/out.txt" 2>&1); then
        echo "FAIL: rules line $line changed to '$what' and the unit tests still pass"
        exit 1
    fi
    echo "ok: rules line $line changed to '$what': the unit tests fail"
    n=$((n + 1))
done
echo "all $n timings are watched by the unit tests"
