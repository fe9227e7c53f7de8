"""Each recognizer: formats it accepts and near-misses it must reject."""

from __future__ import annotations

import pytest

from redaction import Redactor


def found(redactor: Redactor, text: str) -> list[tuple[str, str]]:
    return [(e.type, text[e.start : e.end]) for e in redactor.analyze(text)]


ACCEPTED = [
    ("EMAIL_ADDRESS", "Bitte an anna.mueller@stadt-beispiel.de schreiben.", "anna.mueller@stadt-beispiel.de"),
    ("IBAN_CODE", "IBAN: DE89 3704 0044 0532 0130 00 BIC COBADEFFXXX", "DE89 3704 0044 0532 0130 00"),
    ("IBAN_CODE", "Konto DE89370400440532013000.", "DE89370400440532013000"),
    ("CREDIT_CARD", "Karte 4111 1111 1111 1111 belastet", "4111 1111 1111 1111"),
    ("CREDIT_CARD", "Mastercard 2223 0031 2200 3222 ok", "2223 0031 2200 3222"),
    ("PHONE_NUMBER", "Tel. 030 12345678", "030 12345678"),
    ("PHONE_NUMBER", "Mobil: 0171/1234567", "0171/1234567"),
    ("PHONE_NUMBER", "erreichbar unter +49 (0)89 123456-0.", "+49 (0)89 123456-0"),
    ("PHONE_NUMBER", "oder 0049 89 123456", "0049 89 123456"),
    ("PHONE_NUMBER", "Durchwahl 406-2402", "406-2402"),
    ("DATE_OF_BIRTH", "Max Mustermann, geb. 03.04.1985, wohnhaft", "03.04.1985"),
    ("DATE_OF_BIRTH", "geboren am 3. April 1985 in Köln", "3. April 1985"),
    ("DATE_OF_BIRTH", "Erika Muster (* 03.04.1985)", "03.04.1985"),
    ("DATE_OF_BIRTH", "geb. in Köln am 3.4.85", "3.4.85"),
    ("DATE_OF_BIRTH", "Ich bin am 3. April 1985 in Köln geboren.", "3. April 1985"),
    ("DATE_OF_BIRTH", "Mein Geburtsdatum ist der 03/04/1985.", "03/04/1985"),
    ("DATE_OF_BIRTH", "DOB: 1985-04-03", "1985-04-03"),
    ("DATE_OF_BIRTH", "Geb.-Dat.: 3.4.1985", "3.4.1985"),
    ("DATE_OF_BIRTH", "Geburtsdatum (TT.MM.JJJJ): 01.02.2003", "01.02.2003"),
    ("DATE_OF_BIRTH", "Sohn Paul (*12.5.2019) besucht", "12.5.2019"),
    ("DATE_OF_BIRTH", "geboren im April 1985 in Izmir", "April 1985"),
    ("DATE_OF_BIRTH", "Herr Roth (Jahrgang 1961) wohnt", "1961"),
    ("DATE_OF_BIRTH", "born on April 3, 1985", "April 3, 1985"),
    ("DATE_OF_BIRTH", '{"name": "X", "geb_datum": "1985-04-03"}', "1985-04-03"),
    ("DATE_OF_BIRTH", "INSERT INTO p (id, dob) VALUES (7, '1985-04-03');", "1985-04-03"),
    ("DE_TAX_ID", "Steuer-ID 86095742719", "86095742719"),
    ("DE_TAX_ID", "Ihre Identifikationsnummer 86 095 742 719", "86 095 742 719"),
    ("DE_SOCIAL_SECURITY", "SVNR 15070649C103", "15070649C103"),
    ("DE_SOCIAL_SECURITY", "Versicherungsnummer 15 070649 C 103", "15 070649 C 103"),
    ("DE_ID_CARD", "Personalausweis L01X00T47", "L01X00T47"),
    ("DE_PASSPORT", "Reisepass C01X00T47", "C01X00T47"),
    ("DE_PASSPORT", "Mein Reisepass mit der Nummer CPFVMXLRF3 läuft ab", "CPFVMXLRF3"),
    ("PHONE_NUMBER", "telefonisch unter +49621133505", "+49621133505"),
    ("ADDRESS", "gruß sandra\nwaldweg 9\n03046 cottbus", "waldweg 9\n03046 cottbus"),
    ("DE_HEALTH_INSURANCE", "KVNR A123456780", "A123456780"),
    ("DE_KFZ", "Kennzeichen B-AB 1234", "B-AB 1234"),
    ("DE_KFZ", "der PKW M XY 123E parkte", "M XY 123E"),
    ("IP_ADDRESS", "Zugriff von 192.168.10.24", "192.168.10.24"),
    ("IP_ADDRESS", "Quelle 2001:db8::8a2e:370:7334", "2001:db8::8a2e:370:7334"),
    ("ADDRESS", "wohnt in der Hauptstraße 12a, 10115 Berlin.", "Hauptstraße 12a, 10115 Berlin"),
    ("ADDRESS", "Karl-Marx-Allee 101", "Karl-Marx-Allee 101"),
    ("ADDRESS", "Am Ring 3 im Hinterhaus", "Am Ring 3"),
    ("ADDRESS", "Lieferung an Berliner Straße 7", "Berliner Straße 7"),
    ("PERSON", "Sehr geehrte Frau Müller,", "Müller"),
    ("PERSON", "Herr Dr. Hans-Peter von der Heide kommt.", "Hans-Peter von der Heide"),
    ("PERSON", "Mehmet Yılmaz hat angerufen.", "Mehmet Yılmaz"),
    ("PERSON", "Gespräch mit Agnieszka Wójcik", "Agnieszka Wójcik"),
    ("PERSON", "Antrag von Ziad al-Hassan", "Ziad al-Hassan"),
    ("PERSON", "Familie Papadopoulos zieht um", "Papadopoulos"),
    ("PERSON", "Hallo Qwendolyn,\nanbei die Unterlagen.", "Qwendolyn"),
    ("PERSON", "[10:02] Xaverio: passt\n[10:03] Bo: ok", "Xaverio"),
    ("PERSON", "ok, ich sag polina bescheid", "polina"),
    ("PERSON", "die akte von van boven liegt bei mir", "van boven"),
    ("PERSON", "Mit freundlichen Grüßen\nIm Auftrag\nDusan zur Niemeier\nBauamt", "Dusan zur Niemeier"),
    ("PERSON", "Beste Grüße aus dem Bürgeramt\nJ. Hoffmann", "J. Hoffmann"),
    ("PERSON", "gez. Brandt, Vorsitzender", "Brandt"),
    ("PERSON", '{"vorname": "Qim", "nachname": "Brzqyk"}', "Brzqyk"),
    ("PERSON", "Angaben zur Person: von Gutknecht, Maren; geb. 1980", "von Gutknecht, Maren"),
    ("PERSON", "Rückruf unter 0151/3940726. de Eichhorn gibt an, nichts erhalten zu haben.", "de Eichhorn"),
    ("PERSON", "Die Akte Kılıç ist vollständig.", "Kılıç"),
    ("PERSON", "@Leonie kannst du übernehmen?", "Leonie"),
    ("PERSON", "INSERT INTO p (id, nachname) VALUES (1, 'Qarzewski');", "Qarzewski"),
    ("PERSON", "Adler hat gestern angerufen und bittet um Rückruf.", "Adler"),
    ("PERSON", "Graf meldete sich heute wegen der Frist.", "Graf"),
    ("PERSON", "Rückfrage von Adler: Wann kommt der Bescheid?", "Adler"),
    ("PERSON", "12.03.24, 14:03 - Svenja: da\n12.03.24, 14:04 - Malte: ok", "Malte"),
    ("PERSON", "Bitte prüfen: Vorname Marta, Nachname Sánchez Ruiz", "Sánchez Ruiz"),
    ("DATE_OF_BIRTH", "Geburtsort und -datum: Ankara, 14.09.1988", "14.09.1988"),
    ("PERSON", "hat jemand die akte von müller gesehen?", "müller"),
    ("PERSON", "der fall bauer ist dringend", "bauer"),
    ("PERSON", "created_by: Kerstin Wolf", "Kerstin Wolf"),
    ("ADDRESS", "wohnt Hauptstr.12 in Köln", "Hauptstr.12"),
    ("ADDRESS", "Hauptstraße Nr. 12, 10115 Berlin", "Hauptstraße Nr. 12, 10115 Berlin"),
]


@pytest.mark.parametrize(("entity", "text", "value"), ACCEPTED)
def test_accepted(redactor: Redactor, entity: str, text: str, value: str) -> None:
    assert (entity, value) in found(redactor, text)


REJECTED = [
    ("IBAN_CODE", "IBAN DE89 3704 0044 0532 0130 01"),  # wrong checksum
    ("CREDIT_CARD", "Nummer 4111 1111 1111 1112"),  # fails Luhn
    ("PHONE_NUMBER", "Betrag 12.345,67 EUR"),
    ("PHONE_NUMBER", "Frist bis 15.03.2026"),
    ("PHONE_NUMBER", "Steuernummer 21/815/08150"),
    ("PHONE_NUMBER", "Steuernummer 046/123/45678"),
    ("DE_PASSPORT", "Reisepass KONTROLLE geprüft"),
    ("DE_TAX_ID", "Steuer-ID 86095742718"),  # wrong check digit
    ("DE_SOCIAL_SECURITY", "SVNR 15070649C104"),
    ("DE_HEALTH_INSURANCE", "KVNR A123456781"),
    ("DE_KFZ", "gemäß § 35 SGB X 12 ist"),
    ("IP_ADDRESS", "Version 1.2.3.4 installiert"),
    ("IP_ADDRESS", "Adresse 300.1.1.1"),
    ("DATE_OF_BIRTH", "Schreiben vom 12.03.2024"),
    ("DATE_OF_BIRTH", "Geburtsurkunde bitte bis 30.06.2025 einreichen"),
    ("DATE_OF_BIRTH", "Rechnung 5 * 12.03.2024"),
    ("ADDRESS", "die Baustelle in der Hauptstraße ist gesperrt"),
    ("ADDRESS", "Im Jahr 2024 wurden"),
    ("PERSON", "Richter entscheiden über Anträge"),
    ("PERSON", "Bitte melden Sie sich beim Jobcenter."),
    ("PERSON", "Art. 6 Abs. 1 lit. e DSGVO"),
    ("PERSON", "IBAN und Steuer-ID fehlen"),
    ("PERSON", "Die Kosten trägt der Antragsteller; die Gebühr ist fällig."),
    ("PERSON", "Beste Grüße aus dem Bürgeramt"),
    ("PERSON", "Hallo liebes IT-Team,"),
    ("PERSON", "Liebe Kolleginnen und Kollegen,"),
    ("PERSON", "Viele Grüße\nIhr Team Bürgerservice"),
    ("PERSON", "Mit freundlichen Grüßen\n\nStadtverwaltung Musterstadt"),
    ("PERSON", "Die Mutter der Schülerin hat angerufen."),
    ("PERSON", '{"name": "Wohngeldantrag", "status": "offen"}'),
    ("PERSON", "Mar 12 14:03:11 web01 nginx: GET /"),
    ("PERSON", "[12:00:01] ERROR: timeout"),
    ("PERSON", "ich will das klein halten und mark es"),
    ("PERSON", "Das Robert Koch-Institut meldet neue Zahlen."),
    ("PERSON", "Daten exportieren; der Export wird protokolliert."),
    ("PERSON", "Sprechzeiten: von Montag bis Freitag."),
    ("PERSON", "wer hat den koch für die weihnachtsfeier gebucht?"),
    ("PERSON", "An: Bürgeramt Mitte\nCc: Team Digitalisierung"),
    ("PERSON", "Der Adler ist ein Greifvogel. Graf und Gräfin sind Adelstitel."),
]


@pytest.mark.parametrize(("entity", "text"), REJECTED)
def test_rejected(redactor: Redactor, entity: str, text: str) -> None:
    assert entity not in [t for t, _ in found(redactor, text)]


def test_keep_terms_survive(redactor: Redactor) -> None:
    text = (
        "Bitte überweisen Sie 1.234,56 EUR bis zum 15.03.2026 gemäß § 35 SGB X an das Jobcenter. "
        "Das Bürgeramt Mitte und das Landesamt für Soziales sind zuständig (Az. 50.2-123/24). "
        "Die Baustelle in der Hauptstraße dauert an. Leider konnte der Termin nicht stattfinden."
    )
    assert found(redactor, text) == []


def test_csv_columns(redactor: Redactor) -> None:
    text = "Nachname;Vorname;Geburtsdatum\nQxyzlorp;Wmbrtz;02.04.1997\n"
    got = found(redactor, text)
    assert ("PERSON", "Qxyzlorp") in got and ("PERSON", "Wmbrtz") in got
    assert ("DATE_OF_BIRTH", "02.04.1997") in got


def test_later_mentions_of_a_name(redactor: Redactor) -> None:
    text = "Frau Qubrilla rief an. Qubrilla bittet um Rückruf."
    assert [v for t, v in found(redactor, text) if t == "PERSON"] == ["Qubrilla", "Qubrilla"]


def test_birth_date_field_but_not_its_neighbours(redactor: Redactor) -> None:
    text = '{"geburtsdatum": "03.04.1985", "frist": "2025-01-01", "eingang": "2024-12-01"}'
    assert [v for t, v in found(redactor, text) if t == "DATE_OF_BIRTH"] == ["03.04.1985"]


def test_english_function_words_never_become_names(redactor: Redactor) -> None:
    text = "With Redis down, every request is refused with 503; retry with backoff."
    persons = [v for t, v in found(redactor, text) if t == "PERSON"]
    assert not any("with" in v.lower() for v in persons)
