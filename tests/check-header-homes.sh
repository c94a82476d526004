#!/usr/bin/env bash
# Each third-party header has one home (docs/ARCHITECTURE.md rule 2): the one
# folder (or file) that wraps the library for everyone else. Fails and names
# the file when one is included anywhere else, and fails on any <header> this
# list does not know (C library and POSIX ones are known), so a new library
# gets its home here before it is used. Runs as a test and with every build.
# Usage: check-header-homes.sh [--quiet] SOURCE_DIR [PROBE_FILE AS_FOLDER]
# (the layering test checks a probe file as if it were in AS_FOLDER).
set -u
quiet=0
if [ "${1:-}" = --quiet ]; then
    quiet=1
    shift
fi
cd "$1"
probe=${2:-}
as=${3:-}
status=0
dirs=(firmware ui drivers tests)
say() { [ $quiet = 1 ] || echo "$@"; }

# Every include, as "file:<header" (angle brackets) or "file:"header" (quotes).
# tests/layering holds breaches on purpose (probes the layering test builds).
includes=$(grep -rHoE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "${dirs[@]}" \
    --include='*.c' --include='*.h' --exclude-dir=node_modules --exclude-dir=peer \
    --exclude-dir=layering | sed -E 's/:[[:space:]]*#[[:space:]]*include[[:space:]]*/:/; s/[>"]$//')
if [ -n "$probe" ]; then
    includes="$includes
$(grep -oE '^[[:space:]]*#[[:space:]]*include[[:space:]]*[<"][^>"]+[>"]' "$probe" |
        sed -E "s|^[[:space:]]*#[[:space:]]*include[[:space:]]*|$as/$(basename "$probe"):|; s/[>\"]\$//")"
fi

known='' # header regexes with a home, for the unknown-header check
check() { # header regex, allowed file regex, name
    known="$known|$1"
    local hits
    hits=$(printf '%s\n' "$includes" | grep -E ":[<\"]($1)\$" | cut -d: -f1 | grep -vE "$2" | sort -u)
    if [ -n "$hits" ]; then
        echo "$3 included outside its home:" $hits
        status=1
    else
        say "$3: only in its home"
    fi
}

check 'sqlite3\.h' '^firmware/store/' 'sqlite3.h'
check 'libusb(-1\.0)?/libusb\.h|libusb\.h' '^drivers/usb/' 'libusb.h'
# libcurl and json-c: the billing server (sync) and the payment terminal's nexo over HTTPS.
check 'curl/[a-z_]+\.h' '^(firmware/sync/|drivers/terminal/)' 'curl/*.h'
check 'json-c/[a-z_]+\.h|json\.h' '^(firmware/sync/|drivers/terminal/)' 'json-c/*.h'
# OpenSSL: the terminal's message encryption and its certificate's POIID check.
check 'openssl/[a-z0-9_]+\.h' '^drivers/terminal/' 'openssl/*.h'
# SDL: the renderer and fonts, the input, and the audio output of speech.
check 'SDL2?/SDL\.h|SDL\.h' '^ui/(render|input|speech)/' 'SDL.h'
check 'SDL2?/SDL_ttf\.h|SDL_ttf\.h' '^ui/render/font\.c$' 'SDL_ttf.h'
check 'SDL2?/SDL_image\.h|SDL_image\.h' '^ui/render/' 'SDL_image.h'
check 'SDL2?/SDL_[a-z_]+\.h' '^ui/(render|input|speech)/' 'SDL_*.h (other)'
check 'espeak-ng/[a-z_]+\.h' '^ui/speech/' 'espeak-ng/*.h'
# zlib: PNG writing in core; the security test writes CRC-valid hostile PNGs.
check 'zlib\.h' '^(firmware/core/bitmap\.c|tests/security/test_security\.c)$' 'zlib.h'
# libsodium: technician codes as Argon2id hashes (crypto_pwhash_str).
check 'sodium\.h|sodium/[a-z_]+\.h' '^firmware/service/' 'sodium.h'
# libdbus: RAUC's D-Bus API, for image updates.
check 'dbus/dbus\.h' '^firmware/update/rauc_bus\.c$' 'dbus/dbus.h'
check 'umockdev\.h' '^tests/usb/fakeusb\.c$' 'umockdev.h'
check 'linux/usbdevice_fs\.h' '^tests/usb/fakeusb\.c$' 'linux/usbdevice_fs.h'
check 'glib\.h|glib-object\.h|gio/gio\.h' '^tests/usb/fakeusb\.c$' 'GLib'

# The C library and POSIX need no home.
libc='assert|complex|ctype|errno|fenv|float|inttypes|iso646|limits|locale|math|setjmp|signal'
libc="$libc|stdalign|stdarg|stdatomic|stdbool|stddef|stdint|stdio|stdlib|stdnoreturn|string"
libc="$libc|tgmath|threads|time|uchar|wchar|wctype"
libc="$libc|arpa/inet|byteswap|dirent|dlfcn|endian|fcntl|fnmatch|ftw|getopt|glob|grp|iconv"
libc="$libc|langinfo|libgen|libintl|malloc|netdb|netinet/[a-z_]+|poll|pthread|pwd|regex|sched"
libc="$libc|semaphore|spawn|strings|syslog|termios|unistd|sys/[a-z_]+"
# Quoted includes are the project's own ("firmware/core/err.h", "ini.h").
unknown=$(printf '%s\n' "$includes" | grep -E ':<' |
    grep -vE ":<(${libc})\.h\$" | grep -vE ":<(${known#|})\$" | sed 's/:</: /' || true)
if [ -n "$unknown" ]; then
    echo "headers with no home in tests/check-header-homes.sh (give each one):" $unknown
    status=1
else
    say "every header has a home"
fi
exit $status
