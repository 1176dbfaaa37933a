"""gunicorn settings for ``scripts/serve.sh`` (``make run`` and the container).

Values come from the same ``NAS_*`` environment as the app (``service/config.py``) plus ``PORT``.
Anything here can still be overridden with gunicorn's own ``GUNICORN_CMD_ARGS``.
"""

from __future__ import annotations

import gc
import os
import tempfile
from pathlib import Path

from service import config as _nas_config

_settings = _nas_config.load()

# Prometheus multiprocess mode: every worker writes its samples to files in this directory and
# /metrics sums them. It must be set before prometheus_client is first imported (by the app, which
# gunicorn imports after reading this file).
if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="nas-prometheus-")

# One BLAS/OpenMP thread per process: N workers on N cores must not each start a pool of N
# threads (oversubscription). Set before numpy is first imported, i.e. before preload_app loads the
# app; forked workers inherit it. An explicit value in the environment still wins.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "BLIS_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

bind = f"0.0.0.0:{_nas_config.port()}"
# gunicorn's gthread worker, with read timeouts and idle-first accepts (service/web/worker.py):
# request threads read bodies and answer probes while one analysis at a time runs per worker, so
# stalled clients hold a thread for NAS_READ_TIMEOUT at most, never a worker.
worker_class = "service.web.worker.AnalysisWorker"
workers = _settings["WORKERS"]
threads = _settings["THREADS"]
# A worker holds no more connections than it has threads: a connection it cannot serve at once
# stays in the listener's queue for another worker, instead of waiting behind stalled clients in
# this one's (gunicorn's default is 1,000 per worker).
worker_connections = threads
# No keep-alive, as with sync workers: a kept-alive connection would tie a client's next requests
# to one worker, busy or not, instead of the idle one.
keepalive = 0
# Load the app, and so the spaCy pipeline, once in the master; workers share it copy-on-write.
preload_app = True
# No runtime control socket: nothing uses it, and it would need a writable $HOME.
control_socket_disable = True

# The app stops an analysis after NAS_REQUEST_TIMEOUT seconds (a 503, or per-item problems in a
# batch), checking its deadline between parse slices and engine calls: it may overshoot by one such
# step (under 1 s measured on an idle core, docs/performance.md). The threads' worker stays alive
# meanwhile (its main loop notifies the arbiter); gunicorn's timeout is only a last resort.
timeout = int(_settings["REQUEST_TIMEOUT"]) + 30
graceful_timeout = timeout

# Recycle workers now and then against slow memory growth; jitter keeps them from all restarting
# at once.
max_requests = 1000
max_requests_jitter = 200

# The heartbeat file on tmpfs: a slow or full disk (e.g. a container's overlay) must not stall it.
if Path("/dev/shm").is_dir():
    worker_tmp_dir = "/dev/shm"

# The app logs one JSON line per request (with its id); gunicorn's own log is JSON lines too.
accesslog = None
errorlog = "-"
loglevel = _settings["LOG_LEVEL"].lower()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "service.web.logs.JsonFormatter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stdout",
        }
    },
    "loggers": {
        "gunicorn.error": {
            "level": _settings["LOG_LEVEL"],
            "handlers": ["console"],
            "propagate": False,
        },
        "gunicorn.access": {"level": "WARNING", "handlers": ["console"], "propagate": False},
    },
}


def on_starting(server) -> None:
    # Samples left by an earlier run in a reused directory would be summed with the new ones.
    directory = Path(os.environ["PROMETHEUS_MULTIPROC_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()


def when_ready(server) -> None:
    # Run one short text through the engine in the master, after preload_app loaded the pipeline:
    # what the engine loads lazily (lexicons, gazetteer, the stance classifier: ~0.4 s and ~12 MB
    # measured) is then loaded once and shared copy-on-write by every worker, instead of on each
    # worker's first request and again after every max_requests recycle.
    if not server.cfg.preload_app:
        return
    from datetime import date

    from service.nlp import engine, pipeline

    if not pipeline.is_loaded(_settings["MODEL"]):
        return
    try:
        nlp = pipeline.load(_settings["MODEL"])
        # dated, so that the date parser's language data is loaded here too (0.2 s measured)
        text = "The minister said on Monday that France would support the plan."
        engine.analyze_doc(nlp(text), published=date(2024, 3, 6))
    except Exception as exc:  # a warm-up failure must not stop the server; requests will show it
        server.log.warning("engine warm-up failed: %s: %s", type(exc).__name__, exc)
    # Everything loaded so far lives as long as the process: move it out of the cyclic garbage
    # collector's reach. Measured: full collections over the model's ~110,000 objects were ~10%
    # of the engine's time; and a collection no longer writes to (and so copies) pages the
    # workers share with the master.
    gc.freeze()


def child_exit(server, worker) -> None:
    # Drop the dead worker's live gauges; its counters stay so totals never go backwards.
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)
