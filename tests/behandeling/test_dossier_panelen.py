"""The staff dossier page's status history, documents and messages (``dossier_panelen``) are the
markup of the template loops they replace, byte for byte, in Dutch and English."""

import pytest
from django.core.files.base import ContentFile
from django.template import Context, Template
from django.utils import translation

from aanvragen import beslissingen
from aanvragen.models import Document, DocumentSoort, StatusOvergang
from aanvragen.templatetags.dossier_panelen import berichten_rijen, documenten_rijen, statushistoriek_rijen
from loket.models import Bericht, BerichtBijlage

from .factories import DossierFactory

pytestmark = pytest.mark.django_db

# The loops as the dossier page's template wrote them before.
TEMPLATE_LUSSEN = Template(
    """{% load i18n %}<tbody>{% for o in overgangen %}
      <tr><td>{{ o.op|date:"d/m/Y H:i" }}</td><td>{{ o.get_van_display|default:"–" }}</td><td>{{ o.get_naar_display }}</td><td>{% if o.door %}{{ o.door.get_full_name|default:o.door.username }}{% else %}{% translate "systeem" %}{% endif %}</td><td>{{ o.reden }}</td></tr>
    {% endfor %}</tbody>|<tbody>{% for d in documenten %}
      <tr><td>{{ d.get_soort_display }}</td><td><a href="{% url 'admin:aanvragen_dossier_document' dossier.pk d.pk %}">{{ d.naam }}</a></td><td>{{ d.grootte|filesizeformat }}</td><td>{{ d.opgeladen_op|date:"d/m/Y H:i" }}</td></tr>
    {% endfor %}</tbody>|<tbody>{% for b in berichten %}
      <tr><td>{{ b.aangemaakt_op|date:"d/m/Y H:i" }}</td><td>{{ b.get_kanaal_display }}</td><td>{{ b.aan|default:"–" }}</td>
        <td><details><summary>{{ b.onderwerp }}</summary><pre class="bericht-tekst">{{ b.tekst }}</pre></details></td>
        <td>{{ b.verzonden_op|date:"d/m/Y H:i"|default:_("nog niet") }}</td>
        <td>{% for bijlage in b.bijlagen_lijst %}<a href="{% url 'admin:aanvragen_dossier_bijlage' dossier.pk bijlage.pk %}">{{ bijlage.naam }}</a> {% endfor %}</td></tr>
    {% endfor %}</tbody>"""  # noqa: E501
)


@pytest.mark.parametrize("taal", ["nl", "en"])
def test_the_tables_are_the_template_loops(behandelaar_client, behandelaar, taal):
    dossier = DossierFactory(status="in_behandeling")
    vraag = "Bezorg het <b>contract</b> & de loonfiche."
    beslissingen.vraag_informatie(dossier, door=behandelaar, vraag=vraag)
    bericht = Bericht.objects.get(object_id=dossier.pk)
    for naam in ("vraag.pdf", "bijlage <2>.pdf"):
        inhoud = ContentFile(b"%PDF-1.4", name="b.pdf")
        BerichtBijlage.objects.create(bericht=bericht, naam=naam, inhoud=inhoud)
    Document.objects.create(
        dossier=dossier,
        soort=DocumentSoort.choices[0][0],
        bestand=ContentFile(b"%PDF-1.4", name="c.pdf"),
        naam='contract "2026" <def>.pdf',
        mimetype="application/pdf",
        grootte=1_234_567,
    )
    StatusOvergang.objects.create(dossier=dossier, van="", naar="ingediend", reden="")
    StatusOvergang.objects.create(
        dossier=dossier, van="ingediend", naar="in_behandeling", door=behandelaar, reden="Nagekeken <ok>"
    )
    antwoord = behandelaar_client.get(f"/admin/aanvragen/dossier/{dossier.pk}/change/")
    context = {k: antwoord.context[k] for k in ("dossier", "overgangen", "documenten", "berichten")}
    assert context["overgangen"] and context["documenten"] and context["berichten"]
    with translation.override(taal):
        verwacht = TEMPLATE_LUSSEN.render(Context(context)).split("|")
        eigen = [
            f"<tbody>{statushistoriek_rijen(context['overgangen'])}</tbody>",
            f"<tbody>{documenten_rijen(context['dossier'], context['documenten'])}</tbody>",
            f"<tbody>{berichten_rijen(context['dossier'], context['berichten'])}</tbody>",
        ]
    assert eigen == verwacht
    assert "&lt;b&gt;contract&lt;/b&gt; &amp;" in eigen[2] and "bijlage &lt;2&gt;.pdf" in eigen[2]
    if taal == "nl":  # the page itself (the admin's language comes from the staff member's choice)
        html = antwoord.content.decode()
        assert all(deel in html for deel in eigen)
