# syntax=docker/dockerfile:1.7
# Multi-stage build: dependencies are installed from the hash-locked requirements in a builder
# stage with compilers; the final image has only the virtualenv, the code and no build tools.

FROM python:3.11-slim-bookworm AS builder
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
RUN apt-get update && apt-get install -y --no-install-recommends build-essential \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY requirements.lock ./
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes -r requirements.lock
COPY pyproject.toml README.md ./
COPY gateway ./gateway
COPY redaction ./redaction
COPY audit ./audit
# Keep the bytecode pip compiled: the runtime user cannot write /opt/venv, and without .pyc files
# every worker would compile spaCy, presidio, SQLAlchemy, ... again at each start (4.4 s instead of 2.2 s).
RUN /opt/venv/bin/pip install --no-deps --no-build-isolation . \
    && /opt/venv/bin/python -m compileall -q /opt/venv/lib

FROM python:3.11-slim-bookworm
# Offline at run time: litellm reads its bundled cost map; nothing is fetched from the internet.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    LITELLM_LOCAL_MODEL_COST_MAP=True \
    LITELLM_TELEMETRY=False \
    HF_HUB_OFFLINE=1 \
    GATEWAY_CONFIG=/etc/gateway/gateway.yaml
RUN groupadd --system --gid 10001 gateway \
    && useradd --system --uid 10001 --gid gateway --home-dir /var/lib/gateway --create-home gateway
COPY --from=builder /opt/venv /opt/venv
WORKDIR /var/lib/gateway
USER gateway
EXPOSE 8080
# Configuration and secrets are mounted (see docker-compose.yml), never baked into the image.
VOLUME ["/var/lib/gateway"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:8080/healthz', timeout=2).status == 200 else 1)"
ENTRYPOINT ["gateway"]
CMD ["serve", "--host", "0.0.0.0", "--port", "8080", "--workers", "2"]
