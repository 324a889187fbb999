import pytest
from django.contrib.auth.models import Group
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from aanvragen.rollen import zet_rollen
from tests import factories


@pytest.fixture
def rollen(db):
    """The groups of the data migration (recreated: a transactional test may have flushed them)."""
    zet_rollen()


def maak_medewerker(rol: str, username: str):
    user = factories.UserFactory(username=username, is_staff=True, first_name="Mie", last_name=rol.title())
    user.groups.add(Group.objects.get(name=rol))
    TOTPDevice.objects.create(user=user, name="authenticator", confirmed=True)
    return user


def meld_aan_met_otp(client, user):
    """Log in as if through the admin login with a valid TOTP code."""
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.get(user=user).persistent_id
    session.save()
    return client


@pytest.fixture
def behandelaar(rollen):
    return maak_medewerker("behandelaar", "behandelaar1")


@pytest.fixture
def supervisor(rollen):
    return maak_medewerker("supervisor", "supervisor1")


@pytest.fixture
def behandelaar_client(client, behandelaar):
    return meld_aan_met_otp(client, behandelaar)


@pytest.fixture
def supervisor_client(client, supervisor):
    return meld_aan_met_otp(client, supervisor)


@pytest.fixture(autouse=True)
def _geen_axes(settings):
    settings.AXES_ENABLED = False
