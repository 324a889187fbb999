"""The messages of a dossier: what the tab 'Berichten' of the dossier page and the API's
``/dossiers/{id}/berichten/`` list, from one query."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType

from loket.models import Bericht
from loket.prepared import PreparedQuery

from .models import Dossier

# Only messages to the organisation (the employee's own copy of a decision is theirs), newest
# first; compiled to SQL once per process (loket.prepared), as the dossier page's other tabs.
_BERICHTEN = PreparedQuery(
    lambda content_type_id, dossier_id, organisatie_id: Bericht.objects.filter(
        content_type_id=content_type_id, object_id=dossier_id, organisatie_id=organisatie_id
    ).order_by("-aangemaakt_op", "-id")
)


def berichten_van_dossier(dossier: Dossier) -> list[Bericht]:
    """The messages to the dossier's organisation about the dossier, newest first."""
    return _BERICHTEN.all(
        content_type_id=ContentType.objects.get_for_model(Dossier).pk,
        dossier_id=dossier.pk,
        organisatie_id=dossier.organisatie_id,
    )
