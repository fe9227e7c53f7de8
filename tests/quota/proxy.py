"""A TCP proxy in front of the real Redis, to simulate outages and slowness without stopping it.

The shared Redis serves other tests, so we never stop it; the quota store talks to this proxy
instead, and a test can stop it (connection refused), or delay every reply beyond the timeout.
"""

from __future__ import annotations

import asyncio
import contextlib


class RedisProxy:
    def __init__(self, target_host: str = "127.0.0.1", target_port: int = 6379) -> None:
        self.target = (target_host, target_port)
        self.delay = 0.0
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._handle, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        """Refuse new connections and cut existing ones, like a Redis that went away."""
        if self._server is not None:
            self._server.close()
            for writer in list(self._writers):
                writer.close()
            await self._server.wait_closed()
            self._server = None

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection(*self.target)
        self._writers.update((writer, up_writer))

        async def pipe(src: asyncio.StreamReader, dst: asyncio.StreamWriter, slow: bool) -> None:
            with contextlib.suppress(ConnectionError, OSError):
                while data := await src.read(65536):
                    if slow and self.delay:
                        await asyncio.sleep(self.delay)
                    dst.write(data)
                    await dst.drain()
            dst.close()

        try:
            await asyncio.gather(pipe(reader, up_writer, False), pipe(up_reader, writer, True))
        finally:
            self._writers.discard(writer)
            self._writers.discard(up_writer)
