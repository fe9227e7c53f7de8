# ruff: noqa: E501  (handwritten prose keeps its natural line lengths)
"""Handwritten documents (realistic office language), labelled by string so offsets are exact."""

from __future__ import annotations

from typing import Any

from .markup import label_by_string

# Each entry: (id, kind, text, {entity type: [strings]}, [keep strings]). Every whole-word
# occurrence of a listed string is labelled; odd-numbered documents are holdout.
DOCUMENTS: list[tuple[str, str, str, dict[str, list[str]], list[str]]] = [
    ("hw-01", "citizen_email", """Sehr geehrte Damen und Herren,

ich wende mich an Sie wegen meines Wohngeldantrags (Az. 50.2-123/24). Seit dem 1. Februar wohne ich mit meinen beiden Kindern in der Gotlindestraße 41, 10365 Berlin. Die neue Miete beträgt 1.234,56 EUR warm. Den Mietvertrag habe ich schon am 14.01.2025 per Post geschickt, aber bisher keine Antwort bekommen.

Bitte teilen Sie mir mit, ob noch Unterlagen fehlen. Sie erreichen mich am besten nachmittags unter 0176 41235590.

Mit freundlichen Grüßen
Aylin Şahin""",
     {"PERSON": ["Aylin Şahin"], "ADDRESS": ["Gotlindestraße 41, 10365 Berlin"],
      "PHONE_NUMBER": ["0176 41235590"]},
     ["Az. 50.2-123/24", "1.234,56 EUR", "14.01.2025"]),

    ("hw-02", "gespraechsnotiz", """Telefonvermerk 12.03.2025, 10:40 Uhr

Herr Wójcik (Vater von Zofia, Klasse 4b) rief an. Er beschwert sich, dass der Antrag auf Lernförderung nach § 28 SGB II noch nicht entschieden ist. Rückrufnummer: 030/98127745. Er ist nur vormittags erreichbar. Ich habe ihm zugesagt, dass sich Frau Dr. Lindqvist-Brandt bis Freitag meldet.

Weiterleitung an: Jobcenter Berlin Mitte, Team 612""",
     {"PERSON": ["Wójcik", "Zofia", "Lindqvist-Brandt"], "PHONE_NUMBER": ["030/98127745"]},
     ["12.03.2025", "§ 28 SGB II", "Jobcenter Berlin Mitte"]),

    ("hw-03", "bescheid", """Landesamt für Soziales
Versorgungsamt – Schwerbehindertenrecht
Geschäftszeichen: 72-SB-0815/25

Frau
Hatice Yıldırım-Koch
Reuterstr. 7b
12053 Berlin

Feststellungsbescheid nach § 152 SGB IX

Sehr geehrte Frau Yıldırım-Koch,

auf Ihren Antrag vom 03.02.2025 stellen wir einen Grad der Behinderung von 50 fest. Das Merkzeichen G wird nicht zuerkannt. Gegen diesen Bescheid können Sie innerhalb eines Monats nach Bekanntgabe Widerspruch einlegen.

Im Auftrag
Kowalczyk""",
     {"PERSON": ["Hatice Yıldırım-Koch", "Yıldırım-Koch", "Kowalczyk"],
      "ADDRESS": ["Reuterstr. 7b\n12053 Berlin"]},
     ["Landesamt für Soziales", "72-SB-0815/25", "§ 152 SGB IX", "03.02.2025"]),

    ("hw-04", "chat", """[08:51] tobias: moin, ist jemand schon im büro?
[08:52] mehmet: ja ich. kevin ist krank, hat mir gerade geschrieben
[08:52] tobias: ok, dann übernimmst du bitte seinen termin um 10 mit frau nowak? die nummer steht im kalender, 0157 84412093
[08:53] mehmet: mach ich. worum gehts?
[08:53] tobias: verlängerung aufenthaltserlaubnis, unterlagen liegen in der eAkte""",
     {"PERSON": ["tobias", "mehmet", "kevin", "nowak"], "PHONE_NUMBER": ["0157 84412093"]},
     ["eAkte"]),

    ("hw-05", "hr", """Personalrat – Vertraulich

Betreff: Eingruppierung Frau Papadopoulou (Παπαδοπούλου)

Die Kollegin Eleni Papadopoulou, geb. 17.09.1988, ist seit dem 01.04.2024 als Sachbearbeiterin im Bürgeramt Mitte tätig. Sie beantragt die Höhergruppierung von E 8 nach E 9a TVöD. Der Personalrat stimmt der Maßnahme nach § 87 PersVG Berlin zu.

Steuer-ID der Beschäftigten für die Entgeltabrechnung: 88 583 204 912

gez. Brandt, Vorsitzender""",
     {"PERSON": ["Eleni Papadopoulou", "Papadopoulou", "Παπαδοπούλου", "Brandt"],
      "DATE_OF_BIRTH": ["17.09.1988"], "DE_TAX_ID": ["88 583 204 912"]},
     ["01.04.2024", "Bürgeramt Mitte", "§ 87 PersVG Berlin", "E 9a TVöD"]),

    ("hw-06", "it_ticket", """Ticket 2025-03-0417 | Priorität: hoch
Betreff: Drucker im 3. OG druckt nicht

Beschreibung: Seit dem Windows-Update druckt der Drucker in Raum 312 nicht mehr. Betroffen sind Frau El-Amin und Herr de Vries. Der Drucker hat die IP 10.20.31.17, mein Rechner 10.20.31.122.

Kontakt: Yasmin El-Amin, Durchwahl 9298-2417, yasmin.el-amin@posteo.de

Lösung (Service Desk, J. Kaczmarek): Treiber neu installiert, Warteschlange geleert. Ticket geschlossen.""",
     {"PERSON": ["Yasmin El-Amin", "El-Amin", "de Vries", "J. Kaczmarek"],
      "IP_ADDRESS": ["10.20.31.17", "10.20.31.122"], "PHONE_NUMBER": ["9298-2417"],
      "EMAIL_ADDRESS": ["yasmin.el-amin@posteo.de"]},
     ["Windows-Update"]),

    ("hw-07", "citizen_email", """Hallo,

ich, Dragan Đorđević, habe am Samstag auf dem Parkplatz vor dem Rathaus einen Strafzettel bekommen, obwohl ich einen gültigen Parkschein hatte. Mein Auto ist der graue Golf mit dem Kennzeichen B-DJ 4711. Ein Foto vom Parkschein hänge ich an.

Das Verwarnungsgeld von 35,00 € zahle ich nicht, bevor das geklärt ist. Ich wohne Karl-Marx-Allee 101, 10243 Berlin.

Gruß
D. Đorđević""",
     {"PERSON": ["Dragan Đorđević", "D. Đorđević"], "DE_KFZ": ["B-DJ 4711"],
      "ADDRESS": ["Karl-Marx-Allee 101, 10243 Berlin"]},
     ["35,00 €"]),

    ("hw-08", "bescheid", """Bezirksamt Friedrichshain-Kreuzberg
Amt für Bürgerdienste – Standesamt

Herrn
Giuseppe Russo
Wrangelstraße 88
10997 Berlin

Ihre Anmeldung zur Eheschließung

Sehr geehrter Herr Russo,

für die Anmeldung der Eheschließung mit Frau Ewa Zielińska benötigen wir noch eine beglaubigte Übersetzung Ihrer Geburtsurkunde (geboren am 22. Juli 1990 in Palermo) sowie das Ehefähigkeitszeugnis. Bitte reichen Sie die Unterlagen bis zum 30.04.2025 ein. Die Gebühr beträgt 85,00 Euro.

Mit freundlichen Grüßen
Im Auftrag
Schulze-Ehrenberg""",
     {"PERSON": ["Giuseppe Russo", "Russo", "Ewa Zielińska", "Schulze-Ehrenberg"],
      "ADDRESS": ["Wrangelstraße 88\n10997 Berlin"], "DATE_OF_BIRTH": ["22. Juli 1990"]},
     ["Bezirksamt Friedrichshain-Kreuzberg", "Standesamt", "30.04.2025", "85,00 Euro"]),

    ("hw-09", "csv", """Lfd;Name;Vorname;geb.;Anschrift;Telefon;Bemerkung
1;Schmidt;Jürgen;04.11.1957;Lindenstraße 3, 14467 Potsdam;0331 2708812;Rollstuhl
2;al-Hassan;Fatima;19.02.1979;Am Kanal 12;0152 33810746;Dolmetscher Arabisch
3;Kuznetsova;Olga;30.06.1966;Brandenburger Str. 55a;;
4;van der Berg;Pieter;11.12.1983;Zeppelinstraße 120-122;0049 331 9801234;
Stand: 10.03.2025, Teilnehmerliste Seniorenberatung""",
     {"PERSON": ["Schmidt", "Jürgen", "al-Hassan", "Fatima", "Kuznetsova", "Olga", "van der Berg", "Pieter"],
      "DATE_OF_BIRTH": ["04.11.1957", "19.02.1979", "30.06.1966", "11.12.1983"],
      "ADDRESS": ["Lindenstraße 3, 14467 Potsdam", "Am Kanal 12", "Brandenburger Str. 55a",
                  "Zeppelinstraße 120-122"],
      "PHONE_NUMBER": ["0331 2708812", "0152 33810746", "0049 331 9801234"]},
     ["10.03.2025"]),

    ("hw-10", "code", """# TODO: Testdaten vor dem Commit entfernen!
BEISPIEL_ANTRAG = {
    "antragsteller": "Mustafa Demir",
    "geburtsdatum": "1972-05-09",
    "iban": "DE65 3937 0450 5285 5966 54",
    "email": "m.demir72@gmx.de",
    "telefon": "+49 (0)89 123456-0",
    "betrag_eur": 412.50,
}

def test_antrag_validierung():
    assert validate(BEISPIEL_ANTRAG).ok""",
     {"PERSON": ["Mustafa Demir"], "DATE_OF_BIRTH": ["1972-05-09"], "IBAN_CODE": ["DE65 3937 0450 5285 5966 54"],
      "EMAIL_ADDRESS": ["m.demir72@gmx.de"], "PHONE_NUMBER": ["+49 (0)89 123456-0"]},
     ["412.50"]),
    ("hw-11", "gespraechsnotiz", """Gesprächsnotiz – Sprechstunde Ausländerbehörde

Anwesend: Herr Mohammed Abu-Hamdan, Dolmetscherin Frau Rasha Darwish, SB Meier

Herr Abu-Hamdan legt seinen syrischen Reisepass (Nr. CWRHJXL8G) vor. Die Fiktionsbescheinigung läuft am 31.05.2025 ab. Er wohnt jetzt bei seinem Bruder in der Hermannstraße 214, 12049 Berlin. Die Wohnsitzauflage nach § 12a AufenthG ist zu prüfen. Rückfragen an die Dolmetscherin: 0163 5527781.""",
     {"PERSON": ["Mohammed Abu-Hamdan", "Abu-Hamdan", "Rasha Darwish", "Meier"],
      "DE_PASSPORT": ["CWRHJXL8G"], "ADDRESS": ["Hermannstraße 214, 12049 Berlin"],
      "PHONE_NUMBER": ["0163 5527781"]},
     ["Ausländerbehörde", "31.05.2025", "§ 12a AufenthG"]),

    ("hw-12", "citizen_email", """Betreff: Kindergeld – Änderung der Bankverbindung

Guten Tag,

bitte zahlen Sie das Kindergeld für unseren Sohn Jonas ab sofort auf folgendes Konto: DE26 1600 8699 3467 3653 26 (Kontoinhaberin: Katarzyna Lewandowska-Berger). Meine Steuer-ID ist 65743966184, die unseres Sohnes habe ich leider nicht zur Hand.

Kindergeldnummer: 235FK123456

Danke und viele Grüße
Katarzyna Lewandowska-Berger
Tel. 0211/4481920""",
     {"PERSON": ["Jonas", "Katarzyna Lewandowska-Berger"], "IBAN_CODE": ["DE26 1600 8699 3467 3653 26"],
      "DE_TAX_ID": ["65743966184"], "PHONE_NUMBER": ["0211/4481920"]},
     ["235FK123456"]),

    ("hw-13", "log", """2025-03-11 07:58:02,114 INFO  [sso] login ok user=ivana.horvat@outlook.de ip=192.168.14.23
2025-03-11 07:58:40,902 WARN  [sso] login failed user=b.schroeder-wolff@web.de ip=85.214.132.7 reason=bad_password
2025-03-11 07:58:44,017 WARN  [sso] login failed user=b.schroeder-wolff@web.de ip=85.214.132.7 reason=bad_password
2025-03-11 07:59:01,553 ERROR [sso] account locked user=b.schroeder-wolff@web.de after 3 attempts
2025-03-11 08:02:17,004 INFO  [vpn] tunnel up peer=2a01:6a44:ccd6:d42f:ecd7:2802:fa99:9d41 profile=homeoffice""",
     {"EMAIL_ADDRESS": ["ivana.horvat@outlook.de", "b.schroeder-wolff@web.de"],
      "IP_ADDRESS": ["192.168.14.23", "85.214.132.7", "2a01:6a44:ccd6:d42f:ecd7:2802:fa99:9d41"]},
     []),

    ("hw-14", "hr", """Krankmeldung / Arbeitsunfähigkeit

Name: Nikolaidis, Konstantinos
Personalnummer: 004711
SV-Nummer: 45 060297 P 273
Krankenkasse: AOK Nordost, Versichertennr. P515068213
AU von 10.03.2025 bis 21.03.2025 (Erstbescheinigung)

Vertretung: Frau Krämer übernimmt die Post, Herr Ilić die Telefonsprechstunde.""",
     {"PERSON": ["Nikolaidis", "Konstantinos", "Krämer", "Ilić"],
      "DE_SOCIAL_SECURITY": ["45 060297 P 273"], "DE_HEALTH_INSURANCE": ["P515068213"]},
     ["AOK Nordost", "10.03.2025", "21.03.2025"]),

    ("hw-15", "citizen_email", """Sehr geehrte Frau Bürgermeisterin,

die Baustelle in der Hauptstraße blockiert seit drei Monaten den Gehweg. Rollstuhlfahrer wie meine Mutter, Frau Irmgard von der Heide, müssen auf die Fahrbahn ausweichen. Das Ordnungsamt sagt, es sei nicht zuständig, das Tiefbauamt antwortet nicht.

Ich bitte Sie herzlich, sich der Sache anzunehmen.

Mit freundlichen Grüßen
Friedrich von der Heide
Hauptstraße 17
16225 Eberswalde""",
     {"PERSON": ["Irmgard von der Heide", "Friedrich von der Heide"],
      "ADDRESS": ["Hauptstraße 17\n16225 Eberswalde"]},
     ["Hauptstraße", "Ordnungsamt", "Tiefbauamt"]),

    ("hw-16", "bescheid", """Jobcenter Cottbus
BG-Nummer: 36201BG0012345

Aufhebungs- und Erstattungsbescheid

Sehr geehrter Herr Alexej Wolkow,

die Bewilligung von Bürgergeld für die Zeit vom 01.10.2024 bis 31.12.2024 wird nach § 48 SGB X teilweise aufgehoben, da Sie Einkommen aus einer Beschäftigung erzielt haben. Der zu erstattende Betrag beläuft sich auf 642,18 EUR. Bitte überweisen Sie den Betrag bis zum 15.04.2025 an die Bundesagentur für Arbeit unter Angabe der BG-Nummer.

Ihre Rentenversicherungsnummer: 44 130142 I 705""",
     {"PERSON": ["Alexej Wolkow"], "DE_SOCIAL_SECURITY": ["44 130142 I 705"]},
     ["Jobcenter Cottbus", "36201BG0012345", "01.10.2024", "31.12.2024", "§ 48 SGB X", "642,18 EUR",
      "15.04.2025", "Bundesagentur für Arbeit"]),

    ("hw-17", "chat", """Moritz Engel: @Leonie kannst du mal auf den Fall Kılıç schauen? Die Tochter hat jetzt angerufen
Leonie Baumgärtner: klar. hat sie ne nummer hinterlassen?
Moritz Engel: ja, +49 1520 7713398, sie heißt Elif
Leonie Baumgärtner: danke! ich ruf nach der Teamrunde an""",
     {"PERSON": ["Moritz Engel", "Leonie", "Leonie Baumgärtner", "Kılıç", "Elif"],
      "PHONE_NUMBER": ["+49 1520 7713398"]},
     []),

    ("hw-18", "gespraechsnotiz", """Vermerk Hausbesuch Jugendamt, 06.03.2025

Familie Popescu, Alt-Moabit 93, 10559 Berlin, 3. OG links.
Anwesend: Mutter Andreea Popescu, Kinder Ionuț (7) und Maria (4). Vater laut Mutter auf Montage.
Die Wohnung ist beengt (2 Zimmer), aber ordentlich. Ionuț besucht die Grundschule am Tiergarten. Frau Popescu wünscht Unterstützung beim Antrag auf Wohnberechtigungsschein.
Nächster Termin: 20.03.2025. Kontakt Frau Popescu: 0176-22019384""",
     {"PERSON": ["Popescu", "Andreea Popescu", "Ionuț", "Maria"], "ADDRESS": ["Alt-Moabit 93, 10559 Berlin"],
      "PHONE_NUMBER": ["0176-22019384"]},
     ["Jugendamt", "06.03.2025", "20.03.2025", "Wohnberechtigungsschein"]),

    ("hw-19", "it_ticket", """Störungsmeldung #88231
Von: Sabine Hoffmann-Lenz
Gesendet: Dienstag, 11. März 2025 09:12
Betreff: Kein Zugriff auf Fachverfahren

Hallo liebes IT-Team,

seit heute früh bekomme ich im Fachverfahren OK.SOZIUS die Meldung "Zertifikat abgelaufen". Mein Arbeitsplatz ist BA-PANK-WS0231, IP 172.16.40.231. Kollege Jan hat das gleiche Problem.

Bitte dringend, ich habe um 10 Uhr Sprechstunde. Ihr erreicht mich unter 030 90295-2402.

Sabine""",
     {"PERSON": ["Sabine Hoffmann-Lenz", "Sabine", "Jan"], "IP_ADDRESS": ["172.16.40.231"],
      "PHONE_NUMBER": ["030 90295-2402"]},
     ["OK.SOZIUS", "BA-PANK-WS0231", "11. März 2025"]),

    ("hw-20", "citizen_email", """Sehr geehrte Damen und Herren,

meine Geldbörse wurde gestern in der U-Bahn gestohlen. Darin waren mein Personalausweis (Nummer L79K3R4YZ) und meine Kreditkarte 4187 7180 3373 8745. Die Karte habe ich bereits sperren lassen. Wie beantrage ich einen neuen Ausweis? Brauche ich dafür einen Termin im Bürgeramt?

Ich bin Schichtarbeiter und kann nur morgens.

Danke,
Tomasz Kowalski, geb. am 03.04.1985
Weichselstraße 5, 12045 Berlin""",
     {"PERSON": ["Tomasz Kowalski"], "DE_ID_CARD": ["L79K3R4YZ"], "CREDIT_CARD": ["4187 7180 3373 8745"],
      "DATE_OF_BIRTH": ["03.04.1985"], "ADDRESS": ["Weichselstraße 5, 12045 Berlin"]},
     ["Bürgeramt"]),
    ("hw-21", "bescheid", """Finanzamt Potsdam
Steuernummer 046/123/45678

Herrn und Frau
Andreas und Svetlana Richter
Am Ring 3
14469 Potsdam

Einkommensteuerbescheid 2023

Identifikationsnummer Ehemann: 18 191 236 076
Identifikationsnummer Ehefrau: 87923402262

Die Einkommensteuer wird auf 8.412,00 EUR festgesetzt. Die Erstattung von 1.087,33 EUR wird auf das Konto DE15 2513 7790 4435 1292 21 überwiesen. Rechtsgrundlage: § 155 AO.""",
     {"PERSON": ["Andreas", "Svetlana Richter"], "ADDRESS": ["Am Ring 3\n14469 Potsdam"],
      "DE_TAX_ID": ["18 191 236 076", "87923402262"], "IBAN_CODE": ["DE15 2513 7790 4435 1292 21"]},
     ["Finanzamt Potsdam", "046/123/45678", "8.412,00 EUR", "1.087,33 EUR", "§ 155 AO"]),

    ("hw-22", "hr", """Zwischenzeugnis (Entwurf)

Frau Marija Petrović, geboren am 12. Oktober 1991, ist seit dem 1. März 2021 in unserem Sachgebiet Elterngeld beschäftigt. Frau Petrović bearbeitet Anträge nach dem BEEG selbstständig und zuverlässig. Ihre Vorgesetzte, Frau Hannelore Schäfer, schätzt besonders ihre Sprachkenntnisse in Serbisch und Englisch.

Dieses Zwischenzeugnis wird auf Wunsch von Frau Petrović wegen eines Vorgesetztenwechsels erteilt.""",
     {"PERSON": ["Marija Petrović", "Petrović", "Hannelore Schäfer"], "DATE_OF_BIRTH": ["12. Oktober 1991"]},
     ["1. März 2021", "Elterngeld", "BEEG"]),

    ("hw-23", "csv", """kennzeichen,halter,ort,tatzeit,verstoss,betrag
M-KH 2291,Karl-Heinz Obermaier,München,2025-02-14 08:12,Parken im Halteverbot,25.00
HH-A 12,Noah Brandstätter,Hamburg,2025-02-14 09:40,Gehwegparken,55.00
GÖ F 5,Selin Aydın,Göttingen,2025-02-15 17:03,Parken auf Radweg,55.00
B-XY 123E,Konstantin Fedorov,Berlin,2025-02-16 11:30,Ladezone blockiert,30.00""",
     {"DE_KFZ": ["M-KH 2291", "HH-A 12", "GÖ F 5", "B-XY 123E"],
      "PERSON": ["Karl-Heinz Obermaier", "Noah Brandstätter", "Selin Aydın", "Konstantin Fedorov"]},
     ["Parken im Halteverbot", "München", "Hamburg", "Göttingen"]),

    ("hw-24", "gespraechsnotiz", """Beratungsgespräch Schuldnerberatung, 04.03.2025

Klient: Herr Oleksandr Bondarenko, * 28.08.1975, Versichertennummer T520622467 (Techniker Krankenkasse).
Schulden gesamt ca. 14.300 Euro, davon Mietschulden 2.150,00 €. Herr Bondarenko bezieht Leistungen vom Jobcenter. Er ist mit der Einrichtung eines P-Kontos einverstanden (§ 850k ZPO).
Nächster Schritt: Gläubigerliste bis 18.03.2025. Erreichbar per Mail: o.bondarenko@ukr.net""",
     {"PERSON": ["Oleksandr Bondarenko", "Bondarenko"], "DATE_OF_BIRTH": ["28.08.1975"],
      "DE_HEALTH_INSURANCE": ["T520622467"], "EMAIL_ADDRESS": ["o.bondarenko@ukr.net"]},
     ["04.03.2025", "Techniker Krankenkasse", "14.300 Euro", "2.150,00 €", "Jobcenter", "§ 850k ZPO",
      "18.03.2025"]),

    ("hw-25", "citizen_email", """hallo,
ich hab die rechnung für die Sperrmüllabholung bekommen aber schon bezahlt!! mit kreditkarte, nummer war 5507 1710 9565 8072, am 2.3. also bitte nicht nochmal abbuchen.
gruß sandra pohl
waldweg 9
03046 cottbus""",
     {"PERSON": ["sandra pohl"], "CREDIT_CARD": ["5507 1710 9565 8072"], "ADDRESS": ["waldweg 9\n03046 cottbus"]},
     ["Sperrmüllabholung"]),

    ("hw-26", "code", """-- Migration 0042: Beispielzeile für das Meldeportal (nur DEV!)
INSERT INTO meldungen (vorname, nachname, strasse, plz, ort, geburtsdatum, steuer_id)
VALUES ('Zeynep', 'Öztürk', 'Sonnenallee 223', '12059', 'Berlin', '1994-11-02', '62918606375');
-- Ansprechpartner Fachbereich: Herr Lehmann (Durchwahl 406-2402)""",
     {"PERSON": ["Zeynep", "Öztürk", "Lehmann"], "ADDRESS": ["Sonnenallee 223"], "DATE_OF_BIRTH": ["1994-11-02"],
      "DE_TAX_ID": ["62918606375"], "PHONE_NUMBER": ["406-2402"]},
     []),

    ("hw-27", "it_ticket", """Incident INC-20250312-0098
Kategorie: Netzwerk / VPN

Nutzer: dimitris.georgiou@t-online.de (Dimitrios Georgiou, Amt für Umwelt und Natur)
Homeoffice-Anschluss, öffentliche IP 91.64.210.18, VPN-Adresse fe80::1c2b:7aff:fe44:9d01
Fehlerbild: Verbindung bricht nach 15 Minuten ab. FortiClient 7.2 neu installiert, ohne Erfolg.
Rückruf erbeten unter 0151 28847710.""",
     {"EMAIL_ADDRESS": ["dimitris.georgiou@t-online.de"], "PERSON": ["Dimitrios Georgiou"],
      "IP_ADDRESS": ["91.64.210.18", "fe80::1c2b:7aff:fe44:9d01"], "PHONE_NUMBER": ["0151 28847710"]},
     ["Amt für Umwelt und Natur", "FortiClient 7.2"]),

    ("hw-28", "bescheid", """Landesamt für Einwanderung
Az.: IV B 2 – 1234/25

Herrn Bilal Qasim
c/o Familie Hoxha
Prenzlauer Allee 180
10405 Berlin

Einladung zur Vorsprache

Sehr geehrter Herr Qasim,

zur Bearbeitung Ihres Antrags auf Erteilung einer Niederlassungserlaubnis bitten wir Sie, am 08.04.2025 um 9:30 Uhr persönlich vorzusprechen. Bringen Sie bitte Ihren Reisepass, den Nachweis über Sprachkenntnisse (B1) und Ihre Lohnabrechnungen der letzten sechs Monate mit.""",
     {"PERSON": ["Bilal Qasim", "Qasim", "Hoxha"], "ADDRESS": ["Prenzlauer Allee 180\n10405 Berlin"]},
     ["Landesamt für Einwanderung", "IV B 2 – 1234/25", "08.04.2025"]),

    ("hw-29", "chat", """Support-Chat Bürgerportal
Bürgerin: guten tag ich komme nicht in mein konto
Agent (Nils): Gern helfe ich. Mit welcher E-Mail sind Sie registriert?
Bürgerin: leyla.karimi@gmail.com
Agent (Nils): Danke, Frau Karimi. Ich sende Ihnen einen neuen Link. Bitte schauen Sie auch im Spam-Ordner.
Bürgerin: ok danke. meine handynummer ist übrigens neu: 0172 5530186""",
     {"PERSON": ["Nils", "Karimi"], "EMAIL_ADDRESS": ["leyla.karimi@gmail.com"], "PHONE_NUMBER": ["0172 5530186"]},
     ["Bürgerportal"]),

    ("hw-30", "gespraechsnotiz", """Protokoll Teamsitzung Sachgebiet Wohngeld, 13.03.2025

Teilnehmende: Frau Weber (Leitung), Herr Yilmaz, Frau Krause, Herr Ahmadi, Frau Szymańska
1. Rückstände: 412 offene Anträge, Ziel bis 30.06.2025 unter 250.
2. Neue Software: Umstellung auf Version 5.3 im April. Schulung durch Herrn Ahmadi.
3. Urlaub: Frau Krause ist vom 14.04. bis 25.04. abwesend, Vertretung Herr Yilmaz.
4. Verschiedenes: Das Sachgebiet zieht im Sommer in die Fröbelstraße, genauer Termin folgt.""",
     {"PERSON": ["Weber", "Yilmaz", "Krause", "Ahmadi", "Szymańska"]},
     ["13.03.2025", "30.06.2025", "Fröbelstraße", "Wohngeld"]),
    ("hw-31", "citizen_email", """Sehr geehrte Damen und Herren,

hiermit lege ich gegen den Gebührenbescheid vom 20.02.2025 (Kassenzeichen 4711.0815.42) Widerspruch ein. Die Gebühr von 120,00 EUR für die Sondernutzung ist nach Art. 3 der Gebührenordnung nicht gerechtfertigt, weil der Container nur zwei Tage vor dem Haus Schillerstraße 12a stand.

Bitte überweisen Sie den zu viel gezahlten Betrag auf IBAN DE33951072463823897627.

Hochachtungsvoll
Prof. Dr. Wolfgang Nüßlein-Barthel""",
     {"ADDRESS": ["Schillerstraße 12a"], "IBAN_CODE": ["DE33951072463823897627"],
      "PERSON": ["Wolfgang Nüßlein-Barthel"]},
     ["20.02.2025", "Kassenzeichen 4711.0815.42", "120,00 EUR"]),

    ("hw-32", "hr", """Von: Personalservice
An: Teamleitung Bürgeramt Lichtenberg
Betreff: Einstellung zum 01.05.2025

Liebe Frau Brückner,

zum 01.05.2025 beginnt Herr Emre Çelik bei Ihnen als Sachbearbeiter (E 8). Für die Anmeldung bei der Krankenkasse benötigen wir noch seine Sozialversicherungsnummer; laut Bewerbung lautet sie 12191196L901. Die Bankverbindung (DE19 1348 6046 9624 2070 57) liegt vor.

Herr Çelik ist unter emre.celik@mailbox.org erreichbar.

Viele Grüße
Anja""",
     {"PERSON": ["Brückner", "Emre Çelik", "Çelik", "Anja"], "DE_SOCIAL_SECURITY": ["12191196L901"],
      "IBAN_CODE": ["DE19 1348 6046 9624 2070 57"], "EMAIL_ADDRESS": ["emre.celik@mailbox.org"]},
     ["Personalservice", "Bürgeramt Lichtenberg", "01.05.2025"]),

    ("hw-33", "log", """Mar 12 14:03:11 web01 nginx: 37.201.44.9 - - "POST /antrag/absenden HTTP/1.1" 200 512 "-" "Mozilla/5.0"
Mar 12 14:03:12 web01 app[2211]: antrag gespeichert id=98812 antragsteller="Lukas Brenner" email=lukas.brenner@freenet.de
Mar 12 14:03:15 web01 app[2211]: WARN Plausi: Geburtsdatum 31.02.1990 ungültig für antrag id=98813
Mar 12 14:04:40 web01 nginx: 2003:e5:9f12:aa00:1d4:77ff:fe10:2b3c - - "GET /status HTTP/1.1" 200 48 "-" "curl/8.5" """,
     {"IP_ADDRESS": ["37.201.44.9", "2003:e5:9f12:aa00:1d4:77ff:fe10:2b3c"], "PERSON": ["Lukas Brenner"],
      "EMAIL_ADDRESS": ["lukas.brenner@freenet.de"], "DATE_OF_BIRTH": ["31.02.1990"]},
     []),

    ("hw-34", "gespraechsnotiz", """Telefonnotiz

Anruf von Frau Nguyen Thi Lan wegen der Einbürgerung ihres Mannes. Herr Tran Van Minh hat den Einbürgerungstest bestanden. Frau Nguyen fragt, ob der alte Reisepass (C8X3CPZGG) abgegeben werden muss. Auskunft erteilt: ja, bei Aushändigung der Urkunde.

Rückruf nicht erforderlich. Tel. laut Akte: 0341 5561230""",
     {"PERSON": ["Nguyen Thi Lan", "Tran Van Minh", "Nguyen"], "DE_PASSPORT": ["C8X3CPZGG"],
      "PHONE_NUMBER": ["0341 5561230"]},
     ["Einbürgerungstest"]),

    ("hw-35", "citizen_email", """Sehr geehrte Damen und Herren,

Montag früh wurde vor unserem Haus (Hinter dem Dorfe 4, 39104 Magdeburg) ein Auto abgestellt, das seitdem die Einfahrt blockiert: silberner Kombi, Kennzeichen MD-R 2025. Wir kommen mit unserem Pflegedienst nicht mehr auf das Grundstück. Bitte lassen Sie das Fahrzeug umsetzen.

Notfallnummer: +49 391 7345521

Heike und Detlef Marschall""",
     {"ADDRESS": ["Hinter dem Dorfe 4, 39104 Magdeburg"], "DE_KFZ": ["MD-R 2025"],
      "PHONE_NUMBER": ["+49 391 7345521"], "PERSON": ["Heike", "Detlef Marschall"]},
     ["Pflegedienst"]),

    ("hw-36", "bescheid", """Deutsche Rentenversicherung Bund

Versicherungsnummer 63 170700 X 227
Frau Natalia Sokolowa, geb. 17.07.1950

Rentenbescheid – Altersrente für langjährig Versicherte

Sehr geehrte Frau Sokolowa,

Ihnen wird ab 01.08.2025 Altersrente gewährt. Der monatliche Zahlbetrag beträgt 1.128,40 EUR. Die Rente wird auf Ihr Konto bei der Berliner Sparkasse, IBAN DE20 2225 6335 7148 3344 02, gezahlt.""",
     {"DE_SOCIAL_SECURITY": ["63 170700 X 227"], "PERSON": ["Natalia Sokolowa", "Sokolowa"],
      "DATE_OF_BIRTH": ["17.07.1950"], "IBAN_CODE": ["DE20 2225 6335 7148 3344 02"]},
     ["Deutsche Rentenversicherung Bund", "01.08.2025", "1.128,40 EUR", "Berliner Sparkasse"]),

    ("hw-37", "chat", """[14:02] Julia: Kurze Frage: weiß jemand, wer beim Fall Schneider-Ohlsen zuständig ist?
[14:03] Ahmet: ich glaub björn, aber der ist bis montag im urlaub
[14:03] Julia: mist. die frau ruft schon zum dritten mal an
[14:05] Ahmet: ruf sie zurück und sag dass sich björn am dienstag meldet. ihre nummer: 0162 9987123""",
     {"PERSON": ["Julia", "Schneider-Ohlsen", "Ahmet", "björn"], "PHONE_NUMBER": ["0162 9987123"]},
     []),

    ("hw-38", "csv", """Empfänger;IBAN;Betrag;Verwendungszweck
Agnieszka Nowicka;PL94758722514446289792171516;312,50;Erstattung Kita-Beitrag 2024
Luca Bianchi;IT17T3921947968600352267540;89,00;Rückzahlung Gebühr Az. 33.1-0456/24
Familie Okonkwo;DE52 1762 5112 1332 9059 97;1.200,00;Zuschuss Wohnungsanpassung""",
     {"PERSON": ["Agnieszka Nowicka", "Luca Bianchi", "Okonkwo"],
      "IBAN_CODE": ["PL94758722514446289792171516", "IT17T3921947968600352267540", "DE52 1762 5112 1332 9059 97"]},
     ["312,50", "89,00", "1.200,00", "Az. 33.1-0456/24"]),

    ("hw-39", "hr", """Bewerbungsunterlagen – Kurzprofil

Bewerberin: Amira Haddad
Anschrift: Leipziger Str. 47, 04109 Leipzig
Telefon: 0341 / 98 77 66 5
E-Mail: amira.haddad@web.de
Geburtsdatum: 02.09.1996
Ausbildung: Verwaltungsfachangestellte, IHK-Abschluss 2018
Personalausweis liegt in Kopie vor (Nr. T7HNVR58Z)""",
     {"PERSON": ["Amira Haddad"], "ADDRESS": ["Leipziger Str. 47, 04109 Leipzig"],
      "PHONE_NUMBER": ["0341 / 98 77 66 5"], "EMAIL_ADDRESS": ["amira.haddad@web.de"],
      "DATE_OF_BIRTH": ["02.09.1996"], "DE_ID_CARD": ["T7HNVR58Z"]},
     ["Verwaltungsfachangestellte"]),

    ("hw-40", "it_ticket", """Ticket #51207 – Neuer Mitarbeiter braucht Zugänge

Bitte für Herrn Ioannis Papadakis (Ιωάννης Παπαδάκης) ab 01.04.2025 einrichten:
- AD-Konto, Postfach ioannis.papadakis@gmx.net als Weiterleitung bis zur Freischaltung
- Zugriff auf Laufwerk S:\\Wohngeld
- Telefon, Durchwahl 1234-5678

Beantragt von: Gisela Wendt-Hofmann, Sachgebietsleitung""",
     {"PERSON": ["Ioannis Papadakis", "Ιωάννης Παπαδάκης", "Gisela Wendt-Hofmann"],
      "EMAIL_ADDRESS": ["ioannis.papadakis@gmx.net"], "PHONE_NUMBER": ["1234-5678"]},
     ["01.04.2025"]),

    ("hw-41", "citizen_email", """Guten Tag Herr Dr. Schwarzenbeck,

wie heute am Telefon besprochen, sende ich Ihnen die Unterlagen für meine Tochter Mila Jovanović (* 14.06.2012). Ihre Krankenversichertennummer lautet D491754923, sie ist bei der BARMER familienversichert. Die Schulbegleitung wird ab dem neuen Schuljahr benötigt.

Sie erreichen mich unter 0049 171 4456023.

Mit freundlichen Grüßen
Jelena Jovanović""",
     {"PERSON": ["Schwarzenbeck", "Mila Jovanović", "Jelena Jovanović"], "DATE_OF_BIRTH": ["14.06.2012"],
      "DE_HEALTH_INSURANCE": ["D491754923"], "PHONE_NUMBER": ["0049 171 4456023"]},
     ["BARMER", "Schulbegleitung"]),

    ("hw-42", "gespraechsnotiz", """Aktenvermerk

Frau Sophie de Vries sprach heute persönlich vor. Sie hat ihre Kreditkarte (American Express, 3766 392332 14684) versehentlich als Kopie mit dem Antrag eingereicht und bittet um Vernichtung der Kopie. Die Kopie wurde am 12.03.2025 geschwärzt und vernichtet, § 84 BDSG beachtet.

Begleitet wurde sie von ihrem Nachbarn, Herrn Ruslan Achmetow (wohnhaft Unter den Linden 21).""",
     {"PERSON": ["Sophie de Vries", "Ruslan Achmetow"], "CREDIT_CARD": ["3766 392332 14684"],
      "ADDRESS": ["Unter den Linden 21"]},
     ["American Express", "12.03.2025", "§ 84 BDSG"]),
]


def handwritten_documents() -> list[dict[str, Any]]:
    docs = []
    for index, (doc_id, kind, text, pii_terms, keep_terms) in enumerate(DOCUMENTS):
        entities, keeps = label_by_string(text, pii_terms, keep_terms)
        docs.append({
            "id": doc_id, "kind": kind, "template": doc_id, "split": "holdout" if index % 2 else "tune",
            "source": "handwritten", "text": text, "entities": entities, "keep": keeps,
        })
    return docs
