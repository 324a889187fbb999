"""The account backend of the portal: Django's ``ModelBackend``, with the user of every signed-in
request loaded by a prepared query (``loket.prepared``): building and compiling the ORM query was
most of the cost of loading the user, a fifth of a cached page."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from .prepared import PreparedQuery

PATH = "loket.backends.ModelBackend"  # what ``login(..., backend=PATH)`` stores in the session

_GEBRUIKER = PreparedQuery(lambda pk: get_user_model()._default_manager.filter(pk=pk))


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        try:
            pk = int(user_id)
        except (TypeError, ValueError):
            return None
        user = _GEBRUIKER.first(pk=pk)
        return user if user is not None and self.user_can_authenticate(user) else None
