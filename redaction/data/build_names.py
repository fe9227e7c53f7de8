"""Build the name lists in this folder from Faker's locale providers (MIT licence).

Run from the repository root with the dev dependencies installed:

    .venv/bin/python -m redaction.data.build_names

Faker is a dev dependency only: the generated text files are committed and the runtime
never imports faker. Sources and licences are recorded in SOURCES.md; keep them in sync when
adding a locale. The `names-dataset` package must never be used here (it is reportedly
derived from the 2021 Facebook leak).
"""

from __future__ import annotations

import importlib
import unicodedata
from pathlib import Path

HERE = Path(__file__).parent

# Locales of names common in German cities (German-speaking, Turkish, Polish, Arabic,
# Persian, Russian/Ukrainian, Italian, Greek, Balkan) plus Western European neighbours.
LOCALES = [
    "de_DE", "de_AT", "de_CH", "de_LI", "de_LU",
    "tr_TR", "az_AZ",
    "pl_PL", "cs_CZ", "sk_SK", "hu_HU", "ro_RO", "lt_LT", "lv_LV",
    "ar_AA", "ar_SA", "ar_PS", "ar_DZ", "fa_IR",
    "ru_RU", "uk_UA", "bg_BG",
    "it_IT", "el_GR", "hr_HR", "sl_SI", "mk_MK",
    "fr_FR", "es_ES", "pt_PT", "nl_NL", "en_US", "en_GB",
]

PARTICLES = {
    "von", "van", "der", "den", "de", "del", "della", "di", "da", "dos", "du", "la", "le",
    "ter", "ten", "zu", "vom", "zum", "al", "el", "bin", "ibn", "abu", "y", "e",
}

CYRILLIC = dict(zip(
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюяієїґ",
    ["a", "b", "w", "g", "d", "e", "jo", "sch", "s", "i", "j", "k", "l", "m", "n", "o", "p", "r",
     "s", "t", "u", "f", "ch", "z", "tsch", "sch", "schtsch", "", "y", "", "e", "ju", "ja", "i",
     "je", "ji", "g"],
    strict=True,
))
CYRILLIC_EN = {**CYRILLIC, "в": "v", "ж": "zh", "з": "z", "х": "kh", "ц": "ts", "ч": "ch",
               "ш": "sh", "щ": "shch", "ю": "yu", "я": "ya", "й": "y", "ё": "yo", "е": "e"}
GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρσςτυφχψωάέήίόύώϊϋΐΰ",
    ["a", "v", "g", "d", "e", "z", "i", "th", "i", "k", "l", "m", "n", "x", "o", "p", "r", "s",
     "s", "t", "y", "f", "ch", "ps", "o", "a", "e", "i", "i", "o", "y", "o", "i", "y", "i", "y"],
    strict=True,
))


def transliterate(name: str, table: dict[str, str]) -> str:
    out = []
    for ch in name:
        low = ch.lower()
        if low in table:
            rep = table[low]
            out.append(rep.capitalize() if ch != low else rep)
        else:
            out.append(ch)
    return "".join(out)


def ascii_fold(name: str) -> str:
    """Şahin -> Sahin, Wójcik -> Wojcik, Đorđević -> Dordevic: how people type without diacritics."""
    name = name.replace("ß", "ss").replace("ı", "i").replace("đ", "d").replace("Đ", "D").replace("ł", "l")
    name = name.replace("Ł", "L")
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def tokens(entry: str) -> list[str]:
    return [t for t in entry.replace(",", " ").split() if t.lower() not in PARTICLES and len(t) > 1]


def collect(kind: str) -> set[str]:
    names: set[str] = set()
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        for attr in dir(provider):
            if not attr.startswith(kind) or not attr.endswith("s"):
                continue
            value = getattr(provider, attr)
            if not isinstance(value, (tuple, list, dict)):
                continue
            for entry in value:
                if isinstance(entry, str):
                    names.update(tokens(entry))
    variants: set[str] = set()
    for name in names:
        variants.add(name)
        variants.add(transliterate(name, CYRILLIC))
        variants.add(transliterate(name, CYRILLIC_EN))
        variants.add(transliterate(name, GREEK))
    for name in list(variants):
        variants.add(ascii_fold(name))
    return {v for v in variants if len(v) > 1 and not any(c.isdigit() for c in v) and not v[0].islower()}


def collect_places() -> set[str]:
    """City and state names: they look like surnames but must survive redaction."""
    places: set[str] = set()
    for locale in ("de_DE", "de_AT", "de_CH"):
        provider = importlib.import_module(f"faker.providers.address.{locale}").Provider
        for attr in ("cities", "states"):
            for entry in getattr(provider, attr, ()):
                places.update(t for t in entry.replace("-", " ").split() if len(t) > 2 and t[0].isupper())
    return places


def main() -> None:
    first = collect("first_name")
    last = collect("last_name")
    (HERE / "first_names.txt").write_text("\n".join(sorted(first)) + "\n", encoding="utf-8")
    (HERE / "surnames.txt").write_text("\n".join(sorted(last)) + "\n", encoding="utf-8")
    places = collect_places()
    (HERE / "places.txt").write_text("\n".join(sorted(places)) + "\n", encoding="utf-8")
    print(f"first names: {len(first)}, surnames: {len(last)}, places: {len(places)}")


if __name__ == "__main__":
    main()
