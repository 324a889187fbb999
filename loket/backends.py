"""The account backend of the portal: Django's ``ModelBackend``, with the user of every signed-in
request loaded by a prepared query (``loket.prepared``): building and compiling the ORM query was
most of the cost of loading the user, a fifth of a cached page. When the acting organisation's
grant was read with its user in the same query (``loket.middleware``), that user is taken
(``vooraf_geladen``) and no query is run at all; Django's ``auth.get_user`` still verifies it
against the session (backend, password hash, active) as for any other.

A staff member's permissions (their own and their groups') are kept in this process between
requests under the version of who holds which permission, read in the same query as the user
(``data_versions.STAFF_RIGHTS``, counted by triggers on the permission tables): any change of a
group, its permissions or a user's own makes the next request load them again. Loading them
was two queries and a fifth of the work queue's Python time."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .prepared import PreparedQuery

PATH = "loket.backends.ModelBackend"  # what ``login(..., backend=PATH)`` stores in the session


def _gebruiker_met_rechtenversie(pk):
    from .data_versions import STAFF_RIGHTS, version

    return get_user_model()._default_manager.filter(pk=pk).annotate(rechten_versie=version(STAFF_RIGHTS))


_GEBRUIKER = PreparedQuery(_gebruiker_met_rechtenversie)
# (user id, superuser, rights version) -> {"app_label.codename", ...}; a few hundred staff at most.
_RECHTEN: dict[tuple[int, bool, int], frozenset[str]] = {}
_RECHTEN_MAX = 2000
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

    def get_all_permissions(self, user_obj, obj=None):
        versie = getattr(user_obj, "rechten_versie", None)
        if versie is None or obj is not None or not user_obj.is_active or user_obj.is_anonymous:
            return super().get_all_permissions(user_obj, obj)
        if not hasattr(user_obj, "_perm_cache"):
            sleutel = (user_obj.pk, user_obj.is_superuser, versie)
            rechten = _RECHTEN.get(sleutel)
            if rechten is None:
                rechten = frozenset(super().get_all_permissions(user_obj))
                if len(_RECHTEN) >= _RECHTEN_MAX:
                    _RECHTEN.clear()  # versions only grow: old entries are never asked again
                _RECHTEN[sleutel] = rechten
            user_obj._perm_cache = rechten
        return user_obj._perm_cache
