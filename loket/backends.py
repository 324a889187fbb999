"""The account backend of the portal: Django's ``ModelBackend``, with the user of every signed-in
request loaded by a prepared query (``loket.prepared``): building and compiling the ORM query was
most of the cost of loading the user, a fifth of a cached page. When the acting organisation's
grant was read with its user in the same query (``loket.middleware``), that user is taken
(``vooraf_geladen``) and no query is run at all; Django's ``auth.get_user`` still verifies it
against the session (backend, password hash, active) as for any other."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .prepared import PreparedQuery

PATH = "loket.backends.ModelBackend"  # what ``login(..., backend=PATH)`` stores in the session

_GEBRUIKER = PreparedQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk))
_VOORAF_GELADEN = ContextVar("vooraf_geladen_gebruiker", default=None)


@contextmanager
def vooraf_geladen(user):
    """While inside, ``get_user`` answers for ``user``'s key with ``user`` (read this request)."""
    token = _VOORAF_GELADEN.set(user)
    try:
        yield
    finally:
        _VOORAF_GELADEN.reset(token)


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _VOORAF_GELADEN.get()
        if user is None or user.pk != pk:
            user = _GEBRUIKER.first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None
