import pytest

from loket.models import Maatregel, Rol
from tests import factories


def medewerker_van(organisatie, maatregel=Maatregel.IMW, **kwargs):
    return factories.ToegangFactory(
        organisatie=organisatie, rol=Rol.MEDEWERKER, maatregel=maatregel, **kwargs
    ).gebruiker


@pytest.fixture
def gebruiker(db):
    return factories.UserFactory(first_name="Sofie", last_name="Claes")


@pytest.fixture
def kbo_actief(db):
    return factories.KboInschrijvingFactory(kbo_nummer="0566988259", naam="Bakkerij Zonnebloem bv")
