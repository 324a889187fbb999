"""A request id on every log record, on the response, and on the tasks a request queues.

The id comes from the ``X-Request-ID`` header of the proxy in front (when it looks like an id) or is
made here; a task queued while handling the request carries it in a message header, and the worker
puts it back on the records it logs while running that task. One id, one trail through the logs."""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid

from celery.signals import before_task_publish, task_postrun, task_prerun

HEADER = "X-Request-ID"
# Read from the WSGI environment directly: ``request.headers`` parses every header of the request.
_META_HEADER = "HTTP_X_REQUEST_ID"
TASK_HEADER = "loket_request_id"
PUBLISHED_HEADER = "loket_published_at"
_VALID = re.compile(r"^[A-Za-z0-9._:-]{1,100}$")  # anything else (log injection) gets a fresh id

current = contextvars.ContextVar("request_id", default=None)


def _new_or(value: str | None) -> str:
    return value if value and _VALID.match(value) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in the chain, so every record logged for the request carries the id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = _new_or(request.META.get(_META_HEADER))
        token = current.set(request.request_id)
        try:
            response = self.get_response(request)
        finally:
            current.reset(token)
        response[HEADER] = request.request_id
        return response


def install_log_record_factory() -> None:
    """Every record gets ``request_id`` (``-`` outside a request or task), whatever its handler."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "loket_request_id", False):
        return

    def factory(*args, **kwargs):
        record = previous(*args, **kwargs)
        record.request_id = current.get() or "-"
        return record

    factory.loket_request_id = True
    logging.setLogRecordFactory(factory)


class RequestIdFilter(logging.Filter):
    """On the log handler: records made before the factory was installed get ``-`` too."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = current.get() or "-"
        return True


@before_task_publish.connect(dispatch_uid="loket.request_id.publish")
def _add_headers(headers=None, **kwargs):
    if headers is None:
        return
    request_id = current.get()
    if request_id:
        headers.setdefault(TASK_HEADER, request_id)
    headers.setdefault(PUBLISHED_HEADER, time.time())


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect(dispatch_uid="loket.request_id.prerun")
def _bind_task(task_id=None, task=None, **kwargs):
    request_id = getattr(task.request, TASK_HEADER, None) if task else None
    _task_tokens[task_id] = current.set(request_id or current.get())


@task_postrun.connect(dispatch_uid="loket.request_id.postrun")
def _unbind_task(task_id=None, **kwargs):
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        try:
            current.reset(token)
        except ValueError:  # set in another context (eager task inside on_commit): just clear it
            current.set(None)
