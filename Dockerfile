# imw-loket, production image: gunicorn serves the portal; the same image runs the Celery worker
# and beat (see docker-compose.yml). Static files are collected at build time and served by
# WhiteNoise; uploads and letters live under /data/private (a volume), never under a public URL.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app \
    DJANGO_ENV=production \
    LOKET_VAR_DIR=/data

# WeasyPrint (PDF receipts and letters) needs Pango and HarfBuzz; DejaVu is the PDF font.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 fonts-dejavu \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 loket \
    && useradd --system --uid 10001 --gid loket --home-dir /app --shell /usr/sbin/nologin loket

WORKDIR /app

# The pinned dependencies from pyproject.toml first, so code changes keep this layer cached.
COPY pyproject.toml ./
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" \
        > /tmp/requirements.txt \
    && pip install -r /tmp/requirements.txt \
    && rm /tmp/requirements.txt

COPY --chown=loket:loket . .

# collectstatic only reads settings; the key exists for this build step alone.
RUN mkdir -p /data/private /data/mail \
    && DJANGO_SECRET_KEY=collectstatic-only python manage.py collectstatic --noinput --verbosity 0 \
    && chown -R loket:loket /data

USER loket
EXPOSE 8000
VOLUME ["/data/private"]

CMD ["gunicorn", "loket.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
