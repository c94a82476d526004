#!/usr/bin/env bash
# The build enforces the layers: each probe in this folder adds one source to
# one layer of a scratch build of the project (KIOSK_LAYER_PROBE) and builds
# that layer's link check (or the include check). A breach must fail the
# build with the expected error; the control probe (flow calling core) must
# build.
# Usage: check-layering.sh SOURCE_DIR SCRATCH_DIR [CMAKE_GENERATOR]
set -u
src=$1
scratch=$2
gen=${3:-}
status=0

probe() { # layer, probe file, target, expect (ok | fail), error regex
    local layer=$1 file=$2 target=$3 expect=$4 want=${5:-}
    local log=$scratch/$layer-$(basename "$file" .c).log
    local args=(-S "$src" -B "$scratch/build" -DCMAKE_BUILD_TYPE=Debug
        "-DKIOSK_LAYER_PROBE=$layer:tests/layering/$file")
    [ -n "$gen" ] && args+=(-G "$gen")
    if ! cmake "${args[@]}" >"$log" 2>&1; then
        echo "FAIL $file: the scratch build did not configure (see $log)"
        status=1
        return
    fi
    cmake --build "$scratch/build" --target "$target" >>"$log" 2>&1
    local rc=$?
    if [ "$expect" = ok ]; then
        if [ $rc -eq 0 ]; then
            echo "ok   $file: $target builds"
        else
            echo "FAIL $file: $target should build (see $log)"
            tail -20 "$log"
            status=1
        fi
        return
    fi
    if [ $rc -eq 0 ]; then
        echo "FAIL $file: the breach built; $target should have failed"
        status=1
    elif grep -qE "$want" "$log"; then
        echo "ok   $file: build fails: $(grep -m1 -E "$want" "$log" | sed 's/^.*\/tests\///')"
    else
        echo "FAIL $file: the build failed, but not with /$want/ (see $log)"
        tail -20 "$log"
        status=1
    fi
}

mkdir -p "$scratch"
# Controls: the probe build works when nothing is breached.
probe flow flow_calls_core.c layercheck_flow ok
probe flow flow_calls_core.c layer_includes_check ok
probe flow flow_calls_core.c header_homes_check ok
# Calls into a layer or library not linked: the layer's link check fails.
probe flow flow_calls_i18n.c layercheck_flow fail "undefined reference to .i18n_lang_count'"
probe flow flow_calls_sqlite.c layercheck_flow fail "undefined reference to .sqlite3_libversion'"
probe ui ui_calls_printer.c layercheck_ui fail "undefined reference to .printer_open'"
# A third-party header outside its home: no include path, or the homes check.
probe flow flow_includes_sdl.c layercheck_flow fail "SDL\\.h: No such file or directory"
probe flow flow_calls_sqlite.c header_homes_check fail "sqlite3\\.h included outside its home: firmware/flow/"
# A project header of a layer not allowed, for a type only: the include check.
probe flow flow_includes_i18n.c layer_includes_check fail 'includes "firmware/i18n/i18n\.h"'
probe ui ui_includes_flow.c layer_includes_check fail 'includes "firmware/flow/flow\.h"'
exit $status
