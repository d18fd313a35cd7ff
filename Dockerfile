FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1
WORKDIR /app
# pg_dump / pg_restore for `python manage.py backup` and `restore` (Debian bookworm's client is PostgreSQL 15);
# fonts-droid-fallback: the CJK TrueType font the monthly reports' PDFs embed (leadership/documents.py).
RUN apt-get update && apt-get install -y --no-install-recommends postgresql-client fonts-droid-fallback \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
# collectstatic needs settings but no secrets: a throwaway key for this build step only.
RUN SECRET_KEY=build-only-not-secret-build-only-not-secret python manage.py collectstatic --noinput
RUN useradd --create-home portal && mkdir -p /app/var/media /app/var/backups && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
