"""``Model.from_db`` that fills a loaded row's ``__dict__`` at once, for models where that is all
``Model.__init__`` would do.

Django's ``from_db`` pads a row of fewer columns than the model has (``only()``, ``defer()``,
``select_related`` with ``only()``) with a DEFERRED marker per missing field, then calls the model's
``__init__``, which walks every concrete field again, skips the markers, ``setattr``s the rest and
sends ``pre_init`` and ``post_init``. Per loaded object that costs a step per field of the model,
not per column loaded: on the staff work queue (25 dossiers of 42 fields, 9 of them loaded, and
their organisations) it was an eighth of the page's Python.

Here the loaded columns go into the new object's ``__dict__`` by name, with a fresh ``_state`` as
``from_db`` sets it. That is what ``__init__`` does when the class (checked once per class):
- runs ``Model.__init__`` itself (no override, no mixin's ``__init__`` before or after it);
- has, for each field's attribute, no descriptor that does more on assignment than storing the
  value (Django's deferred attributes have no ``__set__``, so assignment writes ``__dict__``; a
  foreign key's id and a file field only store it, as nothing is cached on a new object yet);
and when no receiver of ``pre_init`` or ``post_init`` listens for the class (checked per call, as
Django sends them per call). Any other class, and any receiver, gets Django's own ``from_db``.
"""

from __future__ import annotations

import inspect

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.files import FileDescriptor
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init

_DJANGO_FROM_DB = Model.__dict__["from_db"]
# Descriptors whose __set__ only writes instance.__dict__[attname] on an object just made.
_STORE_ONLY = (FileDescriptor, ForeignKeyDeferredAttribute)
_DIRECT: dict[type, bool] = {}


def loads_directly(cls) -> bool:
    """Whether ``Model.__init__`` would only store the loaded values of ``cls`` (no override, no
    descriptor doing more on assignment); signals aside."""
    if cls.__init__ is not Model.__init__:
        return False
    # Model.__init__ ends with super().__init__(): a base after Model in the MRO could add to it.
    na_model = cls.__mro__[cls.__mro__.index(Model) + 1 :]
    if any("__init__" in base.__dict__ for base in na_model if base is not object):
        return False
    for field in cls._meta.concrete_fields:
        attribute = inspect.getattr_static(cls, field.attname, None)
        if hasattr(type(attribute), "__set__") and type(attribute) not in _STORE_ONLY:
            return False
    return True


def from_db(cls, db, field_names, values):
    """``Model.from_db``: the same object, made without ``__init__`` where that only stores."""
    direct = _DIRECT.get(cls)
    if direct is None:
        direct = _DIRECT[cls] = loads_directly(cls)
    if not direct or pre_init.has_listeners(cls) or post_init.has_listeners(cls):
        return _DJANGO_FROM_DB.__func__(cls, db, field_names, values)
    new = cls.__new__(cls)
    state = ModelState()
    state.adding = False
    state.db = db
    attributes = new.__dict__
    attributes["_state"] = state
    attributes.update(zip(field_names, values, strict=True))
    return new


def install() -> None:
    """Written against 5.2's ``from_db`` and ``Model.__init__``: on another version, compare."""
    Model.from_db = classmethod(from_db)
