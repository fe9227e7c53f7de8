"""Document templates of the generated part of the corpus.

Each template is a function `(Values) -> marked text` with its own wording variants; `TEMPLATES`
assigns it an id, a document kind and its split. About 30 % of the templates are "holdout": the
detector must never be tuned on them, so their figures are the honest ones.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from .markup import keep as K
from .markup import pii as P
from .values import MONTHS, Name, Values

AUTHORITIES = ["Jobcenter Berlin Mitte", "Bürgeramt Mitte", "Landesamt für Soziales", "Ausländerbehörde",
               "Standesamt", "Finanzamt Neukölln", "Bundesagentur für Arbeit", "Sozialamt", "Jugendamt",
               "Deutsche Rentenversicherung Bund", "Ordnungsamt", "Straßenverkehrsamt", "Gesundheitsamt",
               "Wohngeldstelle", "Bezirksamt Pankow", "Landesamt für Einwanderung", "Amtsgericht Tiergarten",
               "Familienkasse", "Elterngeldstelle", "Bauaufsichtsamt", "Kfz-Zulassungsbehörde",
               "Landesamt für Bürger- und Ordnungsangelegenheiten", "Senatsverwaltung für Finanzen"]
INSURERS = ["AOK Nordost", "Techniker Krankenkasse", "BARMER", "DAK-Gesundheit", "IKK classic", "KKH"]
BANKS = ["Sparkasse", "Berliner Volksbank", "Deutsche Bank", "Commerzbank", "Postbank", "ING"]
PRODUCTS = ["Microsoft Teams", "Outlook", "Windows 11", "SAP", "Nextcloud", "OpenProject", "Citrix Workspace",
            "FortiClient", "Adobe Acrobat", "LibreOffice", "Webex", "Jira", "KeePass", "Firefox", "VIS-Suite"]
CITIES_ONLY = ["Berlin", "Potsdam", "Hamburg", "München", "Leipzig", "Köln", "Dresden", "Cottbus", "Bonn"]
LEGAL = ["§ 35 SGB X", "Art. 6 Abs. 1 lit. e DSGVO", "§ 22 Abs. 1 SGB II", "§ 48 VwVfG", "§ 24 SGB X",
         "§ 67a SGB X", "§ 80 Abs. 2 Nr. 4 VwGO", "§ 17 BMG", "Art. 15 DSGVO", "§ 31 SGB II",
         "§ 60 SGB I", "§ 26 WoGG", "§ 70 VwGO", "§ 45 Abs. 1 StVO", "§ 2 Abs. 1 Nr. 1 EStG", "§ 139b AO"]


def amount(rng: random.Random) -> str:
    euros = rng.choice([rng.randint(5, 999), rng.randint(1000, 25000)])
    cents = rng.randint(0, 99)
    e = f"{euros:,}".replace(",", ".")
    return rng.choice([f"{e},{cents:02d} EUR", f"{e},{cents:02d} €", f"€ {e},{cents:02d}", f"{e} Euro"])


def case_no(rng: random.Random) -> str:
    return rng.choice([
        f"Az. {rng.randint(10, 70)}.{rng.randint(1, 9)}-{rng.randint(100, 999)}/{rng.randint(22, 25)}",
        f"Aktenzeichen {rng.randint(2023, 2025)}/{rng.randint(1000, 9999)}-{rng.choice('WSBKG')}",
        f"Vorgangsnummer {rng.randint(2023, 2025)}-{rng.randint(100000, 999999)}",
        f"BG-Nummer {rng.randint(10000, 99999)}BG{rng.randint(1000000, 9999999)}",
        f"Kassenzeichen {rng.randint(1000, 9999)}.{rng.randint(1000, 9999)}.{rng.randint(10, 99)}",
    ])


def dob(v: Values) -> str:
    """A birth date inside its context; only the date itself is the gold value."""
    date = P("DATE_OF_BIRTH", v.date_text())
    return v.rng.choice([f"geb. {date}", f"geboren am {date}", f"* {date}", f"Geburtsdatum: {date}",
                         f"geb. am {date}", f"(geb. {date})", f"Geb.-Datum {date}"])


def person_ref(v: Values, n: Name) -> str:
    """A reference to a person as clerks write it: full name, salutation + surname, title."""
    return v.rng.choice([
        P("PERSON", n.full), P("PERSON", n.full), f"{n.salutation} {P('PERSON', n.family)}",
        f"{n.salutation} {P('PERSON', n.full)}", f"{n.salutation} Dr. {P('PERSON', n.family)}",
        P("PERSON", f"{n.family}, {n.given}"),
    ])


def phone_phrase(v: Values) -> str:
    return v.rng.choice(["Tel.", "Telefon:", "telefonisch unter", "Handy:", "erreichbar unter", "Mobil:",
                         "Tel.-Nr.", "Rückruf unter"]) + " " + P("PHONE_NUMBER", v.phone())


def office_sig(v: Values, n: Name) -> str:
    rng = v.rng
    return (f"Mit freundlichen Grüßen\nIm Auftrag\n{P('PERSON', n.full)}\n{K(rng.choice(AUTHORITIES))}\n"
            f"Tel. {P('PHONE_NUMBER', v.landline())}, Durchwahl {P('PHONE_NUMBER', v.extension())}\n"
            f"E-Mail: {P('EMAIL_ADDRESS', v.email(n))}")


# --- citizen e-mails -----------------------------------------------------------------------


def email_wohngeld(v: Values) -> str:
    rng, n = v.rng, v.name()
    opening = rng.choice(["Sehr geehrte Damen und Herren,", "Guten Tag,", "Hallo,"])
    change = rng.choice([
        f"meine Bankverbindung hat sich geändert. Bitte überweisen Sie das Wohngeld künftig auf "
        f"IBAN {P('IBAN_CODE', v.iban())} bei der {K(rng.choice(BANKS))}.",
        f"ich habe noch keine Nachricht zu meinem Antrag vom {K(v.future_date())} erhalten. Die "
        f"Miete von {K(amount(rng))} kann ich sonst nicht mehr zahlen.",
    ])
    return (f"{opening}\n\nmein Name ist {P('PERSON', n.full)}, {dob(v)}, wohnhaft "
            f"{P('ADDRESS', v.full_address())}. {change}\nMein Zeichen bei der {K('Wohngeldstelle')}: "
            f"{K(case_no(rng))}.\n\nFür Rückfragen bin ich {phone_phrase(v)} oder per Mail an "
            f"{P('EMAIL_ADDRESS', v.email(n))} erreichbar.\n\nViele Grüße\n{P('PERSON', n.full)}")


def email_ummeldung(v: Values) -> str:
    rng, n = v.rng, v.name()
    old, new = v.street_address(), v.full_address(rng.choice([", ", " in ", "\n"]))
    return (f"Betreff: Ummeldung\n\nGuten Tag,\n\nzum {K(v.future_date())} ziehe ich von der "
            f"{P('ADDRESS', old)} in die {P('ADDRESS', new)} um. Kann ich die Anmeldung beim "
            f"{K(rng.choice(['Bürgeramt Mitte', 'Bürgeramt Lichtenberg', 'Bürgeramt']))} auch ohne Termin "
            f"machen? Meine Personalausweisnummer lautet {P('DE_ID_CARD', v.id_card())}, gültig bis "
            f"{K(v.future_date())}. Nach {K(rng.choice(LEGAL[7:8]))} habe ich ja zwei Wochen Zeit. Mein Auto "
            f"({P('DE_KFZ', v.kfz())}) melde ich danach um.\n\n"
            f"Gruß\n{P('PERSON', n.given)} {P('PERSON', n.family)}\n{P('PHONE_NUMBER', v.mobile())}")


def email_parkausweis(v: Values) -> str:
    rng, n = v.rng, v.name()
    partner = v.name()
    return (f"Sehr geehrte Damen und Herren,\n\nich beantrage einen Bewohnerparkausweis für das Fahrzeug mit "
            f"dem Kennzeichen {P('DE_KFZ', v.kfz())}. Halterin ist meine Frau "
            f"{P('PERSON', partner.given)} {P('PERSON', n.family)}, wir wohnen beide in der "
            f"{P('ADDRESS', v.street_address())}. Die Gebühr von {K(amount(rng))} zahle ich gern per "
            f"Kreditkarte ({P('CREDIT_CARD', v.credit_card())}). Laut {K('Ordnungsamt')} ist die Zone "
            f"{K(rng.choice(['Zone 12', 'Zone 27', 'Zone 3']))} zuständig.\n\n"
            f"Mit freundlichen Grüßen\n{P('PERSON', n.full)}\n{phone_phrase(v)}")


def email_beschwerde(v: Values) -> str:
    rng, n = v.rng, v.name()
    street = rng.choice(["Hauptstraße", "Karl-Marx-Allee", "Schillerstraße", "Frankfurter Allee",
                         "Bahnhofstraße", "Lindenweg"])
    return (f"Hallo liebes {K('Bezirksamt Pankow')},\n\nseit Wochen ist die Baustelle in der {K(street)} "
            f"nicht gesichert. {K('Gestern')} ist mein Sohn {P('PERSON', v.name().given)} dort fast "
            f"gestürzt. Ich wohne direkt an der Ecke ({P('ADDRESS', v.street_address())}) und bitte "
            f"dringend um Abhilfe bis {K(v.future_date())}.\n\nBitte rufen Sie mich an: "
            f"{P('PHONE_NUMBER', v.mobile())}.\n{P('PERSON', n.full)}")


def email_kita(v: Values) -> str:
    rng, n, child = v.rng, v.name(), v.name()
    return (f"Liebe Mitarbeitende im {K('Jugendamt')},\n\nwir suchen ab "
            f"{K(v.future_date())} einen Kitaplatz für unsere Tochter {P('PERSON', child.given)}, "
            f"{dob(v)}. Der Gutschein wurde nach {K(rng.choice(LEGAL))} beantragt. Unsere Adresse: "
            f"{P('ADDRESS', v.full_address())}.\n{P('PERSON', child.given)} spricht Deutsch und "
            f"{rng.choice(['Türkisch', 'Arabisch', 'Polnisch', 'Russisch'])}.\n\nHerzliche Grüße\n"
            f"{P('PERSON', n.full)} und {P('PERSON', v.name().given)}\n{P('EMAIL_ADDRESS', v.email(n))}")


def email_auslaender(v: Values) -> str:
    rng = v.rng
    n = v.name(rng.choice(["arabic", "other", "balkan", "latin"]))
    return (f"Sehr geehrte Damen und Herren der {K('Ausländerbehörde')},\n\nich, {P('PERSON', n.full)}, "
            f"{dob(v)}, möchte meinen Aufenthaltstitel verlängern. Mein Reisepass mit der Nummer "
            f"{P('DE_PASSPORT', v.passport())} läuft am {K(v.future_date())} ab. {K('Leider')} finde ich "
            f"online keinen Termin.\nMeine Anschrift: {P('ADDRESS', v.full_address())}\n"
            f"Telefon {P('PHONE_NUMBER', v.phone())}\n\nMit freundlichen Grüßen\n{P('PERSON', n.family)}")


def email_kartenzahlung(v: Values) -> str:
    rng, n = v.rng, v.name()
    return (f"Guten Tag,\n\nbei der Online-Zahlung der Gebühr für meine Meldebescheinigung "
            f"({K(amount(rng))}) wurde meine Karte {P('CREDIT_CARD', v.credit_card())} zweimal belastet. "
            f"Bitte erstatten Sie den Betrag auf mein Konto {P('IBAN_CODE', v.iban())}.\n"
            f"Bestellnummer: {K(case_no(rng))}\n\n{P('PERSON', n.given)} {P('PERSON', n.family)}\n"
            f"{P('EMAIL_ADDRESS', v.email(n))}")


# --- Bescheide -----------------------------------------------------------------------------


def bescheid_wohngeld(v: Values) -> str:
    rng, n, clerk = v.rng, v.name(), v.name("latin")
    return (f"{K('Bezirksamt Pankow')} – {K('Wohngeldstelle')}\n{K(case_no(rng))}\n\n"
            f"{n.salutation}\n{P('PERSON', n.full)}\n{P('ADDRESS', v.full_address(chr(10)))}\n\n"
            f"Bescheid über Wohngeld\n\n{n.dear} {P('PERSON', n.family)},\n\nauf Ihren Antrag vom "
            f"{K(v.future_date())} wird Ihnen nach {K('§ 26 WoGG')} Wohngeld in Höhe von monatlich "
            f"{K(amount(rng))} bewilligt. Der Betrag wird auf das Konto {P('IBAN_CODE', v.iban())} "
            f"überwiesen.\n\nRechtsbehelfsbelehrung: Gegen diesen Bescheid kann innerhalb eines Monats "
            f"Widerspruch erhoben werden ({K('§ 70 VwGO')}).\n\n{office_sig(v, clerk)}")


def bescheid_buergergeld(v: Values) -> str:
    rng, n, clerk = v.rng, v.name(), v.name()
    return (f"{K('Jobcenter Berlin Mitte')}\n{K(case_no(rng))}\n\nÄnderungsbescheid\n\n"
            f"{n.dear} {P('PERSON', n.family)},\n\nfür die Bedarfsgemeinschaft von {P('PERSON', n.full)} "
            f"({dob(v)}), {P('ADDRESS', v.full_address())}, "
            f"Reisepass {P('DE_PASSPORT', v.passport())}, werden die Leistungen nach "
            f"{K('§ 22 Abs. 1 SGB II')} ab dem {K(v.future_date())} auf {K(amount(rng))} monatlich "
            f"festgesetzt. Ihre Rentenversicherungsnummer {P('DE_SOCIAL_SECURITY', v.svnr())} haben wir "
            f"an die {K('Deutsche Rentenversicherung Bund')} gemeldet. Bitte reichen Sie die fehlenden "
            f"Kontoauszüge bis zum {K(v.future_date())} ein ({K('§ 60 SGB I')}).\n\n"
            f"Ihr Ansprechpartner: {person_ref(v, clerk)}, Durchwahl {P('PHONE_NUMBER', v.extension())}")


def bescheid_bussgeld(v: Values) -> str:
    rng, n = v.rng, v.name()
    return (f"Anhörung im Bußgeldverfahren – {K(case_no(rng))}\n\n{n.dear} {P('PERSON', n.full)},\n\n"
            f"Ihnen wird vorgeworfen, am {K(v.future_date())} mit dem Fahrzeug {P('DE_KFZ', v.kfz())} "
            f"in der {K(rng.choice(['Hauptstraße', 'Leipziger Straße', 'Torstraße', 'Sonnenallee']))} die "
            f"zulässige Höchstgeschwindigkeit überschritten zu haben ({K('§ 45 Abs. 1 StVO')}). "
            f"Verwarnungsgeld: {K(amount(rng))}.\n\nAngaben zur Person: {P('PERSON', n.family)}, "
            f"{P('PERSON', n.given)}; {dob(v)}; {P('ADDRESS', v.full_address())}\n\n"
            f"Zahlen Sie bitte bis zum {K(v.future_date())} an das {K('Ordnungsamt')}.")


def bescheid_steuer(v: Values) -> str:
    rng, n, partner = v.rng, v.name(), v.name()
    return (f"{K('Finanzamt Neukölln')}\nSteuernummer {K(f'{rng.randint(10, 99)}/{rng.randint(100, 999)}/')}"
            f"{K(str(rng.randint(10000, 99999)))}\n\nBescheid für {K(str(rng.choice([2022, 2023, 2024])))} "
            f"über Einkommensteuer\n\nFestgesetzt für: {P('PERSON', n.full)} und "
            f"{P('PERSON', partner.full)}\nIdentifikationsnummer: {P('DE_TAX_ID', v.steuer_id())} / "
            f"{P('DE_TAX_ID', v.steuer_id())}\nAnschrift: {P('ADDRESS', v.full_address())}\n\n"
            f"Die Erstattung von {K(amount(rng))} wird auf {P('IBAN_CODE', v.iban())} überwiesen. "
            f"Rechtsgrundlage: {K('§ 2 Abs. 1 Nr. 1 EStG')}, {K('§ 139b AO')}.")


# --- Gesprächsnotizen ----------------------------------------------------------------------


def note_telefon(v: Values) -> str:
    rng, n, colleague = v.rng, v.name(), v.name("latin")
    who = rng.choice([f"{n.salutation} {P('PERSON', n.family)}", P("PERSON", n.full),
                      f"{n.salutation} {P('PERSON', n.full)}"])
    return (f"Gesprächsnotiz vom {K(v.future_date())}\n\n{who} rief an wegen {K(case_no(rng))}. "
            f"{'Sie' if n.female else 'Er'} bittet um Rückruf unter "
            f"{P('PHONE_NUMBER', v.phone())}. {P('PERSON', n.family)} gibt an, den Bescheid nie erhalten "
            f"zu haben; Zustellung an {P('ADDRESS', v.street_address())} ist laut Akte erfolgt. "
            f"Weiterleitung an {P('PERSON', colleague.given)} ({K(rng.choice(AUTHORITIES))}).\n"
            f"Erledigt bis: {K(v.future_date())}")


def note_hausbesuch(v: Values) -> str:
    rng, n = v.rng, v.name()
    kids = [v.name().given for _ in range(rng.randint(1, 3))]
    kid_txt = ", ".join(P("PERSON", k) for k in kids)
    return (f"Vermerk Hausbesuch\n\nFamilie {P('PERSON', n.family)}, {P('ADDRESS', v.full_address())}\n"
            f"Anwesend: {P('PERSON', n.given)} {P('PERSON', n.family)} (Mutter/Vater), Kinder {kid_txt}.\n"
            f"{P('PERSON', kids[0])} besucht die Grundschule. Die Wohnung ist sauber, Mietrückstand "
            f"{K(amount(rng))}. Empfehlung: Vorlage beim {K('Jugendamt')} bis {K(v.future_date())}. "
            f"Die Familie ist {phone_phrase(v)} zu erreichen.")


def note_beratung(v: Values) -> str:
    rng, n = v.rng, v.name()
    return (f"Beratungsprotokoll – {K('Sozialamt')}\n\nKlient/in: {person_ref(v, n)}, {dob(v)}\n"
            f"Krankenkasse: {K(rng.choice(INSURERS))}, Versichertennummer "
            f"{P('DE_HEALTH_INSURANCE', v.kvnr())}\nAusweis geprüft: {P('DE_ID_CARD', v.id_card())}\n"
            f"Thema: Übernahme der Zuzahlungen nach {K(rng.choice(LEGAL))}. {P('PERSON', n.given)} "
            f"schildert, dass die Kosten von {K(amount(rng))} nicht tragbar sind.\n"
            f"Nächster Termin: {K(v.future_date())}, Unterlagen per Mail an "
            f"{P('EMAIL_ADDRESS', v.email(n))}.")


def note_ordnungsamt(v: Values) -> str:
    rng, n, witness = v.rng, v.name(), v.name()
    return (f"Einsatzbericht {K('Ordnungsamt')}\n\nAm {K(v.future_date())} gegen 14:30 Uhr wurde in der "
            f"{K(rng.choice(['Hauptstraße', 'Kastanienallee', 'Parkstraße', 'Marktplatz']))} ein Fahrzeug "
            f"mit dem Kennzeichen {P('DE_KFZ', v.kfz())} im absoluten Halteverbot festgestellt. Halter laut "
            f"Abfrage: {P('PERSON', n.full)}, {P('ADDRESS', v.full_address())}. "
            f"{'Zeugin' if witness.female else 'Zeuge'} {P('PERSON', witness.full)} ({phone_phrase(v)}) "
            f"bestätigt den Sachverhalt. Ein zweites "
            f"Fahrzeug ({P('DE_KFZ', v.kfz())}) wurde verwarnt. Verwarnungsgeld {K(amount(rng))}.")


# --- HR ------------------------------------------------------------------------------------


def hr_personalbogen(v: Values) -> str:
    rng, n = v.rng, v.name()
    d = v.birth_date()
    return (f"Personalstammblatt\n\nName, Vorname: {P('PERSON', n.family)}, {P('PERSON', n.given)}\n"
            f"Geburtsdatum: {P('DATE_OF_BIRTH', v.date_text(d))}\n"
            f"Anschrift: {P('ADDRESS', v.full_address())}\n"
            f"Personalausweis: {P('DE_ID_CARD', v.id_card())}\n"
            f"Steuer-ID: {P('DE_TAX_ID', v.steuer_id())}\n"
            f"SV-Nummer: {P('DE_SOCIAL_SECURITY', v.svnr(dob=d))}\n"
            f"Krankenkasse: {K(rng.choice(INSURERS))} ({P('DE_HEALTH_INSURANCE', v.kvnr())})\n"
            f"Bankverbindung: {P('IBAN_CODE', v.iban())}\nTelefon privat: {P('PHONE_NUMBER', v.phone())}\n"
            f"E-Mail: {P('EMAIL_ADDRESS', v.email(n))}\n"
            f"Entgeltgruppe: {K(rng.choice(['E 9b', 'E 11', 'A 10']))}"
            f", Eintritt {K(v.future_date())}")


def hr_abmahnung(v: Values) -> str:
    n, boss = v.name(), v.name()
    return (f"Vertraulich – Personalakte\n\n{n.dear} {P('PERSON', n.family)},\n\n"
            f"am {K(v.future_date())} sind Sie unentschuldigt nicht zum Dienst erschienen. "
            f"{K('Bereits')} am {K(v.future_date())} hatte {P('PERSON', boss.full)} Sie auf Ihre Pflichten "
            f"hingewiesen. Wir mahnen Sie hiermit ab. Eine Kopie erhält der Personalrat.\n\n"
            f"{P('PERSON', boss.given)} {P('PERSON', boss.family)}\nLeitung {K('Personalservice')}")


def hr_krankmeldung(v: Values) -> str:
    rng, n, boss = v.rng, v.name(), v.name()
    return (f"Hi {P('PERSON', boss.given)},\n\nich bin leider krank und bis einschließlich "
            f"{K(v.future_date())} krankgeschrieben. Die AU geht an den {K('Personalservice')}. "
            f"{P('PERSON', v.name().given)} übernimmt meine Termine, die Unterlagen liegen in "
            f"{K(rng.choice(PRODUCTS))}. Dringendes bitte an {P('PHONE_NUMBER', v.mobile())}.\n\n"
            f"LG {P('PERSON', n.given)}")


# --- IT tickets and logs -------------------------------------------------------------------


def ticket_passwort(v: Values) -> str:
    rng, n, agent = v.rng, v.name(), v.name()
    return (f"Ticket #{K(str(rng.randint(10000, 99999)))} – Passwort zurücksetzen\n"
            f"Melder: {P('PERSON', n.full)} "
            f"<{P('EMAIL_ADDRESS', v.email(n))}>\nStandort: {K(rng.choice(AUTHORITIES))}, Raum "
            f"{K(str(rng.randint(100, 499)))}\nDurchwahl: {P('PHONE_NUMBER', v.extension())}\n\n"
            f"Benutzer kann sich seit dem Update auf {K(rng.choice(PRODUCTS))} nicht mehr anmelden. "
            f"Client-IP {P('IP_ADDRESS', v.ipv4())}.\n\nBearbeiter: {P('PERSON', agent.given)} "
            f"{P('PERSON', agent.family)} – Konto entsperrt, {P('PERSON', n.given)} informiert.")


def ticket_vpn(v: Values) -> str:
    rng, n = v.rng, v.name()
    return (f"[{K('FortiClient')}] VPN-Verbindung bricht ab\n\nHallo Service Desk, bei mir bricht das VPN "
            f"im Homeoffice alle 10 Minuten ab. Meine öffentliche IP ist {P('IP_ADDRESS', v.ipv4())}, "
            f"intern bekomme ich {P('IP_ADDRESS', v.ip())}. Unter IPv6 sehe ich {P('IP_ADDRESS', v.ipv6())}. "
            f"Bitte meldet euch unter {P('PHONE_NUMBER', v.mobile())} oder "
            f"{P('EMAIL_ADDRESS', v.email(n))}.\n\nDanke, {P('PERSON', n.full)}\n"
            f"Gerät: {K(rng.choice(['Windows 11', 'Lenovo T14', 'Dell Latitude 5440']))}")


def log_auth(v: Values) -> str:
    rng = v.rng
    lines = []
    for _ in range(rng.randint(3, 6)):
        n = v.name()
        ts = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:" \
             f"{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}Z"
        event = rng.choice(["login failed", "login ok", "password reset requested", "account locked"])
        lines.append(f"{K(ts)} auth[{rng.randint(100, 9999)}]: {event} user={P('EMAIL_ADDRESS', v.email(n))} "
                     f"src={P('IP_ADDRESS', v.ip())} agent=\"{K('Firefox')}/128.0\"")
    return "\n".join(lines)


def log_webserver(v: Values) -> str:
    rng = v.rng
    lines = []
    for _ in range(rng.randint(3, 6)):
        n = v.name()
        path = rng.choice([f"/api/v1/antraege?email={P('EMAIL_ADDRESS', v.email(n))}",
                           f"/termine/buchen?name={P('PERSON', n.family)}", "/static/app.js",
                           f"/api/v1/faelle/{rng.randint(1000, 9999)}"])
        lines.append(f"{P('IP_ADDRESS', v.ip())} - - [{K(str(rng.randint(1, 28)))}/Mar/2025:10:"
                     f"{rng.randint(10, 59)}:01 +0100] \"GET {path} HTTP/1.1\" {rng.choice([200, 302, 404])} "
                     f"{rng.randint(200, 9000)}")
    return "\n".join(lines)


# --- tables and code -----------------------------------------------------------------------


def csv_teilnehmer(v: Values) -> str:
    rng = v.rng
    sep = rng.choice([";", ","])
    rows = [sep.join(["Nachname", "Vorname", "Geburtsdatum", "Straße", "PLZ", "Ort", "Telefon", "E-Mail"])]
    for _ in range(rng.randint(3, 7)):
        n = v.name()
        plz, city = v.city()
        rows.append(sep.join([P("PERSON", n.family), P("PERSON", n.given), P("DATE_OF_BIRTH", v.date_text()),
                              P("ADDRESS", v.street_address()), plz, city, P("PHONE_NUMBER", v.phone()),
                              P("EMAIL_ADDRESS", v.email(n))]))
    return "\n".join(rows)


def csv_zahlungen(v: Values) -> str:
    rng = v.rng
    rows = ["Empfänger;IBAN;Betrag;Verwendungszweck;Fällig"]
    for _ in range(rng.randint(3, 7)):
        n = v.name()
        rows.append(";".join([P("PERSON", n.full), P("IBAN_CODE", v.iban()), K(amount(rng)), K(case_no(rng)),
                              K(v.future_date())]))
    return "\n".join(rows)


def csv_fahrzeuge(v: Values) -> str:
    rng = v.rng
    rows = ["kennzeichen,halter,anschrift,verstoss,betrag"]
    for _ in range(rng.randint(3, 7)):
        n = v.name()
        rows.append(",".join([P("DE_KFZ", v.kfz()), P("PERSON", n.full),
                              '"' + P("ADDRESS", v.full_address()) + '"',
                              K(rng.choice(["Parken im Halteverbot", "Geschwindigkeit", "Rotlicht"])),
                              K(amount(rng))]))
    return "\n".join(rows)


def code_python(v: Values) -> str:
    n = v.name()
    return (f"def test_antrag_wird_gespeichert(client):\n    payload = {{\n"
            f"        \"name\": \"{P('PERSON', n.full)}\",\n"
            f"        \"email\": \"{P('EMAIL_ADDRESS', v.email(n))}\",\n"
            f"        \"iban\": \"{P('IBAN_CODE', v.iban())}\",\n"
            f"        \"geburtsdatum\": \"{P('DATE_OF_BIRTH', v.date_text())}\",\n"
            f"        \"betrag\": \"{K(amount(v.rng))}\",\n    }}\n"
            f"    resp = client.post(\"/api/antraege\", json=payload)\n    assert resp.status_code == 201\n")


def code_sql(v: Values) -> str:
    rows = []
    for i in range(v.rng.randint(2, 4)):
        n = v.name()
        rows.append(f"  ({i + 1}, '{P('PERSON', n.given)}', '{P('PERSON', n.family)}', "
                    f"'{P('ADDRESS', v.street_address())}', '{P('DE_TAX_ID', v.steuer_id(spaced=False))}', "
                    f"'{P('PHONE_NUMBER', v.phone())}')")
    return ("-- Testdaten für das Fachverfahren\n"
            "INSERT INTO buerger (id, vorname, nachname, strasse, steuer_id, telefon) VALUES\n"
            + ",\n".join(rows) + ";\n")


def code_json(v: Values) -> str:
    n = v.name()
    return ("{\n  \"vorgang\": \"" + K(case_no(v.rng)) + "\",\n  \"antragsteller\": {\n    \"vorname\": \""
            + P("PERSON", n.given) + "\",\n    \"nachname\": \"" + P("PERSON", n.family)
            + "\",\n    \"geburtsdatum\": \"" + P("DATE_OF_BIRTH", v.date_text())
            + "\",\n    \"anschrift\": \""
            + P("ADDRESS", v.full_address()) + "\",\n    \"svnr\": \"" + P("DE_SOCIAL_SECURITY", v.svnr())
            + "\",\n    \"kvnr\": \"" + P("DE_HEALTH_INSURANCE", v.kvnr()) + "\"\n  },\n  \"behoerde\": \""
            + K(v.rng.choice(AUTHORITIES)) + "\",\n  \"client_ip\": \"" + P("IP_ADDRESS", v.ip()) + "\"\n}\n")


# --- chat ----------------------------------------------------------------------------------


def chat_teams(v: Values) -> str:
    rng, a, b, c = v.rng, v.name("latin"), v.name(), v.name()
    return (f"[09:14] {P('PERSON', a.given)}: hi {P('PERSON', b.given.lower())}, hast du die akte von "
            f"{P('PERSON', c.family.lower())} schon gesehen?\n[09:15] {P('PERSON', b.given)}: ja, "
            f"{P('PERSON', c.given.lower())} hat heute nochmal angerufen, nummer ist "
            f"{P('PHONE_NUMBER', v.phone())}\n[09:16] {P('PERSON', a.given)}: ok ich ruf zurück. "
            f"steht in {K(rng.choice(PRODUCTS))} unter {K(case_no(rng))}\n[09:17] {P('PERSON', b.given)}: "
            f"👍 frist ist übrigens {K(v.future_date())}")


def chat_support(v: Values) -> str:
    rng, n, agent = v.rng, v.name(), v.name("latin")
    return (f"Chatverlauf Bürgertelefon 115\n{K('Bot')}: Wie kann ich helfen?\nBürger: ich brauch nen termin "
            f"fürn personalausweis, alte nummer {P('DE_ID_CARD', v.id_card())}\n"
            f"{P('PERSON', agent.given)} (Service): Gern. Wie ist Ihr Name?\nBürger: "
            f"{P('PERSON', n.full.lower() if rng.random() < 0.5 else n.full)}, wohne "
            f"{P('ADDRESS', v.street_address())}\n{P('PERSON', agent.given)} (Service): Danke, Herr/Frau "
            f"{P('PERSON', n.family)}. Termin am {K(v.future_date())} im {K('Bürgeramt Mitte')}.\n"
            f"Bürger: kann ich die {K(amount(rng))} vorab zahlen? karte {P('CREDIT_CARD', v.credit_card())}\n"
            f"{P('PERSON', agent.given)} (Service): Bitte keine Kartendaten im Chat, "
            f"Zahlung erfolgt vor Ort.")


def email_rente(v: Values) -> str:
    rng, n = v.rng, v.name()
    d = v.birth_date()
    return (f"Sehr geehrte Damen und Herren,\n\nanbei sende ich den Antrag auf Altersrente für meinen Vater "
            f"{P('PERSON', n.full)}, {P('DATE_OF_BIRTH', f'{d[0]}. {MONTHS[d[1] - 1]} {d[2]}')} geboren. "
            f"Versicherungsnummer: {P('DE_SOCIAL_SECURITY', v.svnr(dob=d))}, Steueridentifikationsnummer "
            f"{P('DE_TAX_ID', v.steuer_id())}. Er lebt seit {K(str(rng.randint(2010, 2023)))} bei uns in der "
            f"{P('ADDRESS', v.full_address())}.\n"
            f"Die Rente soll auf {P('IBAN_CODE', v.iban())} gezahlt werden. Krankenversichertennummer: "
            f"{P('DE_HEALTH_INSURANCE', v.kvnr())} ({K(rng.choice(INSURERS))})."
            f"\n\nIhre {P('PERSON', v.name().full)}")


# --- texts with hardly any personal data: over-redaction traps -----------------------------

NAMED_PLACES = ["Anne-Frank-Grundschule", "Goethe-Institut", "Robert Koch-Institut", "Max-Planck-Gymnasium",
                "Willy-Brandt-Haus", "Humboldt-Universität", "Sophie-Scholl-Schule", "Friedrich-Ebert-Stiftung",
                "Käthe-Kollwitz-Museum", "Albert-Schweitzer-Kinderdorf", "Rathaus Schöneberg", "Alexanderplatz",
                "Tempelhofer Feld", "Carl-von-Ossietzky-Bibliothek", "Rosa-Luxemburg-Platz"]
STREETS_ONLY = ["Karl-Marx-Allee", "Friedrichstraße", "Unter den Linden", "Alt-Moabit", "Frankfurter Allee",
                "Schillerstraße", "Hauptstraße", "Am Ring", "Bahnhofstraße", "Kurfürstendamm", "Greifswalder Straße"]


def info_rundschreiben(v: Values) -> str:
    rng, contact = v.rng, v.name()
    s1, s2 = rng.sample(STREETS_ONLY, 2)
    place = rng.choice(NAMED_PLACES)
    return (f"Rundschreiben {K(f'Nr. {rng.randint(1, 40)}/2025')}\n\n{K('Bitte')} beachten Sie: "
            f"Wegen Bauarbeiten ist der Abschnitt {K(s1)} / Ecke {K(s2)} (Höhe {K(place)}) vom "
            f"{K(v.future_date())} bis {K(v.future_date())} gesperrt. {K('Anträge')} auf Sondernutzung "
            f"nach {K(rng.choice(LEGAL))} sind beim {K(rng.choice(AUTHORITIES))} zu stellen; die Gebühr "
            f"beträgt {K(amount(rng))}. Die Sprechstunde (Außenstelle {K(rng.choice(NAMED_PLACES))}) entfällt am "
            f"{K(v.future_date())}.\n\nFragen beantwortet {P('PERSON', contact.full)} "
            f"(Durchwahl {P('PHONE_NUMBER', v.extension())}).")


def info_pressemitteilung(v: Values) -> str:
    rng, contact = v.rng, v.name()
    city = rng.choice(CITIES_ONLY)
    return (f"Pressemitteilung vom {K(v.future_date())}\n\n{K(city)}: Der Bezirksbürgermeister eröffnet am "
            f"{K(v.future_date())} das neue Bürgeramt in der {K(rng.choice(STREETS_ONLY))}. "
            f"{K('Termine')} sind über {K(rng.choice(PRODUCTS))} und das "
            f"Servicetelefon {K('115')} buchbar. Das Projekt wurde mit {K(amount(rng))} aus Mitteln des "
            f"{K(rng.choice(['Onlinezugangsgesetzes', 'Landes', 'Bundes']))} gefördert. Kooperationspartner "
            f"ist das {K(rng.choice(NAMED_PLACES))}.\n\nPressekontakt: {P('PERSON', contact.full)}, "
            f"{P('EMAIL_ADDRESS', v.email(contact))}")


@dataclass(frozen=True)
class Template:
    id: str
    kind: str
    split: str
    build: Callable[[Values], str]


TEMPLATES: list[Template] = [
    Template("email_wohngeld", "citizen_email", "tune", email_wohngeld),
    Template("email_ummeldung", "citizen_email", "holdout", email_ummeldung),
    Template("email_parkausweis", "citizen_email", "tune", email_parkausweis),
    Template("email_beschwerde", "citizen_email", "tune", email_beschwerde),
    Template("email_kita", "citizen_email", "holdout", email_kita),
    Template("email_auslaender", "citizen_email", "tune", email_auslaender),
    Template("email_kartenzahlung", "citizen_email", "tune", email_kartenzahlung),
    Template("email_rente", "citizen_email", "holdout", email_rente),
    Template("bescheid_wohngeld", "bescheid", "tune", bescheid_wohngeld),
    Template("bescheid_buergergeld", "bescheid", "holdout", bescheid_buergergeld),
    Template("bescheid_bussgeld", "bescheid", "tune", bescheid_bussgeld),
    Template("bescheid_steuer", "bescheid", "tune", bescheid_steuer),
    Template("note_telefon", "gespraechsnotiz", "tune", note_telefon),
    Template("note_hausbesuch", "gespraechsnotiz", "holdout", note_hausbesuch),
    Template("note_beratung", "gespraechsnotiz", "tune", note_beratung),
    Template("note_ordnungsamt", "gespraechsnotiz", "tune", note_ordnungsamt),
    Template("hr_personalbogen", "hr", "tune", hr_personalbogen),
    Template("hr_abmahnung", "hr", "holdout", hr_abmahnung),
    Template("hr_krankmeldung", "hr", "tune", hr_krankmeldung),
    Template("ticket_passwort", "it_ticket", "tune", ticket_passwort),
    Template("ticket_vpn", "it_ticket", "holdout", ticket_vpn),
    Template("log_auth", "log", "tune", log_auth),
    Template("log_webserver", "log", "holdout", log_webserver),
    Template("csv_teilnehmer", "csv", "tune", csv_teilnehmer),
    Template("csv_zahlungen", "csv", "holdout", csv_zahlungen),
    Template("csv_fahrzeuge", "csv", "tune", csv_fahrzeuge),
    Template("code_python", "code", "tune", code_python),
    Template("code_sql", "code", "holdout", code_sql),
    Template("code_json", "code", "tune", code_json),
    Template("chat_teams", "chat", "tune", chat_teams),
    Template("chat_support", "chat", "holdout", chat_support),
    Template("info_rundschreiben", "rundschreiben", "tune", info_rundschreiben),
    Template("info_pressemitteilung", "rundschreiben", "holdout", info_pressemitteilung),
]
