"""``settings.X`` read as a plain attribute once it has been read.

``LazyObject.__getattribute__`` runs in Python on every attribute of Django's ``settings``: some 40
a request in Django's and the apps' code, a twentieth of a page served from the page cache. It is
there so that a dunder method the lazy object proxies (``__iter__``, ``__len__``...) looked up by
name reaches the wrapped object; settings are read by their names. ``LazySettings`` still keeps
each setting in the instance's ``__dict__`` on its first read (``__getattr__``) and clears it when
a setting is changed or overridden (``__setattr__``, ``__delattr__``): only the per-read wrapper
goes.
"""

from __future__ import annotations

from django.conf import LazySettings, settings


class FastLazySettings(LazySettings):
    __getattribute__ = object.__getattribute__
    # Without the wrapper, ``settings.__module__`` is this class's. Django looks for its own
    # translations next to the module it names (trans_real), so it must stay django.conf.
    __module__ = LazySettings.__module__


def install() -> None:
    # Through object's own __class__ slot: LazyObject's __class__ is a property that answers the
    # wrapped object's class and takes no assignment.
    object.__dict__["__class__"].__set__(settings, FastLazySettings)
