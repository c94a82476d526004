#!/usr/bin/env bash
# The logger takes numbers only (firmware/core/log.h): a format with a
# conversion it does not know (%s, %c, %p, %f, ...) prints "<?>" and drops
# the rest of the line. Fails and names each such call, even one written over
# several lines. Usage: check-log-formats.sh SOURCE_DIR
set -u
cd "$1"
hits=$(find firmware ui drivers -name '*.c' -print0 | xargs -0 perl -0777 -ne '
    while (/\blog_(?:debug|info|warn|error|msg|format)\s*\((.*?)\);/gs) {
        my ($call, $at) = ($1, $-[0]);
        my $fmts = join "", $call =~ /"((?:[^"\\]|\\.)*)"/g;
        $fmts =~ s/%%//g;
        if ($fmts =~ /%(?!(?:d|i|u|x|zu|lld|llu|ld|lu|E))/) {
            my $line = 1 + (() = substr($_, 0, $at) =~ /\n/g);
            print "$ARGV:$line\n";
        }
    }')
if [ -n "$hits" ]; then
    echo "log calls with a conversion the logger does not print:"
    echo "$hits"
    exit 1
fi
echo "log formats: numbers and %E only"
