"""Supply chain: what runs is exactly what was locked, and litellm is past its advisories.

Vulnerability databases are not reachable from these machines, so `pip-audit` cannot run
here (docs/deployment.md describes how operators run it); this test pins down what can be
checked offline: the installed distributions equal requirements*.lock, every locked
requirement carries hashes, and litellm is neither a compromised upload nor older than the
fixes for its published advisories.
"""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.utils import canonicalize_name
from packaging.version import Version

ROOT = Path(__file__).resolve().parents[1]
LOCKS = ["requirements.lock", "requirements-dev.lock"]
_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")

# litellm releases that were compromised on PyPI (credential-stealing uploads, March 2026).
COMPROMISED_LITELLM = {Version("1.82.7"), Version("1.82.8")}
# First fixed releases of advisories that touch how a gateway could use litellm:
#   GHSA-g26j-5385-hhw3 / CVE-2024-6587  SSRF via client-supplied api_base  (really fixed in 1.44.9)
#   GHSA-r75f-5x8p-qvmc                  SQL injection in proxy key verification        (1.83.7)
#   GHSA-v4p8-mg3p-g94g, GHSA-xqmj-j6mv-4862  privilege escalation / proxy endpoints     (1.83.14)
LITELLM_FIXED_IN = Version("1.83.14")


def _locked(name: str) -> dict[str, tuple[str, bool]]:
    """{canonical name: (version, has hashes)} for requirements that apply to this platform."""
    pins: dict[str, tuple[str, bool]] = {}
    lines = (ROOT / name).read_text().splitlines()
    for i, line in enumerate(lines):
        match = _PIN.match(line.strip())
        if not match:
            continue
        package, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        has_hashes = i + 1 < len(lines) and lines[i + 1].strip().startswith("--hash=sha256:")
        pins[canonicalize_name(package)] = (version, has_hashes)
    return pins


@pytest.mark.parametrize("lock", LOCKS)
def test_installed_versions_are_the_locked_ones(lock):
    pins = _locked(lock)
    assert len(pins) > 20  # the parser really read the file
    mismatched, missing = {}, []
    for package, (version, _) in pins.items():
        try:
            installed = metadata.version(package)
        except metadata.PackageNotFoundError:
            missing.append(package)
            continue
        if Version(installed) != Version(version):
            mismatched[package] = (version, installed)
    assert mismatched == {}, "installed ≠ locked (locked, installed)"
    assert missing == []


@pytest.mark.parametrize("lock", LOCKS)
def test_every_locked_requirement_has_hashes(lock):
    assert [p for p, (_, hashed) in _locked(lock).items() if not hashed] == []


def test_litellm_is_not_compromised_and_past_the_advisories():
    installed = Version(metadata.version("litellm"))
    locked = Version(_locked("requirements.lock")["litellm"][0])
    assert installed == locked
    assert installed not in COMPROMISED_LITELLM
    assert installed >= LITELLM_FIXED_IN


def test_the_lock_files_pin_litellm_away_from_compromised_releases():
    for lock in LOCKS:
        version = _locked(lock).get("litellm")
        if version is not None:
            assert Version(version[0]) not in COMPROMISED_LITELLM
