"""A staff member's permissions are kept between requests under the version of who holds which
permission (``loket.backends``): any change of a group, its permissions or a user's own, by the
ORM or raw SQL, shows at the next request; an unchanged one costs no query."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection

from loket.backends import ModelBackend
from tests import factories

pytestmark = pytest.mark.django_db

RECHT = "aanvragen.change_dossier"


def _volgend_verzoek(gebruiker):
    """The user as the next request loads them (a fresh object, as ``auth.get_user`` does)."""
    return ModelBackend().get_user(gebruiker.pk)


@pytest.fixture
def behandelaar():
    gebruiker = factories.UserFactory(is_staff=True)
    groep = Group.objects.create(name="proefgroep")
    gebruiker.groups.add(groep)
    return gebruiker, groep


def _recht():
    return Permission.objects.get(content_type__app_label="aanvragen", codename="change_dossier")


def test_a_permission_given_to_the_group_counts_at_the_next_request(behandelaar):
    gebruiker, groep = behandelaar
    assert not _volgend_verzoek(gebruiker).has_perm(RECHT)
    groep.permissions.add(_recht())
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)
    groep.permissions.remove(_recht())
    assert not _volgend_verzoek(gebruiker).has_perm(RECHT)


def test_leaving_the_group_or_losing_an_own_permission_counts_at_the_next_request(behandelaar):
    gebruiker, groep = behandelaar
    groep.permissions.add(_recht())
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)
    gebruiker.groups.remove(groep)
    assert not _volgend_verzoek(gebruiker).has_perm(RECHT)
    gebruiker.user_permissions.add(_recht())
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)
    gebruiker.user_permissions.clear()
    assert not _volgend_verzoek(gebruiker).has_perm(RECHT)


def test_a_change_in_raw_sql_counts_too(behandelaar):
    gebruiker, groep = behandelaar
    groep.permissions.add(_recht())
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM auth_user_groups WHERE user_id = %s", [gebruiker.pk])
    assert not _volgend_verzoek(gebruiker).has_perm(RECHT)


def test_a_deactivated_or_demoted_account_loses_its_permissions_at_once(behandelaar):
    gebruiker, groep = behandelaar
    gebruiker.is_superuser = True
    gebruiker.save()
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)
    gebruiker.is_superuser = False
    gebruiker.save()
    assert not _volgend_verzoek(gebruiker).has_perm(RECHT)
    groep.permissions.add(_recht())
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)
    gebruiker.is_active = False
    gebruiker.save()
    user = ModelBackend().get_user(gebruiker.pk)  # refused by get_user itself
    assert user is None


def test_unchanged_permissions_cost_no_query(behandelaar, django_assert_num_queries):
    gebruiker, groep = behandelaar
    groep.permissions.add(_recht())
    assert _volgend_verzoek(gebruiker).has_perm(RECHT)  # loaded once
    with django_assert_num_queries(1):  # the user with the rights version, nothing else
        user = _volgend_verzoek(gebruiker)
        assert user.has_perm(RECHT) and not user.has_perm("aanvragen.delete_dossier")
