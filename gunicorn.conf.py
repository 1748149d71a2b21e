"""gunicorn's settings for the portal, read from this folder by `gunicorn qogam.wsgi`.

Production and the benchmark (bench/run.py) both use them. Each can be overridden from the
environment: WEB_CONCURRENCY (worker processes), GUNICORN_THREADS (threads per worker),
GUNICORN_MAX_REQUESTS (requests before a worker is replaced) and GUNICORN_BIND.
"""

import multiprocessing
import os

from portal import logs

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# Processes use the cores; threads keep a process busy while its requests wait on PostgreSQL.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# Browsers and load balancers reuse connections (the sync worker would close each one).
keepalive = 5
# A long-lived worker gives its memory back now and then: after hours of a busy day, not
# minutes. At 20,000 requests a worker serving 200 a second restarted every 100 s, each restart
# a second of a core (Django's start) and cold in-process caches (the shells' parts
# drawn per situation, prepared queries); the benchmark saw one in most 10 s rounds.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = max_requests // 10
# Errors to stderr as JSON lines in the portal's shape (portal/logs.py); no access log: the
# portal writes one line per request itself.
errorlog = "-"
logs.configure()
logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": logs.formatter()},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json",
            "stream": "ext://sys.stderr",
        },
    },  # fmt: skip
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "propagate": False},
    },
}
