"""Redaction latency: start-up, per-KB cost at 1 KB / 10 KB / 100 KB, and streaming restore.

    .venv/bin/python -m bench.redaction_latency

Text is German administrative prose with about five PII items per KB (built here, no corpus
needed). Each size is measured several times; the median is reported.
"""

from __future__ import annotations

import statistics
import time

from redaction import Redactor
from redaction.config import RedactionSettings

PARAGRAPH = (
    "Sehr geehrte Frau Müller, wir bestätigen den Eingang Ihres Antrags vom 12.03.2025 auf Wohngeld. "
    "Herr Dr. Hans-Peter von der Heide (geb. 03.04.1985) wohnt in der Hauptstraße 12a, 10115 Berlin, "
    "und ist unter 030 12345678 oder anna.mueller@example.de erreichbar. Bitte überweisen Sie die Gebühr "
    "von 1.234,56 EUR bis zum 15.04.2025 auf das Konto der Stadtkasse; Rechtsgrundlage ist § 35 SGB X. "
    "Das Jobcenter und das Bürgeramt Mitte wurden informiert. Die Baustelle in der Lindenstraße "
    "dauert voraussichtlich bis Ende Juni. Mit freundlichen Grüßen, Ihr Sozialamt. Mehmet Yılmaz, "
    "Sachbearbeitung, Durchwahl 406-2402. Aktenzeichen 50.2-123/24, Kennzeichen B-AB 1234.\n"
)


def text_of(size: int) -> str:
    return (PARAGRAPH * (size // len(PARAGRAPH) + 1))[:size]


def median_ms(fn, runs: int, clock=time.perf_counter) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(runs):
        started = clock()
        fn()
        times.append((clock() - started) * 1000)
    return statistics.median(times)


def main() -> None:
    started = time.perf_counter()
    redactor = Redactor(RedactionSettings(), department_ids=[])
    startup_ms = (time.perf_counter() - started) * 1000
    # Wall time suffers when other processes share the cores; CPU time of this process does not.
    print("| measure | median ms (wall) | ms per KB | median ms (CPU) |")
    print("|---|---:|---:|---:|")
    print(f"| Redactor() start-up (after imports) | {startup_ms:.1f} | | |")
    for size, runs in ((1024, 50), (10 * 1024, 15), (100 * 1024, 7)):
        text = text_of(size)
        ms = median_ms(lambda t=text: redactor.new_session(None).redact_text(t), runs)
        cpu = median_ms(lambda t=text: redactor.new_session(None).redact_text(t), runs, time.process_time)
        print(f"| redact_text {size // 1024} KB | {ms:.2f} | {ms / (size / 1024):.2f} | {cpu:.2f} |")
    session = redactor.new_session(None)
    answer = session.redact_text(text_of(10 * 1024))
    chunks = [answer[i : i + 7] for i in range(0, len(answer), 7)]

    def stream() -> None:
        restorer = session.stream_restorer()
        for chunk in chunks:
            restorer.feed(chunk)
        restorer.flush()

    ms = median_ms(stream, 15)
    print(f"| stream restore 10 KB in 7-char deltas | {ms:.2f} | {ms / 10:.2f} | |")


if __name__ == "__main__":
    main()
