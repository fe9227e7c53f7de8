"""Nothing is fetched from the internet at start-up or at run time (city networks are closed)."""

from __future__ import annotations

import ipaddress

from tests.conftest import NETWORK_TARGETS


def _is_local(host: str) -> bool:
    if host in {"localhost", "", "None"} or host.startswith("/"):
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def test_gateway_and_litellm_path_contact_only_loopback(client):
    before = len(NETWORK_TARGETS)
    # litellm path (imports litellm, reads its cost map) and the native path, streaming and not.
    for model in ("gpt-litellm", "gpt-test"):
        client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hallo Frau Schmidt"}])
        list(client.chat.completions.create(model=model, messages=[{"role": "user", "content": "Hallo"}],
                                            stream=True))
    contacted = NETWORK_TARGETS[before:]
    assert contacted, "the audit hook saw no connections at all; the test would prove nothing"
    assert [h for h in NETWORK_TARGETS if not _is_local(h)] == []
