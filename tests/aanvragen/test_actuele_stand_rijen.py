"""'Actuele stand' writes its rows in Python: byte for byte what format_html_join wrote before."""

import datetime as dt
from collections import namedtuple

import pytest
from django.utils import translation
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from aanvragen.models import Dossier, PremieKeuze, Status
from aanvragen.views.dossiers import BADGES, _beslissing_uiterlijk, _rijen
from loket.row_format import dag_maand_jaar

VANDAAG = dt.date(2026, 5, 20)
RIJ = namedtuple(
    "RIJ",
    "pk referentie status werknemer_voornaam werknemer_achternaam premie_keuze ingediend_op "
    "beslissing_uiterlijk lopende_termijn",
)

# The former rows, verbatim: format_html_join over a format string.
_RIJ = (
    '<tr data-testid="dossier-{}"><td><a href="{}">{}</a></td>'
    '<td><span class="badge {}">{}</span></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>'
)


def _rij(dossier, url, vandaag):
    termijn, nog_te_beslissen = _beslissing_uiterlijk(dossier)
    uiterlijk = dag_maand_jaar(termijn)
    if nog_te_beslissen and termijn < vandaag:
        uiterlijk = format_html(
            '<span class="badge badge-nok" title="{}">{} – {}</span>',
            _("De beslissingstermijn is verstreken"),
            uiterlijk,
            _("verstreken"),
        )
    return (
        dossier.pk,
        url,
        dossier.referentie,
        BADGES.get(dossier.status, ""),
        dossier.get_status_display(),
        dossier.werknemer_naam,
        dossier.get_premie_keuze_display(),
        dag_maand_jaar(dossier.ingediend_op),
        uiterlijk or "–",
    )


def _dossiers():
    namen = [("Zoë", 'O\'Brien & "Co"'), ("<script>", "</td>"), ("", "")]
    premies = [*PremieKeuze.values, ""]
    dossiers = []
    for i, status in enumerate(Status.values):
        for j, uiterlijk in enumerate(
            [None, dt.date(2026, 5, 19), dt.date(2026, 5, 20), dt.date(2026, 6, 1)]
        ):
            voornaam, achternaam = namen[(i + j) % len(namen)]
            dossiers.append(
                Dossier(
                    pk=100 * i + j + 1,
                    referentie=f"IMW-2026-{i:03d}{j}" if j != 3 else "<IMW & co>",
                    status=status,
                    werknemer_voornaam=voornaam,
                    werknemer_achternaam=achternaam,
                    premie_keuze=premies[(i + j) % len(premies)],
                    ingediend_op=dt.datetime(2026, 3, 31, 22, 30, tzinfo=dt.UTC),  # 1 April in Brussels
                    beslissing_uiterlijk=uiterlijk,
                    lopende_termijn=uiterlijk,
                )
            )
    return dossiers


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_rows_are_what_format_html_join_wrote(taal):
    dossiers = _dossiers()

    def url_van(pk):
        return f'/individueel-maatwerk/dossiers/{pk}/?a=1&b="2"'

    with translation.override(taal):
        verwacht = format_html_join("\n", _RIJ, (_rij(d, url_van(d.pk), VANDAAG) for d in dossiers))
        # the page reads named rows of the fields it shows (values_list), no Dossier instances
        geschreven = _rijen(
            [RIJ(*(getattr(d, veld) for veld in RIJ._fields)) for d in dossiers], url_van, VANDAAG
        )
    assert geschreven == verwacht
    assert "badge-nok" in geschreven and "&lt;script&gt;" in geschreven and "01/04/2026" in geschreven
    assert _rijen([], url_van, VANDAAG) == ""
