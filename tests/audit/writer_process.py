"""Run as a separate OS process by the multi-writer and kill tests.

usage: python -m tests.audit.writer_process URL COUNT TAG [--hang]
Writes COUNT events (department TAG) through the real async writer, 20 at a time; with --hang
it prints the committed seq of its single write and then waits to be killed.
"""

from __future__ import annotations

import asyncio
import sys

from audit import AuditEvent, open_audit_log
from tests.audit.conftest import make_settings


async def main(url: str, count: int, tag: str, hang: bool) -> None:
    log = open_audit_log(make_settings(url))
    if hang:
        await log.write(AuditEvent(event_type="request.accepted", department=tag, request_id="req-kill"))
        print("committed", flush=True)
        await asyncio.sleep(3600)  # the parent SIGKILLs us here
    for start in range(0, count, 20):
        batch = range(start, min(start + 20, count))
        await asyncio.gather(*[
            log.write(AuditEvent(event_type="request.completed", department=tag, prompt_tokens=i)) for i in batch
        ])
    await log.close()
    print("done", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], "--hang" in sys.argv))
