"""One JSON line per request and per error, in UTC (django-structlog and structlog).

Each request's line names its request id, method and route (the URL pattern, never the path:
paths and query strings may hold keys or search words), status, duration and the account's id;
never an email, an IIN or an address. gunicorn.conf.py writes its own lines in the same shape.
"""

import time

import structlog
from django_structlog import signals

# The processors shared by structlog's own lines and by the standard library's (Django, gunicorn).
SHARED_PROCESSORS = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True),
]


def formatter():
    """The logging formatter that renders every record as one JSON line."""
    return {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(ensure_ascii=False),
        ],
        "foreign_pre_chain": SHARED_PROCESSORS,
    }


def configure():
    """Send structlog's events through the standard library's handlers."""
    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *SHARED_PROCESSORS,
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        cache_logger_on_first_use=True,
    )


def _route(request):
    match = getattr(request, "resolver_match", None)
    return f"{request.method} /{match.route}" if match else f"{request.method} (no route)"


def started(request, log_kwargs, **kwargs):
    request._log_started = time.monotonic()
    log_kwargs.clear()


def finished(request, log_kwargs, **kwargs):
    log_kwargs["request"] = _route(request)
    started_at = getattr(request, "_log_started", None)
    if started_at is not None:
        log_kwargs["duration_ms"] = round((time.monotonic() - started_at) * 1000, 1)


signals.bind_extra_request_metadata.connect(started, dispatch_uid="logs-started")
signals.bind_extra_request_finished_metadata.connect(finished, dispatch_uid="logs-finished")
signals.bind_extra_request_failed_metadata.connect(finished, dispatch_uid="logs-failed")
