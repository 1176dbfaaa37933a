# News attribution service: the wheel of this repo (Flask + spaCy behind gunicorn) in a venv.
#   make image                       (docker where its engine runs, else podman; see tools/image/)
#   docker build -t news-attribution-service .
#   docker run -p 8080:8080 news-attribution-service
# BASE is any Debian-like image with Python 3.11 and python3 -m venv: the official slim image by
# default, or one bootstrapped locally where registries cannot be reached (its python is
# /usr/bin/python3, not /usr/local/bin/python, so nothing below names a path to python).
ARG BASE=python:3.11-slim

FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONDONTWRITEBYTECODE=1
WORKDIR /src
# The locked dependencies first (pinned and hashed, the spaCy model included: nothing is downloaded
# at run time), so that a code change does not reinstall them.
COPY requirements/base.txt requirements/base.txt
COPY scripts/install.sh scripts/install.sh
RUN VENV=/opt/venv PYTHON=python3 REQS=requirements/base.txt sh scripts/install.sh
# Then the package itself, built with the venv's pinned setuptools (no build isolation, no download).
COPY pyproject.toml gunicorn.conf.py openapi.yaml ./
COPY requirements/base.in requirements/base.in
COPY seeds/ seeds/
COPY service/ service/
RUN /opt/venv/bin/python -m pip install --no-deps --no-build-isolation . \
    && /opt/venv/bin/python -m pip check
# The SBOM: a CycloneDX inventory of /opt/venv as it ships (every package, the spaCy model
# included, with its version, licence and hashes where the metadata has them). cyclonedx-py runs from
# a venv of its own, locked in requirements/sbom.txt, so neither it nor its dependencies are in the
# image or in the SBOM; it validates the document against the CycloneDX schema as it writes it.
COPY requirements/sbom.txt requirements/sbom.txt
RUN VENV=/opt/sbom-tool PYTHON=python3 REQS=requirements/sbom.txt sh scripts/install.sh \
    && /opt/sbom-tool/bin/cyclonedx-py environment --output-format JSON --spec-version 1.6 \
        --output-reproducible --output-file /src/sbom.cdx.json /opt/venv

FROM ${BASE} AS runtime
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PATH=/opt/venv/bin:$PATH \
    PORT=8080
# An unprivileged user with no home and no shell; the venv stays owned by root, so it cannot change it.
RUN useradd --system --no-log-init --uid 10001 --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /src/sbom.cdx.json /app/sbom.cdx.json
LABEL org.opencontainers.image.title="news-attribution-service" \
      io.github.cyclonedx.sbom="/app/sbom.cdx.json"
WORKDIR /srv
USER 10001
EXPOSE 8080
# Ready means the model is loaded; python's urllib, as the slim image has no curl.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/readyz' % os.environ.get('PORT', '8080'), timeout=4)"]
# gunicorn replaces the command's process: it is PID 1 and gets SIGTERM (a graceful stop) itself.
ENTRYPOINT ["news-attribution", "serve"]
