#!/usr/bin/env bash
# Each third-party header has one home (ARCHITECTURE.md rule 2). Fails and
# names the file when one is included anywhere else. Tests may include
# what they test. Usage: check-header-homes.sh SOURCE_DIR
set -u
cd "$1"
status=0
check() { # pattern, allowed path regex, name
    local hits
    hits=$(grep -rlE "#include *[<\"]($1)" firmware ui drivers --include='*.c' --include='*.h' |
        grep -vE "$2" || true)
    if [ -n "$hits" ]; then
        echo "$3 included outside its home: $hits"
        status=1
    else
        echo "$3: only in its home"
    fi
}
check 'sqlite3\.h' '^firmware/store/' 'sqlite3.h'
check 'libusb(-1\.0)?/libusb\.h|libusb\.h' '^drivers/usb/' 'libusb.h'
check 'curl/curl\.h' '^firmware/sync/' 'curl/curl.h'
check 'json-c/|json\.h' '^firmware/sync/' 'JSON library'
check 'SDL2?/SDL[a-z_]*\.h|SDL[a-z_]*\.h' '^ui/(render|input|speech)/' 'SDL headers'
check 'zlib\.h' '^firmware/core/bitmap\.c$' 'zlib.h'
check 'espeak-ng/' '^ui/speech/' 'espeak-ng'
exit $status
