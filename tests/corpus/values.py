"""Synthetic personal values for the evaluation corpus.

Every value here is made up: names come from Faker's locale lists (plus short lists of common
given/family names written down in this file for transliterated Arabic and Balkan names, which
Faker only offers in Arabic/Cyrillic script); numbers are random with *valid* check digits, so a
detector that validates checksums is tested on values it must accept. Nothing is drawn from real
people or leaked data.
"""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass

from faker import Faker

# --- names ---------------------------------------------------------------------------------

# Locales whose Faker names are in Latin script and common in German cities.
LATIN_LOCALES = {
    "de_DE": 30, "de_AT": 6, "de_CH": 3, "tr_TR": 12, "pl_PL": 8, "it_IT": 6, "hr_HR": 5,
    "sl_SI": 2, "ro_RO": 4, "nl_NL": 2, "cs_CZ": 2, "hu_HU": 2, "es_ES": 2, "fr_FR": 2, "pt_PT": 1,
}
# Locales in other scripts: transliterated the German way (Duden), sometimes kept original.
OTHER_SCRIPT_LOCALES = {"ru_RU": 6, "uk_UA": 4, "bg_BG": 1, "el_GR": 4}

ARABIC_GIVEN_M = ["Mohammed", "Mohamad", "Ahmad", "Ahmed", "Mahmoud", "Omar", "Khaled", "Youssef", "Ali",
                  "Hassan", "Hussein", "Ibrahim", "Mustafa", "Karim", "Samir", "Tarek", "Bilal", "Jamal",
                  "Rami", "Walid", "Ziad", "Abdullah", "Hamza", "Nabil"]
ARABIC_GIVEN_F = ["Fatima", "Aisha", "Mariam", "Layla", "Nour", "Amira", "Yasmin", "Rania", "Huda",
                  "Salma", "Zainab", "Leila", "Hiba", "Dalia", "Samira", "Rasha", "Lina", "Reem"]
ARABIC_FAMILY = ["al-Hassan", "El-Amin", "Haddad", "Khalil", "Saleh", "Nasser", "Abdallah", "Abu-Hamdan",
                 "Al-Khatib", "el-Masri", "Darwish", "Mansour", "Hamdan", "Qasim", "Farouk", "Suleiman",
                 "Al Zoubi", "Kanaan", "Obeid", "Rahimi", "Ahmadi", "Hosseini", "Karimi", "Mohammadi",
                 "Abu Bakr", "Al-Sayed", "el-Khoury", "Othman", "Barakat", "Shalabi"]
BALKAN_GIVEN_M = ["Đorđe", "Dragan", "Nemanja", "Edin", "Armin", "Arben", "Zoran", "Milan", "Dejan", "Emir",
                  "Haris", "Besnik", "Goran", "Miloš", "Dušan"]
BALKAN_GIVEN_F = ["Milica", "Jelena", "Emina", "Amra", "Blerina", "Vesna", "Dragana", "Lejla", "Ajla",
                  "Teuta", "Snežana", "Jovana"]
BALKAN_FAMILY = ["Đorđević", "Đukić", "Đurić", "Jovanović", "Petrović", "Nikolić", "Marković", "Stojanović",
                 "Hodžić", "Mehmedović", "Begić", "Kovačević", "Babić", "Krasniqi", "Gashi", "Berisha",
                 "Hoxha", "Šehović", "Ćosić", "Delić"]
GERMAN_PARTICLES = ["von", "von der", "von dem", "van", "van der", "de", "zur", "vom", "zu"]

_CYRILLIC = {
    "а": "a", "б": "b", "в": "w", "г": "g", "д": "d", "е": "e", "ё": "jo", "ж": "sch", "з": "s", "и": "i",
    "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "ch", "ц": "z", "ч": "tsch", "ш": "sch", "щ": "schtsch", "ъ": "", "ы": "y",
    "ь": "", "э": "e", "ю": "ju", "я": "ja", "є": "je", "і": "i", "ї": "ji", "ґ": "g", "'": "",
}
_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th", "ι": "i", "κ": "k",
    "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p", "ρ": "r", "σ": "s", "ς": "s", "τ": "t",
    "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps", "ω": "o",
}


def transliterate(text: str) -> str:
    """German-style transliteration of Cyrillic and Greek, as names appear in German files."""
    base = unicodedata.normalize("NFD", text)
    base = "".join(c for c in base if unicodedata.category(c) != "Mn" or c == "\u0306")
    base = base.replace("ου", "ou").replace("Ου", "Ou").replace("μπ", "mp").replace("Μπ", "B")
    out = []
    for ch in base:
        if ch == "\u0306":  # breve of й after NFD
            continue
        low = ch.lower()
        rep = _CYRILLIC.get(low, _GREEK.get(low))
        if rep is None:
            out.append(ch)
        else:
            out.append(rep.capitalize() if ch != low else rep)
    return "".join(out)


@dataclass(frozen=True)
class Name:
    given: str
    family: str
    female: bool
    origin: str

    @property
    def full(self) -> str:
        return f"{self.given} {self.family}"

    @property
    def salutation(self) -> str:
        return "Frau" if self.female else "Herr"

    @property
    def dear(self) -> str:
        return "Sehr geehrte Frau" if self.female else "Sehr geehrter Herr"


# --- helpers for check digits --------------------------------------------------------------


def luhn_check_digit(payload: str) -> str:
    total = 0
    for i, ch in enumerate(reversed(payload)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    digits = [c for c in number if c.isdigit()]
    return luhn_check_digit("".join(digits[:-1])) == digits[-1]


def iban_check(country: str, bban: str) -> str:
    rearranged = bban + country + "00"
    numeric = "".join(str(int(c, 36)) for c in rearranged)
    return f"{98 - int(numeric) % 97:02d}"


def iban_valid(iban: str) -> bool:
    compact = iban.replace(" ", "")
    numeric = "".join(str(int(c, 36)) for c in compact[4:] + compact[:4])
    return int(numeric) % 97 == 1


def steuer_id_check_digit(first10: str) -> str:
    """ISO 7064 MOD 11,10 as prescribed for the Steuer-ID (§ 139b AO, BZSt specification)."""
    product = 10
    for ch in first10:
        total = (int(ch) + product) % 10
        if total == 0:
            total = 10
        product = (total * 2) % 11
    check = 11 - product
    return "0" if check == 10 else str(check)


def steuer_id_valid(value: str) -> bool:
    digits = value.replace(" ", "")
    if len(digits) != 11 or not digits.isdigit() or digits[0] == "0":
        return False
    counts = [digits[:10].count(d) for d in set(digits[:10])]
    if sorted(counts, reverse=True)[0] not in (2, 3) or sum(1 for c in counts if c > 1) != 1:
        return False
    if any(digits[i] == digits[i + 1] == digits[i + 2] for i in range(8)):
        return False
    return steuer_id_check_digit(digits[:10]) == digits[10]


_SVNR_WEIGHTS = [2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1]


def svnr_check_digit(first11: str) -> str:
    """Check digit of the Rentenversicherungsnummer: letter as two digits, weights 2121 5712 1212."""
    digits = first11[:8] + f"{ord(first11[8].upper()) - 64:02d}" + first11[9:11]
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, _SVNR_WEIGHTS, strict=True))
    return str(total % 10)


def svnr_valid(value: str) -> bool:
    compact = value.replace(" ", "")
    return len(compact) == 12 and svnr_check_digit(compact[:11]) == compact[11]


def kvnr_check_digit(first9: str) -> str:
    """Krankenversichertennummer: letter → 01..26, weights 1,2 alternating, cross sums, mod 10."""
    digits = f"{ord(first9[0].upper()) - 64:02d}" + first9[1:]
    total = 0
    for i, ch in enumerate(digits):
        p = int(ch) * (1 if i % 2 == 0 else 2)
        total += p - 9 if p > 9 else p
    return str(total % 10)


def kvnr_valid(value: str) -> bool:
    compact = value.replace(" ", "")
    return len(compact) == 10 and kvnr_check_digit(compact[:9]) == compact[9]


ID_ALPHABET = "CFGHJKLMNPRTVWXYZ0123456789"


def id_check_digit(value: str) -> str:
    """ICAO 9303 check digit (weights 7,3,1), used for Personalausweis and Reisepass numbers."""
    total = 0
    for i, ch in enumerate(value):
        v = int(ch) if ch.isdigit() else ord(ch) - 55
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)


# --- the generator -------------------------------------------------------------------------

AREA_CODES = ["030", "040", "089", "0221", "069", "0711", "0211", "0231", "0201", "0421", "0351", "0341",
              "0511", "0911", "0228", "0621", "0331", "0345", "0361", "0391", "03381", "033203", "0381",
              "0431", "0721", "0761", "06131", "0611", "0441", "05251"]
MOBILE_PREFIXES = ["0151", "0152", "0157", "0159", "0160", "0162", "0163", "0170", "0171", "0172", "0173",
                   "0174", "0175", "0176", "0177", "0178", "0179", "01520", "01575"]
MAIL_DOMAINS = ["web.de", "gmx.de", "gmx.net", "t-online.de", "posteo.de", "mailbox.org", "gmail.com",
                "outlook.de", "yahoo.de", "icloud.com", "freenet.de", "arcor.de", "hotmail.com"]
STREET_STEMS = ["Haupt", "Bahnhof", "Schul", "Kirch", "Garten", "Berg", "Linden", "Birken", "Wald", "Mühlen",
                "Markt", "Rosen", "Tal", "Feld", "Dorf", "Wiesen", "Eichen", "Buchen", "Sonnen", "Schiller",
                "Goethe", "Lessing", "Uhland", "Herder", "Kant", "Beethoven", "Mozart", "Heine", "Fontane",
                "Brunnen", "Kastanien", "Ahorn", "Post", "Turm", "Burg", "Schloss", "Hafen", "Ufer"]
STREET_SUFFIXES = ["straße", "str.", "weg", "allee", "gasse", "platz", "ring", "damm", "steig", "pfad"]
STREET_PEOPLE = ["Karl-Marx", "Friedrich-Ebert", "Rosa-Luxemburg", "Konrad-Adenauer", "Willy-Brandt",
                 "Bertha-von-Suttner", "Käthe-Kollwitz", "Otto-Hahn", "Robert-Koch", "Wilhelm-Leuschner",
                 "Clara-Zetkin", "Max-Planck", "Albert-Schweitzer", "Hedwig-Dohm", "Geschwister-Scholl"]
STREET_PHRASES = ["Am Ring", "Am Markt", "An der Kirche", "Im Winkel", "Zur Mühle", "Unter den Linden",
                  "Alt-Moabit", "Am Mühlenberg", "In den Gärten", "Auf der Höhe", "Hinter dem Dorfe",
                  "Am Schlosspark", "An den Teichwiesen", "Im Grund", "Zum Sportplatz", "Alte Dorfstraße",
                  "Großer Stern", "Kleine Gasse", "Lange Reihe", "Neuer Wall"]
CITIES = [("10115", "Berlin"), ("10243", "Berlin"), ("12043", "Berlin"), ("13353", "Berlin"),
          ("14467", "Potsdam"), ("20095", "Hamburg"), ("22765", "Hamburg"), ("80331", "München"),
          ("81541", "München"), ("50667", "Köln"), ("60311", "Frankfurt am Main"), ("70173", "Stuttgart"),
          ("40213", "Düsseldorf"), ("44135", "Dortmund"), ("45127", "Essen"), ("28195", "Bremen"),
          ("01067", "Dresden"), ("04109", "Leipzig"), ("30159", "Hannover"), ("90402", "Nürnberg"),
          ("53111", "Bonn"), ("68159", "Mannheim"), ("06108", "Halle (Saale)"), ("99084", "Erfurt"),
          ("39104", "Magdeburg"), ("18055", "Rostock"), ("24103", "Kiel"), ("76133", "Karlsruhe"),
          ("79098", "Freiburg im Breisgau"), ("55116", "Mainz"), ("15230", "Frankfurt (Oder)"),
          ("03046", "Cottbus"), ("16225", "Eberswalde"), ("14770", "Brandenburg an der Havel")]
KFZ_DISTRICTS = ["B", "M", "HH", "K", "F", "S", "D", "DO", "HB", "DD", "L", "H", "N", "KA", "MZ", "WI", "BN",
                 "AC", "GE", "OB", "E", "DU", "BO", "MS", "BI", "EF", "MD", "P", "LDS", "OHV", "HVL", "TF",
                 "PM", "BAR", "MOL", "LOS", "UM", "OPR", "CB", "FF", "HRO", "SN", "HGW", "KS", "GÖ", "RÜD"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]


class Values:
    """Seeded source of fake personal values in the many forms people actually write them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self._fakers: dict[str, Faker] = {}

    def _faker(self, locale: str) -> Faker:
        if locale not in self._fakers:
            fk = Faker(locale)
            fk.seed_instance(self.rng.randrange(1 << 30))
            self._fakers[locale] = fk
        return self._fakers[locale]

    def _weighted(self, table: dict[str, int]) -> str:
        return self.rng.choices(list(table), weights=list(table.values()))[0]

    # names
    def name(self, origin: str | None = None) -> Name:
        rng = self.rng
        female = rng.random() < 0.5
        if origin is None:
            origin = rng.choices(["latin", "other", "arabic", "balkan"], weights=[78, 11, 7, 4])[0]
        if origin == "arabic":
            given = rng.choice(ARABIC_GIVEN_F if female else ARABIC_GIVEN_M)
            return Name(given, rng.choice(ARABIC_FAMILY), female, "arabic")
        if origin == "balkan":
            given = rng.choice(BALKAN_GIVEN_F if female else BALKAN_GIVEN_M)
            return Name(given, rng.choice(BALKAN_FAMILY), female, "balkan")
        if origin == "other":
            locale = self._weighted(OTHER_SCRIPT_LOCALES)
            fk = self._faker(locale)
            given = fk.first_name_female() if female else fk.first_name_male()
            family = fk.last_name_female() if female and hasattr(fk, "last_name_female") else fk.last_name()
            if rng.random() < 0.85:
                given, family = transliterate(given), transliterate(family)
            return Name(given, family, female, locale)
        locale = self._weighted(LATIN_LOCALES)
        fk = self._faker(locale)
        given = fk.first_name_female() if female else fk.first_name_male()
        if hasattr(fk, "last_name_female") and female:
            family = fk.last_name_female()
        else:
            family = fk.last_name()
        roll = rng.random()
        if locale.startswith("de") and roll < 0.12:
            family = f"{family}-{fk.last_name()}"
        elif locale.startswith("de") and roll < 0.2:
            family = f"{rng.choice(GERMAN_PARTICLES)} {family}"
        elif rng.random() < 0.05:
            given = f"{given}-{fk.first_name_female() if female else fk.first_name_male()}"
        return Name(given, family, female, locale)

    # addresses
    def street(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.45:
            return rng.choice(STREET_STEMS) + rng.choice(STREET_SUFFIXES)
        if roll < 0.65:
            return rng.choice(STREET_PEOPLE) + "-" + rng.choice(["Straße", "Allee", "Platz", "Ring", "Str."])
        if roll < 0.85:
            return rng.choice(STREET_PHRASES)
        name = self._faker("de_DE").street_name()
        # Faker glues particle surnames into odd forms ("Dussen vangasse"); keep only clean ones.
        return name if " " not in name else rng.choice(STREET_PHRASES)

    def house_number(self) -> str:
        rng = self.rng
        n = str(rng.choice([rng.randint(1, 30), rng.randint(1, 250)]))
        roll = rng.random()
        if roll < 0.15:
            return n + rng.choice("abcd")
        if roll < 0.2:
            return f"{n} {rng.choice('ab')}"
        if roll < 0.25:
            return f"{n}-{int(n) + 2}"
        return n

    def street_address(self) -> str:
        return f"{self.street()} {self.house_number()}"

    def city(self) -> tuple[str, str]:
        return self.rng.choice(CITIES)

    def full_address(self, sep: str = ", ") -> str:
        plz, city = self.city()
        return f"{self.street_address()}{sep}{plz} {city}"

    # contact
    def landline(self) -> str:
        rng = self.rng
        area = rng.choice(AREA_CODES)
        local = str(rng.randint(10**(9 - len(area)), 10**(10 - len(area)) - 1))
        forms = [
            f"{area} {local}", f"{area}/{local}", f"{area}-{local}", f"({area}) {local}",
            f"+49 {area[1:]} {local}", f"+49 (0){area[1:]} {local}", f"0049 {area[1:]} {local}",
            f"+49{area[1:]}{local}", f"{area} {local[:3]} {local[3:]}",
            f"+49 (0){area[1:]} {local[:-1]}-0", f"{area} {local[:4]}-{rng.randint(100, 9999)}",
        ]
        return rng.choice(forms)

    def mobile(self) -> str:
        rng = self.rng
        pre = rng.choice(MOBILE_PREFIXES)
        local = str(rng.randint(10**(10 - len(pre)), 10**(11 - len(pre)) - 1))
        forms = [
            f"{pre}/{local}", f"{pre} {local}", f"{pre}-{local}", f"+49 {pre[1:]} {local}",
            f"+49 ({pre}) {local}", f"0049 {pre[1:]} {local}", f"+49{pre[1:]}{local}", f"{pre}{local}",
            f"{pre} {local[:3]} {local[3:]}",
        ]
        return rng.choice(forms)

    def phone(self) -> str:
        return self.mobile() if self.rng.random() < 0.45 else self.landline()

    def extension(self) -> str:
        """Internal extension as written in administrations: `406-2402`, `9298-2402`."""
        return f"{self.rng.randint(100, 9999)}-{self.rng.randint(1000, 9999)}"

    def email(self, name: Name | None = None) -> str:
        rng = self.rng
        name = name or self.name()

        def ascii_part(s: str) -> str:
            s = s.lower().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
            s = s.replace("ı", "i").replace("ł", "l").replace("đ", "dj").replace("ø", "o").replace(" ", "")
            s = unicodedata.normalize("NFKD", transliterate(s))
            s = "".join(c for c in s if c.isascii() and (c.isalnum() or c in "-"))
            return s or "post"

        given, family = ascii_part(name.given), ascii_part(name.family)
        local = rng.choice([
            f"{given}.{family}", f"{given[0]}.{family}", f"{given}{family}{rng.randint(1, 99)}",
            f"{family}.{given}", f"{given}_{family}", f"{given}.{family}{rng.randint(60, 99)}",
            f"{family}{rng.randint(1, 999)}", f"{given[0]}{family}",
        ])
        return f"{local}@{rng.choice(MAIL_DOMAINS)}"

    # bank
    def iban(self, compact: bool | None = None) -> str:
        rng = self.rng
        country = rng.choices(["DE", "AT", "NL", "FR", "PL", "IT", "ES", "BE"],
                              weights=[70, 6, 4, 4, 6, 4, 3, 3])[0]
        d = string.digits

        def num(n: int) -> str:
            return "".join(rng.choice(d) for _ in range(n))

        bban = {
            "DE": lambda: num(18), "AT": lambda: num(16), "BE": lambda: num(12), "PL": lambda: num(24),
            "NL": lambda: "".join(rng.choice("ABINRSTVW") for _ in range(4)) + num(10),
            "FR": lambda: num(23), "ES": lambda: num(20),
            "IT": lambda: rng.choice(string.ascii_uppercase) + num(22),
        }[country]()
        iban = country + iban_check(country, bban) + bban
        if compact is None:
            compact = rng.random() < 0.35
        return iban if compact else " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))

    def credit_card(self) -> str:
        rng = self.rng
        kind = rng.choice(["visa", "mc5", "mc2", "amex", "visa", "mc5"])
        if kind == "visa":
            prefix, length = "4", 16
        elif kind == "mc5":
            prefix, length = str(rng.randint(51, 55)), 16
        elif kind == "mc2":
            prefix, length = str(rng.randint(2221, 2720)), 16
        else:
            prefix, length = rng.choice(["34", "37"]), 15
        body = prefix + "".join(rng.choice(string.digits) for _ in range(length - len(prefix) - 1))
        number = body + luhn_check_digit(body)
        if length == 15:
            groups = [number[:4], number[4:10], number[10:]]
        else:
            groups = [number[i:i + 4] for i in range(0, 16, 4)]
        return rng.choice([" ".join(groups), number, "-".join(groups)])

    # dates
    def birth_date(self) -> tuple[int, int, int]:
        return self.rng.randint(1, 28), self.rng.randint(1, 12), self.rng.randint(1935, 2019)

    def date_text(self, dmy: tuple[int, int, int] | None = None) -> str:
        """A date in one of the ways it is written in German text."""
        d, m, y = dmy or self.birth_date()
        rng = self.rng
        return rng.choice([
            f"{d:02d}.{m:02d}.{y}", f"{d:02d}.{m:02d}.{y}", f"{d}.{m}.{y}", f"{d}. {MONTHS[m - 1]} {y}",
            f"{d:02d}. {MONTHS[m - 1]} {y}", f"{y}-{m:02d}-{d:02d}", f"{d:02d}.{m:02d}.{y % 100:02d}",
        ])

    def future_date(self) -> str:
        rng = self.rng
        d, m, y = rng.randint(1, 28), rng.randint(1, 12), rng.choice([2025, 2026])
        return rng.choice([f"{d:02d}.{m:02d}.{y}", f"{d}. {MONTHS[m - 1]} {y}", f"{d:02d}.{m:02d}.{y}"])

    # identifiers
    def steuer_id(self, spaced: bool | None = None) -> str:
        rng = self.rng
        while True:
            digits = [rng.choice("123456789")] + [rng.choice(string.digits) for _ in range(9)]
            first10 = "".join(digits)
            if steuer_id_valid(first10 + steuer_id_check_digit(first10)):
                break
        value = first10 + steuer_id_check_digit(first10)
        if spaced is None:
            spaced = rng.random() < 0.5
        return f"{value[:2]} {value[2:5]} {value[5:8]} {value[8:]}" if spaced else value

    def svnr(self, spaced: bool | None = None, dob: tuple[int, int, int] | None = None) -> str:
        rng = self.rng
        d, m, y = dob or self.birth_date()
        area = rng.choice(["12", "13", "15", "17", "18", "19", "23", "24", "25", "26", "28", "38", "39",
                           "40", "42", "43", "44", "45", "46", "47", "48", "49", "50", "53", "54", "55",
                           "56", "60", "61", "62", "63", "64", "65", "66", "68", "70", "72", "79", "80"])
        first11 = (f"{area}{d:02d}{m:02d}{y % 100:02d}{rng.choice(string.ascii_uppercase)}"
                   f"{rng.randint(0, 99):02d}")
        value = first11 + svnr_check_digit(first11)
        if spaced is None:
            spaced = rng.random() < 0.55
        return f"{value[:2]} {value[2:8]} {value[8]} {value[9:]}" if spaced else value

    def kvnr(self) -> str:
        rng = self.rng
        first9 = rng.choice(string.ascii_uppercase) + "".join(rng.choice(string.digits) for _ in range(8))
        return first9 + kvnr_check_digit(first9)

    def id_card(self) -> str:
        rng = self.rng
        value = rng.choice("LMNPRTVWXY") + "".join(rng.choice(ID_ALPHABET) for _ in range(8))
        return value + id_check_digit(value) if rng.random() < 0.25 else value

    def passport(self) -> str:
        rng = self.rng
        value = "C" + "".join(rng.choice(ID_ALPHABET) for _ in range(8))
        return value + id_check_digit(value) if rng.random() < 0.25 else value

    def kfz(self) -> str:
        rng = self.rng
        district = rng.choice(KFZ_DISTRICTS)
        letters = "".join(rng.choice("ABCDEFGHJKLMNPRSTUVWXYZ") for _ in range(rng.choice([1, 2, 2])))
        max_digits = min(4, 8 - len(district) - len(letters))
        number = str(rng.randint(1, 10 ** rng.randint(1, max_digits) - 1))
        suffix = rng.choices(["", "E", "H"], weights=[85, 10, 5])[0]
        sep = rng.choice(["-", " ", "-", " "])
        return f"{district}{sep}{letters} {number}{suffix}"

    def ipv4(self) -> str:
        rng = self.rng
        first = rng.choice([10, 172, 192, rng.randint(11, 223)])
        if first == 192:
            return f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        return f"{first}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"

    def ipv6(self) -> str:
        rng = self.rng
        groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
        groups[0] = rng.choice(["2001", "2a02", "2003", "fe80", "2a01"])
        if rng.random() < 0.6:
            return ":".join(groups[:4]) + "::" + ":".join(groups[6:])
        return ":".join(groups)

    def ip(self) -> str:
        return self.ipv6() if self.rng.random() < 0.25 else self.ipv4()
