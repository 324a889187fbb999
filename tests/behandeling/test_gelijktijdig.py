"""Two case handlers decide the same dossier at the same moment: only one decision stands."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from aanvragen import beslissingen
from aanvragen.models import Beslissing, Dossier, StatusOvergang
from aanvragen.rollen import zet_rollen

from .conftest import maak_medewerker
from .factories import DossierFactory


@pytest.mark.postgres
def test_gelijktijdige_beslissingen(transactional_db):
    zet_rollen()
    dossier = DossierFactory(status="in_behandeling")
    medewerkers = [maak_medewerker("behandelaar", f"gelijktijdig{i}") for i in range(2)]
    barrier = threading.Barrier(2)
    uitkomsten, fouten = [], []

    def beslis(medewerker, uitkomst):
        try:
            barrier.wait(timeout=10)
            beslissing = beslissingen.beslis(
                Dossier.objects.get(pk=dossier.pk),
                door=medewerker,
                uitkomst=uitkomst,
                loonpremie=True,
                percentage=40,
                duur_jaren=5,
                reden="Gelijktijdig.",
            )
            uitkomsten.append(beslissing.uitkomst)
        except ValidationError as exc:
            fouten.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=beslis, args=(medewerkers[0], "toegekend")),
        threading.Thread(target=beslis, args=(medewerkers[1], "geweigerd")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)

    assert len(uitkomsten) == 1 and len(fouten) == 1
    assert isinstance(fouten[0], beslissingen.BehandelingGeweigerd)
    assert "al beslist" in fouten[0].messages[0]
    assert Beslissing.objects.filter(dossier=dossier).count() == 1
    dossier.refresh_from_db()
    # A grant runs at once (its start is the first day of the decision's quarter).
    assert dossier.status == {"toegekend": "lopend", "geweigerd": "geweigerd"}[uitkomsten[0]]
    assert StatusOvergang.objects.filter(dossier=dossier, naar__in=["toegekend", "geweigerd"]).count() == 1
