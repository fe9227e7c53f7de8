#!/usr/bin/env bash
# Create bench/.peer-venv with LiteLLM Proxy at the litellm version locked for the gateway, so the
# peer and our gateway run the same provider library. Idempotent: does nothing when already there.
#
# Why not `pip install "litellm[proxy]"`: in this litellm line the `proxy` extra pins a separate
# `litellm-proxy` distribution that the package index reachable here does not carry. The proxy code
# itself ships inside the litellm wheel (litellm/proxy/), so we install litellm plus the extra's
# other requirements, read from litellm's own metadata.
set -euo pipefail
export LITELLM_LOCAL_MODEL_COST_MAP=True  # never fetch the price list from the network
cd "$(dirname "$0")/../.."
VENV=bench/.peer-venv
VERSION=$(grep -E '^litellm==' requirements.lock | head -1 | sed -E 's/^litellm==([^ ]+).*/\1/')
if [ -x "$VENV/bin/python" ] && "$VENV/bin/python" - "$VERSION" <<'PY' 2>/dev/null; then
import sys
from importlib.metadata import version
import fastapi, uvicorn, litellm.proxy.proxy_server  # noqa: F401  (the proxy imports)
sys.exit(version("litellm") != sys.argv[1])
PY
  exit 0
fi
rm -rf "$VENV"
python3.11 -m venv "$VENV" 2>/dev/null || .venv/bin/python -m venv --without-pip "$VENV"
PY=$VENV/bin/python
"$PY" -m pip install --quiet "litellm==$VERSION"
EXTRAS=$("$PY" - <<'PY'
from importlib.metadata import requires
reqs = []
for r in requires("litellm") or []:
    spec, _, marker = r.partition(";")
    if "extra == 'proxy'" in marker and not spec.strip().startswith("litellm-proxy"):
        reqs.append(spec.strip())
print("\n".join(dict.fromkeys(reqs)))
PY
)
# One requirement at a time: a package missing from the index must not stop the others.
while IFS= read -r req; do
  [ -n "$req" ] && { "$PY" -m pip install --quiet "litellm==$VERSION" "$req" 2>/dev/null || echo "peer setup: skipped $req" >&2; }
done <<< "$EXTRAS"
"$PY" -c "import litellm.proxy.proxy_server" >/dev/null
