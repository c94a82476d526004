#!/usr/bin/env bash
# Project headers by layer: every "folder/file.h" a layer's files include
# must be in a folder that layer may use (its own, the layers it links, or
# the type-only folders it names). The table (build/layers.txt) is written by
# CMakeLists.txt from the kiosk_layer() calls, so the rule has one source.
# Runs with every build. Usage: check-layer-includes.sh [--quiet] SOURCE_DIR LAYERS_TXT
set -u
quiet=0
if [ "${1:-}" = --quiet ]; then
    quiet=1
    shift
fi
cd "$1"
table=$2
status=0

while read -r layer dirs allowed probe; do
    case "$layer" in '#'* | '') continue ;; esac
    files=()
    for d in ${dirs//,/ }; do
        for f in "$d"/*.c "$d"/*.h; do
            [ -e "$f" ] && files+=("$f")
        done
    done
    [ "$probe" != - ] && files+=("$probe")
    [ ${#files[@]} -eq 0 ] && continue
    bad=''
    while IFS=: read -r file header; do
        hdir=$(dirname "$header")
        [ "$hdir" = . ] && continue # beside the includer
        case ",$allowed," in *",$hdir,"*) continue ;; esac
        bad="$bad
  $file includes \"$header\" (layer $layer may use: $allowed)"
    done < <(grep -HoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"[^"]+"' "${files[@]}" |
        sed -E 's/:[[:space:]]*#[[:space:]]*include[[:space:]]*"/:/; s/"$//')
    if [ -n "$bad" ]; then
        echo "layer $layer includes headers of layers it may not use:$bad"
        status=1
    else
        [ $quiet = 1 ] || echo "$layer: includes only what it may use"
    fi
done <"$table"
exit $status
