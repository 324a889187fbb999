"""Django's per-request state (the active language, time zone, URL configuration and script prefix)
in a context variable that is read without asgiref's lock.

Django keeps each of the four in an ``asgiref.local.Local``. Every read of one takes a lock and
checks that the storage belongs to the current thread (for free-threaded Python 3.14, where a new
thread inherits its parent's context): some 60 Python opcodes. A rendered dossier page reads
them about 130 times (every translated text, the language, the time zone of every date, every
URL), 8,000 opcodes, a twelfth of the page; a page from the page cache about 30 times.

``ContextLocal`` keeps the same namespace in a ``contextvars.ContextVar``, as asgiref's own storage
does underneath, written copy-on-write as asgiref writes it: per thread in sync code (on Python
3.11 a new thread starts with an empty context), per task in async code, and carried into
``sync_to_async`` and ``async_to_sync`` with the context asgiref copies. Values set before it
was installed (the script prefix, at ``django.setup()``) are taken over.
"""

from __future__ import annotations

import contextvars
import sys

_EMPTY: dict = {}  # never written: every write makes a new dictionary


class ContextLocal:
    __slots__ = ("_var",)

    def __init__(self, name: str):
        object.__setattr__(self, "_var", contextvars.ContextVar(name))

    def __getattr__(self, key):
        try:
            return self._var.get(_EMPTY)[key]
        except KeyError:
            raise AttributeError(key) from None

    def __setattr__(self, key, value):
        data = self._var.get(_EMPTY).copy()
        data[key] = value
        self._var.set(data)

    def __delattr__(self, key):
        data = self._var.get(_EMPTY)
        if key not in data:
            raise AttributeError(key)
        data = data.copy()
        del data[key]
        self._var.set(data)


def _locals():
    from django.urls import base as urls
    from django.utils import timezone
    from django.utils.translation import trans_real

    return ((trans_real, "_active"), (timezone, "_active"), (urls, "_prefixes"), (urls, "_urlconfs"))


def install() -> None:
    if getattr(sys.flags, "thread_inherit_context", 0):
        return  # a new thread would see its parent's language: asgiref's check is needed there
    for module, name in _locals():
        old = getattr(module, name)
        if isinstance(old, ContextLocal):
            continue
        new = ContextLocal(f"{module.__name__}.{name}")
        if hasattr(old, "value"):
            new.value = old.value
        setattr(module, name, new)
