"""What the speed work on the backoffice pages must not change: the dossier page's read-only fields
look as the admin renders them, and the navigation follows the user's permissions."""

import re

import pytest
from django.contrib.admin import ModelAdmin
from django.contrib.admin.helpers import AdminForm
from django.contrib.auth.models import Permission
from django.template import Context, Template
from django.template.loader import render_to_string

from aanvragen.models import Dossier
from loket.templatetags.alleen_lezen import alleen_lezen_fieldsets

from .conftest import maak_medewerker, meld_aan_met_otp
from .factories import DossierFactory

pytestmark = pytest.mark.django_db

DJANGO_FIELDSETS = Template(
    '{% for fieldset in adminform %}{% include "admin/includes/fieldset.html" with heading_level=2 '
    'prefix="fieldset" id_prefix=0 id_suffix=forloop.counter0 %}{% endfor %}'
)


def zonder_witruimte(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r">\s+<", "><", str(html))).strip()


def test_dossierpagina_toont_de_velden_zoals_de_admin_ze_toont(behandelaar_client):
    dossier = DossierFactory(status="in_behandeling", werknemer__achternaam="Vandenbroucke")
    response = behandelaar_client.get(f"/admin/aanvragen/dossier/{dossier.pk}/change/")
    assert response.status_code == 200
    adminform = response.context["adminform"]

    eigen = alleen_lezen_fieldsets(adminform)
    django = DJANGO_FIELDSETS.render(Context({"adminform": adminform}))

    assert zonder_witruimte(eigen) == zonder_witruimte(django)
    html = response.content.decode()
    assert zonder_witruimte(eigen) in zonder_witruimte(html)
    for titel in ("Aanvraag", "Werknemer en tewerkstelling", "Termijnen en periode"):
        assert titel in html
    assert "Vandenbroucke" in html and html.count('class="readonly"') >= 30


def test_de_velden_van_een_tweede_dossier_en_in_het_engels_zijn_die_van_de_admin(behandelaar_client):
    # Labels are kept per process and language: a second page and another language show their own.
    from django.utils import translation

    for taal, dossier in (
        ("nl", DossierFactory(status="ingediend", werknemer__achternaam="Peeters")),
        ("en", DossierFactory(status="lopend", contact_naam="Jan <Smit>", werknemer__achternaam="Claes")),
        ("nl", DossierFactory(status="geweigerd", premie_keuze="")),
    ):
        response = behandelaar_client.get(
            f"/admin/aanvragen/dossier/{dossier.pk}/change/", HTTP_ACCEPT_LANGUAGE=taal
        )
        with translation.override(taal):
            adminform = response.context["adminform"]
            eigen = alleen_lezen_fieldsets(adminform)
            django = DJANGO_FIELDSETS.render(Context({"adminform": adminform}))
        assert zonder_witruimte(eigen) == zonder_witruimte(django)
        assert dossier.werknemer_achternaam in eigen


def test_alleen_lezen_weigert_een_bewerkbaar_veld(rf, behandelaar):
    class BewerkbaarAdmin(ModelAdmin):
        fields = ["contact_naam"]

    from django.contrib import admin

    model_admin = BewerkbaarAdmin(Dossier, admin.site)
    request = rf.get("/")
    request.user = behandelaar
    form = model_admin.get_form(request)(instance=DossierFactory())
    adminform = AdminForm(form, [(None, {"fields": ["contact_naam"]})], {}, model_admin=model_admin)
    with pytest.raises(ValueError, match="editable"):
        alleen_lezen_fieldsets(adminform)


def test_navigatie_volgt_een_gewijzigd_recht(client, rollen):
    medewerker = maak_medewerker("behandelaar", "nieuwe.medewerker")
    meld_aan_met_otp(client, medewerker)
    url_api_clients = "/admin/oauth2_provider/application/"
    assert url_api_clients not in client.get("/admin/").content.decode()

    medewerker.user_permissions.add(Permission.objects.get(codename="view_application"))
    html = client.get("/admin/").content.decode()
    assert url_api_clients in html  # a new permission set: the list is built again, not reused


def test_zijbalk_markeert_de_pagina_waarop_men_is(behandelaar_client):
    """The sidebar is kept per permission set and highlighted entry: visiting one list and then
    another shows each time the entry of the page itself, exactly as Django renders it."""
    DossierFactory()
    for url, model in [
        ("/admin/aanvragen/dossier/", "dossier"),
        ("/admin/aanvragen/wijziging/", "wijziging"),
        ("/admin/aanvragen/dossier/", "dossier"),
    ]:
        response = behandelaar_client.get(url)
        html = response.content.decode()
        django = render_to_string(
            "admin/app_list.html",
            {
                "app_list": response.context["available_apps"],
                "show_changelinks": False,
                "request": response.wsgi_request,
            },
        )
        assert django in html
        assert html.count("current-model") == 1 and f"model-{model} current-model" in html


def test_links_booleans_dates_and_masked_values_are_those_of_the_admin(behandelaar_client):
    """Every kind of value the fieldsets show: links to related records (organisation, employee,
    branch, service provider, submitter), yes/no icons, dates, a masked account number (HTML from
    a method), an empty value, and text with markup and line breaks typed by a user."""
    from aanvragen.models import ErkendeDienstverlener
    from tests import factories

    dossier = DossierFactory(
        status="lopend",
        vop_evaluatie=True,
        vop_onbepaalde_duur=False,
        lde_tijdelijke_regeling=None if Dossier._meta.get_field("lde_tijdelijke_regeling").null else False,
        begeleider_naam="<script>x</script>\nregel twee",
        dienstverlener=ErkendeDienstverlener.objects.create(naam="Job & Co", kbo_nummer="0123456749"),
        ingediend_door=factories.UserFactory(first_name="An", last_name="<Peeters>"),
        startdatum="2026-07-01",
        einddatum="2028-06-30",
    )
    factories.BankrekeningFactory(organisatie=dossier.organisatie)
    response = behandelaar_client.get(f"/admin/aanvragen/dossier/{dossier.pk}/change/")
    adminform = response.context["adminform"]
    eigen = alleen_lezen_fieldsets(adminform)
    assert zonder_witruimte(eigen) == zonder_witruimte(
        DJANGO_FIELDSETS.render(Context({"adminform": adminform}))
    )
    assert "&lt;script&gt;x&lt;/script&gt;<br>regel twee" in eigen
    assert "icon-yes.svg" in eigen and "icon-no.svg" in eigen
    assert f'href="/admin/aanvragen/erkendedienstverlener/{dossier.dienstverlener_id}/change/"' in eigen
