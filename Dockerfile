FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 1000 vitrine
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install .

COPY manage.py ./
COPY config ./config
COPY core ./core
COPY collection ./collection
COPY exhibitions ./exhibitions
COPY events ./events
COPY opendata ./opendata
COPY museum ./museum
COPY templates ./templates
COPY static ./static
COPY locale ./locale

# collectstatic needs settings but no database; the key is thrown away with this layer.
RUN DJANGO_SECRET_KEY=collectstatic-only-$(python -c 'print("x" * 40)') \
    python manage.py collectstatic --no-input --verbosity 0 \
    && mkdir -p /var/lib/vitrine/media /var/cache/vitrine \
    && chown vitrine /var/lib/vitrine/media /var/cache/vitrine

USER vitrine
ENV MEDIA_ROOT=/var/lib/vitrine/media DJANGO_CACHE_DIR=/var/cache/vitrine PORT=8000
EXPOSE 8000
CMD ["gunicorn", "-c", "config/gunicorn.conf.py"]
