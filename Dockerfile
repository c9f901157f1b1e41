# Production image: non-root, uvicorn, schema migrations on start (service.main.startup).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1

# Pango and a font for WeasyPrint (the PDFs of the forms, issue 13).
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY pyproject.toml README.md ./
COPY service ./service
COPY matching ./matching
COPY contingent ./contingent
RUN pip install . && useradd --system --uid 10001 --home-dir /data woonroute && mkdir -p /data \
    && chown woonroute /data

USER woonroute
WORKDIR /data
# Default: an SQLite file in the /data volume. Set DATABASE_URL for PostgreSQL.
ENV DATABASE_URL=sqlite:////data/woonroute.db
VOLUME ["/data"]
EXPOSE 8000
CMD ["uvicorn", "service.main:app_factory", "--factory", "--host", "0.0.0.0", "--port", "8000", "--proxy-headers"]
