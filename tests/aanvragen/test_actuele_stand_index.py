"""'Actuele stand' reads a page of an employer's dossiers, and their number, from one covering index
in the page's order: no sort and no visit to the table, so a page costs the same for an employer
with 20 dossiers as for one with 2,000 (it had read and sorted all of them for every page)."""

import pytest

from aanvragen.views.dossiers import _stand, _stand_aantal, _stand_pagina
from tests.behandeling.factories import DossierFactory
from tests.query_plans import plan


@pytest.mark.postgres
@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "index"), [(None, "actuele_stand_volgorde"), ("ingediend", "actuele_stand_per_status")]
)
def test_a_page_and_the_count_are_read_from_the_covering_index_without_a_sort(status, index):
    dossier = DossierFactory(status="ingediend")
    DossierFactory(status="concept", organisatie=dossier.organisatie)
    organisatie_id = dossier.organisatie_id
    pagina = plan(_stand_pagina(_stand(organisatie_id, status), 50), bitmap_scans=False)
    assert f"Index Only Scan using {index} on aanvragen_dossier" in pagina, pagina
    aantal = plan(_stand_aantal(_stand(organisatie_id, status)), bitmap_scans=False)
    assert "Index Only Scan using actuele_stand_" in aantal, aantal  # either index: both hold them
    assert "Sort" not in pagina + aantal
    assert [rij.pk for rij in _stand_pagina(_stand(organisatie_id, status), 0)] == [dossier.pk]
