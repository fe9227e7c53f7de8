"""Shared fixtures: real PostgreSQL and Redis, isolated per test run.

Each run gets its own PostgreSQL database and its own Redis key prefix, so nothing depends
on state left by an earlier run, and runs on the same machine do not collide.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

# Every outgoing connection and name lookup of the test process, to prove nothing leaves the
# machine (litellm's cost map, tldextract's suffix list, telemetry): see tests/test_offline.py.
NETWORK_TARGETS: list[str] = []


def _record_network(event: str, args: tuple) -> None:
    if event == "socket.getaddrinfo":
        NETWORK_TARGETS.append(str(args[0]))
    elif event == "socket.connect" and isinstance(args[1], tuple):
        NETWORK_TARGETS.append(str(args[1][0]))


sys.addaudithook(_record_network)

PG_ADMIN_URL = os.environ.get("TEST_PG_ADMIN_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
RUN_ID = uuid.uuid4().hex[:10]


@pytest.fixture(scope="session")
def run_id() -> str:
    return RUN_ID


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for this test run, dropped afterwards."""
    name = f"gwtest_{RUN_ID}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    url = PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    yield url
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture
def fresh_postgres_url(postgres_url: str) -> Iterator[str]:
    """A fresh database for a single test (for tests that need an empty schema)."""
    name = f"gwtest_{RUN_ID}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    yield PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


@pytest.fixture(scope="session")
def redis_url() -> str:
    return REDIS_URL


@pytest.fixture
def redis_prefix(redis_url: str) -> Iterator[str]:
    """A key prefix unique to one test; its keys are deleted afterwards."""
    prefix = f"gwtest:{RUN_ID}:{uuid.uuid4().hex[:8]}:"
    yield prefix
    from tests.harness import delete_redis_keys

    delete_redis_keys(redis_url, prefix)


# --- the running gateway -------------------------------------------------------------------------
@pytest.fixture(scope="session")
def upstream():
    """The mock OpenAI-compatible upstream (real HTTP server), shared by the session."""
    from tests.mock_upstream import MockUpstream

    server = MockUpstream().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def gateway(upstream, tmp_path_factory):
    """The real gateway under uvicorn with the test configuration (embedded quota, SQLite audit)."""
    from tests.harness import GatewayServer, load, write_config

    path = write_config(tmp_path_factory.mktemp("gateway"), upstream.url)
    server = GatewayServer(load(path)).start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def api_key(gateway) -> str:
    return gateway.issue_key("erika.musterfrau", "fb-soziales")


@pytest.fixture(scope="module")
def client(gateway, api_key):
    """The official openai SDK pointed at the gateway."""
    import openai

    return openai.OpenAI(base_url=gateway.url, api_key=api_key, max_retries=0, timeout=30)
