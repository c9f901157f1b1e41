# Production image: non-root, locked dependencies, `woonroute migrate` as an explicit step, then
# `woonroute serve` (uvicorn; WOONROUTE_WORKERS processes). compose.yaml runs the migration once
# as its own service and several app replicas; here, standalone, the container migrates first
# (under a lock: replicas starting together never race) and then serves.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# Pango and a font for WeasyPrint (the PDFs of the forms, issue 13).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
# The exact versions of requirements.lock (written by `python3 scripts/dev.py lock`), then the
# project itself without resolving anything again.
COPY requirements.lock ./
RUN pip install -r requirements.lock
COPY pyproject.toml README.md ./
COPY service ./service
COPY matching ./matching
COPY contingent ./contingent
RUN pip install --no-deps . && useradd --system --uid 10001 --home-dir /data woonroute \
    && mkdir -p /data && chown woonroute /data

USER woonroute
WORKDIR /data
# Default: an SQLite file in the /data volume (one process). Set DATABASE_URL for PostgreSQL.
# The server does not migrate by itself: `woonroute migrate` does, as a step of its own.
# Forwarded headers (X-Forwarded-For) are believed only from WOONROUTE_VERTROUWDE_PROXIES
# (comma-separated addresses of your reverse proxies); empty: from nobody.
ENV DATABASE_URL=sqlite:////data/woonroute.db \
    WOONROUTE_MIGREREN_BIJ_START=false \
    WOONROUTE_HOST=0.0.0.0 \
    WOONROUTE_PORT=8000 \
    WOONROUTE_WORKERS=1 \
    WOONROUTE_VERTROUWDE_PROXIES=""
VOLUME ["/data"]
EXPOSE 8000
# Readiness: the database answers and the schema is at this version's head.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, sys, urllib.request; sys.exit(0 if urllib.request.urlopen('http://127.0.0.1:%s/v1/gereed' % os.environ.get('WOONROUTE_PORT', '8000'), timeout=4).status == 200 else 1)"]
CMD ["sh", "-c", "woonroute migrate && exec woonroute serve"]
