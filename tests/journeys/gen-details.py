#!/usr/bin/env python3
"""Writes the details-*.journey files (one path a file, in each language):
confirm, change phone, change address, insurance changed, no insurance.
Run it again after changing a path here; the files are committed."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))

# lang: (welcome taps, patient surname, dob, phone tail on file, street tail, city,
#        payer on file, member tail, new address (line, city, postal), a few words)
LANGS = {
    "en": (["tap lang.en"], "Pena", "1977-03-18", "0124", "42", "Springfield",
           "Acme Health Insurance", "7919", ("250 Oak Avenue", "Springfield", "62704"),
           {"confirm": "Are these still right?", "sent": "Staff will check your new details",
            "ins": "Is this still your insurance?", "desk": "may need a moment at the desk"}),
    "pt": (["tap lang.pt-BR"], "Conceicao", "1995-03-09", "0116", "42", "São Paulo",
           "Unimed Saúde", "0110", ("Rua Bela Vista 77", "Campinas", "13010-050"),
           {"confirm": "Estes dados ainda estão certos?", "sent": "A equipe vai conferir",
            "ins": "Este ainda é o seu convênio?", "desk": "passar rapidamente na recepção"}),
    "hi": (["tap lang.hi", "tap a11y.large"], "Verma", "1964-02-28", "0127", "42", "Bengaluru",
           "Star Health", "2734", ("House 7 Park Street", "Pune", "411001"),
           {"confirm": "क्या ये अब भी सही हैं?", "sent": "कर्मचारी आपकी नई जानकारी",
            "ins": "क्या यह अब भी आपका बीमा है?", "desk": "रिसेप्शन पर थोड़ा समय"}),
    "es": (["tap lang.es", "tap a11y.contrast"], "Martinez", "1970-04-25", "0119", "42", "Madrid",
           "Sanitas", "8822", ("Calle Nueva 9", "Toledo", "45001"),
           {"confirm": "¿Siguen siendo correctos?", "sent": "El personal revisará sus nuevos datos",
            "ins": "¿Sigue siendo este su seguro?", "desk": "un momento en recepción"}),
}
# These patients owe a copay today (demo data): it is offered first, and
# they will pay it at the desk; the details step follows.
COPAY = {lang: ["expect screen checkin.copay", "tap copay.desk"] for lang in ("pt", "hi", "es")}
NAMES = {"en": "English", "pt": "Portuguese", "hi": "Hindi with large text",
         "es": "Spanish with high contrast"}

KEYS = {" ": "key.space", ",": "key.comma", "-": "key.hyphen", "/": "key.slash",
        "@": "key.at", ".": "key.dot", "_": "key.underscore"}


def taps(text):
    out = []
    for ch in text:
        if ch in KEYS:
            out.append(f"tap {KEYS[ch]}")
        else:
            out.append(f"tap key.{ch.upper()}")
    return out


def checkin(lang):
    welcome, surname, dob = LANGS[lang][0], LANGS[lang][1], LANGS[lang][2]
    return welcome + ["tap action.checkin", f'type surname "{surname}"', "tap next",
                      f'type dob "{dob}"', "tap next", "expect screen checkin.appointments",
                      "tap confirm"] + COPAY.get(lang, []) + [
                      "expect screen details.confirm", "expect printed 0"]


def confirm_screen(lang):
    _, _, _, tail, street, city, *_ = LANGS[lang]
    words = LANGS[lang][-1]
    return [f'expect text "{words["confirm"]}"', f'expect text "{tail}"',
            f'expect text "... {street}, {city}"', "expect no-text \"555\""]


def insurance_screen(lang):
    payer, member = LANGS[lang][6], LANGS[lang][7]
    words = LANGS[lang][-1]
    return ["expect screen insurance.confirm", f'expect text "{words["ins"]}"',
            f'expect text "{payer}"', f'expect text "•••{member}"']


def finish():
    return ["expect screen checkin.done", "expect printed 1"]


def path_confirm(lang):
    return (checkin(lang) + confirm_screen(lang) + ["shot 01-confirm", "tap yes"]
            + insurance_screen(lang) + ["shot 02-insurance", "tap yes"] + finish()
            + ["expect outbox-pending 1"])


def path_phone(lang):
    words = LANGS[lang][-1]
    return (checkin(lang) + confirm_screen(lang) + ["tap change", "expect screen details.change",
            "tap send", "expect screen details.change", "tap change.phone",
            "expect screen details.phone", "tap key.5", "tap key.5", "tap next",
            "expect screen details.phone"] + [f"tap key.{d}" for d in "50123456"]
            + ["shot 01-phone", "tap next", "expect screen details.change", 'expect text "3456"',
               "shot 02-change", "tap send", "expect screen details.sent",
               f'expect text "{words["sent"]}"', "shot 03-sent", "tap next"]
            + insurance_screen(lang) + ["tap yes"] + finish() + ["expect outbox-pending 2"])


def path_address(lang):
    words = LANGS[lang][-1]
    line, city, postal = LANGS[lang][8]
    return (checkin(lang) + ["tap change", "tap change.address", "expect screen details.address"]
            + taps(line) + ["tap next"] + taps(city) + ["tap next"] + taps("123")
            + ["tap next", "expect screen details.address", "shot 01-bad-postal"]
            + ["tap key.backspace"] * 3 + taps(postal) + ["shot 02-address", "tap next",
               "expect screen details.change", "tap send", "expect screen details.sent",
               f'expect text "{words["sent"]}"', "tap next", "expect screen insurance.confirm",
               "tap yes"] + finish()
            + ["expect outbox-pending 2"])


def path_insurance(lang):
    words = LANGS[lang][-1]
    return (checkin(lang) + ["tap yes"] + insurance_screen(lang) + ["tap changed",
            "expect screen insurance.payer", "shot 01-payer", "tap payer.1",
            "expect screen insurance.member", "tap key.B", "tap key.S", "tap next",
            "expect screen insurance.member"] + taps("H-2024-99")
            + ["shot 02-member", "tap next", "expect screen insurance.relation", "tap send",
               "expect screen insurance.relation", "tap rel.2", "shot 03-relation", "tap send",
               "expect screen insurance.sent", f'expect text "{words["desk"]}"', "shot 04-sent",
               "tap next"] + finish() + ["expect outbox-pending 2"])


def path_noinsurance(lang):
    words = LANGS[lang][-1]
    return (checkin(lang) + ["tap yes"] + insurance_screen(lang)
            + ["tap none", "expect screen insurance.sent", f'expect text "{words["desk"]}"',
               "shot 01-sent", "tap next"] + finish() + ["expect outbox-pending 2"])


PATHS = {
    "confirm": ("says yes to the contact details and the insurance on file", path_confirm),
    "phone": ("changes the phone number (a too short one is refused first)", path_phone),
    "address": ("types a new address (a postal code of the wrong shape is refused first)",
                path_address),
    "insurance": ("says the insurance changed: payer, member number, whose plan", path_insurance),
    "noinsurance": ("says they have no insurance now", path_noinsurance),
}

for key, (what, fn) in PATHS.items():
    for lang in LANGS:
        name = f"details-{key}-{lang}.journey"
        head = [f"# Generated by gen-details.py. After check-in, a patient whose record is over a",
                f"# year old {what}, in {NAMES[lang]}. Values on file",
                "# show only partly; the ticket prints at the end."]
        with open(os.path.join(HERE, name), "w", encoding="utf-8") as f:
            f.write("\n".join(head + fn(lang)) + "\n")
