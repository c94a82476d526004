#!/usr/bin/env bash
# Catalog check (label unit): every msgid the code uses (extracted with
# xgettext) has a translation in each catalog, and every catalog passes
# msgfmt --check. Prints the count of missing translations per language.
# Usage: check-catalogs.sh SOURCE_DIR WORK_DIR
set -euo pipefail
src=$1
work=$2
mkdir -p "$work"
cd "$src"
# shellcheck disable=SC2046
xgettext --from-code=UTF-8 --language=C --keyword=ui_tr:2 --keyword=i18n_text:3 --keyword=ui_ntr:2,3 \
    --keyword=i18n_ntr:3,4 --keyword=N_ \
    --no-location --sort-output --omit-header -o "$work/extracted.pot" \
    $(git ls-files --cached --others --exclude-standard 'firmware/*.c' 'ui/*.c' 2>/dev/null || find firmware ui -name '*.c')
# The code writes a context as "ctx|msgid"; gettext files keep it apart.
sed -E 's/^msgid "([a-z]+)\|(.*)"$/msgctxt "\1"\nmsgid "\2"/' "$work/extracted.pot" >"$work/carekiosk.pot"
status=0
for po in assets/i18n/*.po; do
    lang=$(basename "$po" .po)
    msgfmt --check -o /dev/null "$po" || status=1
    if ! msgcmp "$po" "$work/carekiosk.pot" 2>"$work/$lang.missing"; then
        status=1
    fi
    missing=$(grep -c 'this message is used but not defined' "$work/$lang.missing" || true)
    untranslated=$(msgattrib --untranslated "$po" | grep -c '^msgid ' || true)
    untranslated=$((untranslated > 0 ? untranslated - 1 : 0)) # the header entry
    echo "$lang: $missing msgids used by the code but absent, $untranslated untranslated"
    [ "$missing" = 0 ] || sed -n '1,10p' "$work/$lang.missing"
    [ "$untranslated" = 0 ] || status=1
done
if ! cmp -s "$work/carekiosk.pot" assets/i18n/carekiosk.pot; then
    echo "assets/i18n/carekiosk.pot is out of date: regenerate it (see assets/i18n/README.md)"
    diff "$work/carekiosk.pot" assets/i18n/carekiosk.pot | head -20 || true
    status=1
fi
exit $status
