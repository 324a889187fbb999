"""The rows of an admin changelist, written once per column instead of once per cell.

Django's ``result_list`` works out every cell from scratch: which field or method the column
names, its label, its empty value, its choices (``display_for_field`` builds the choices' dict on
each call) and, for the action checkbox, a widget rendered through the form renderer's templates.
On the staff work queue (25 rows of 8 columns) that was a third of the page. This tag settles the
column once and then formats each row's values with the same functions Django uses, so the markup
is the same to the byte (tested against ``items_for_result``). Changelists with editable columns
(``list_editable``) keep Django's own tag.

The table around the rows (``admin/change_list_results.html``) and each filter of the standard
template (``admin/filter.html``) are written here too, byte for byte what those templates write
(tested on every admin list): their loops over headers, rows and choices in the template language
were a fifth of the work queue's rendering.
"""

from __future__ import annotations

import datetime

from django import template
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.templatetags import admin_list
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.db import models
from django.template.loader import get_template
from django.urls import NoReverseMatch
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from loket.row_format import keuze_labels

register = template.Library()


def _klasse(klassen: list[str]) -> str:
    # Field names and fixed words, as Django writes them (unescaped).
    return mark_safe(f' class="{" ".join(klassen)}"')  # nosec B308, B703


class _Kolom:
    """One column of the list, settled once: how to read a row's value and how to show it."""

    def __init__(self, cl, index: int, naam: str, eerste_link: bool):
        self.naam = naam
        self.model_admin = cl.model_admin
        self.leeg = cl.model_admin.get_empty_value_display()
        self.link = eerste_link
        self.veld = None
        self.keuzes = None
        self.tekst = False
        self.klassen = [f"field-{admin_list._coerce_field_name(naam, index)}"]
        try:
            veld = cl.lookup_opts.get_field(naam) if isinstance(naam, str) else None
        except FieldDoesNotExist:
            veld = None
        if veld is not None and not veld.auto_created and not veld.is_relation:
            self.veld = veld
            if veld.flatchoices:
                self.keuzes = keuze_labels(veld)
            # What display_for_field makes of a text without choices: the text itself.
            self.tekst = not veld.flatchoices and type(veld) in (models.CharField, models.TextField)
            if isinstance(veld, (models.DateField, models.TimeField)):
                self.klassen.append("nowrap")
        self.klasse = _klasse(self.klassen)
        # A method of the ModelAdmin (not a field of the model): what lookup_field would find,
        # looked up once. Django asks the model's options for a field of that name on every cell
        # first, and the FieldDoesNotExist it raises was most of such a cell's cost.
        self.methode = None
        if veld is None and isinstance(naam, str) and naam != "__str__":
            methode = getattr(self.model_admin, naam, None)
            if callable(methode):
                self.methode = methode
                self.leeg_methode = getattr(methode, "empty_value_display", self.leeg)
                self.boolean = getattr(methode, "boolean", False)

    def cel(self, cl, rij) -> str:
        if self.veld is not None:
            waarde = getattr(rij, self.veld.attname)
            if isinstance(waarde, str) and waarde.strip() == "":
                waarde = ""
            if self.keuzes is not None and waarde not in (None, ""):
                weergave = self.keuzes.get(waarde, self.leeg)
            elif self.tekst and waarde:
                weergave = waarde
            else:
                weergave = display_for_field(waarde, self.veld, self.leeg, avoid_link=self.link)
            klasse = self.klasse
        elif self.methode is not None:
            weergave, klasse = self._methode(rij)
        else:
            weergave, klasse = self._anders(rij)
        # What format_html("<td{}>{}</td>", ...) writes, without its formatting machinery: the
        # class attribute is already safe, the value is escaped unless it is safe.
        if not self.link:
            return f"<td{klasse}>{conditional_escape(weergave)}</td>"
        try:
            url = cl.url_for_result(rij)
        except NoReverseMatch:
            inhoud = conditional_escape(weergave)
        else:
            if cl.preserved_filters:
                url = add_preserved_filters({"preserved_filters": cl.preserved_filters, "opts": cl.opts}, url)
            inhoud = f'<a href="{conditional_escape(url)}">{conditional_escape(weergave)}</a>'
        return f"<{self.tag}{klasse}>{inhoud}</{self.tag}>"

    def _methode(self, rij):
        """A ModelAdmin method's cell: as ``_anders`` for a value that is no field."""
        try:
            waarde = self.methode(rij)
        except ObjectDoesNotExist:
            return self.leeg, self.klasse
        if isinstance(waarde, str) and waarde.strip() == "":
            waarde = ""
        return self._geen_veld(waarde, self.leeg_methode, self.boolean)

    def _geen_veld(self, waarde, leeg: str, boolean: bool):
        """A value that is no field of the model (a method's or a property's), as Django shows it."""
        weergave = display_for_value(waarde, leeg, boolean)
        if isinstance(waarde, (datetime.date, datetime.time)):
            return weergave, _klasse([*self.klassen, "nowrap"])
        return weergave, self.klasse

    def _anders(self, rij):
        """A method, property or relation: Django's own lookup, cell by cell."""
        klassen = list(self.klassen)
        try:
            veld, attr, waarde = lookup_field(self.naam, rij, self.model_admin)
        except ObjectDoesNotExist:
            return self.leeg, _klasse(klassen)
        leeg = getattr(attr, "empty_value_display", self.leeg)
        if isinstance(waarde, str) and waarde.strip() == "":
            waarde = ""
        if veld is None or veld.auto_created:
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            return self._geen_veld(waarde, leeg, boolean)
        if isinstance(veld.remote_field, models.ManyToOneRel):
            gerelateerd = getattr(rij, veld.name)
            weergave = leeg if gerelateerd is None else gerelateerd
            klassen.append("nowrap")
        else:
            weergave = display_for_field(waarde, veld, leeg, avoid_link=self.link)
            if isinstance(veld, (models.DateField, models.TimeField, models.ForeignKey)):
                klassen.append("nowrap")
        return weergave, _klasse(klassen)


def _kolommen(cl) -> list:
    """The columns as Django's ``items_for_result`` walks them: the first linked column is a
    ``<th>``, the others ``<td>``."""
    kolommen, eerste = [], True
    for index, naam in enumerate(cl.list_display):
        if naam == "action_checkbox":
            kolommen.append("action_checkbox")
            continue
        if cl.list_display_links is None:
            link = False
        elif eerste and not cl.list_display_links:
            link = True
        else:
            link = naam in cl.list_display_links
        kolom = _Kolom(cl, index, naam, link)
        if link:
            kolom.tag = "th" if eerste else "td"
            eerste = False
        kolommen.append(kolom)
    return kolommen


def rijen(cl) -> list[str]:
    """Each row of the changelist's page as the cells Django's ``result_list`` writes."""
    kolommen = _kolommen(cl)
    # The checkbox's label, translated once for the page (ModelAdmin.action_checkbox per row).
    selecteer = _("Select this object for an action - {}")
    uit = []
    for rij in cl.result_list:
        cellen = []
        for kolom in kolommen:
            if kolom == "action_checkbox":
                # What ModelAdmin.action_checkbox renders through the CheckboxInput widget.
                label = format_html(selecteer, str(rij))
                cellen.append(
                    f'<td class="action-checkbox"><input type="checkbox" name="{ACTION_CHECKBOX_NAME}"'
                    f' value="{conditional_escape(str(rij.pk))}" class="action-select"'
                    f' aria-label="{conditional_escape(label)}"></td>'
                )
            else:
                cellen.append(kolom.cel(cl, rij))
        uit.append(mark_safe("".join(cellen)))  # nosec B308, B703: every value escaped above
    return uit


def _kop(kop: dict, sorteervelden: int) -> str:
    """One column header as admin/change_list_results.html writes it."""
    sorteren = ""
    if kop["sortable"] and kop["sort_priority"] > 0:
        prioriteit = ""
        if sorteervelden > 1:
            titel = _("Sorting priority: %(priority_number)s") % {"priority_number": kop["sort_priority"]}
            prioriteit = f'<span class="sortpriority" title="{titel}">{kop["sort_priority"]}</span>'
        richting = "ascending" if kop["ascending"] else "descending"
        sorteren = (
            '\n       <div class="sortoptions">\n'
            f'         <a class="sortremove" href="{conditional_escape(kop["url_remove"])}"'
            f' title="{conditional_escape(_("Remove from sorting"))}"></a>\n'
            f"         {prioriteit}\n"
            f'         <a href="{conditional_escape(kop["url_toggle"])}" class="toggle {richting}"'
            f' title="{conditional_escape(_("Toggle sorting"))}"></a>\n'
            "       </div>\n   "
        )
    tekst = capfirst(kop["text"])
    if isinstance(kop["text"], SafeData):  # capfirst keeps a safe text safe in a template
        tekst = mark_safe(tekst)  # nosec B308, B703: it was safe already
    tekst = conditional_escape(tekst)
    if kop["sortable"]:
        tekst = f'<a href="{conditional_escape(kop["url_primary"])}">{tekst}</a>'
    else:
        tekst = f"<span>{tekst}</span>"
    return (
        f'\n<th scope="col"{kop["class_attrib"]}>\n   {sorteren}\n'
        f'   <div class="text">{tekst}</div>\n   <div class="clear"></div>\n</th>'
    )


@register.simple_tag
def snelle_result_list(cl):
    """``{% result_list cl %}`` for a changelist without editable columns: the table that
    admin/change_list_results.html writes, written here (its loops over headers and rows were a
    quarter of the list's rendering)."""
    if cl.formset is not None or cl.is_popup:
        return get_template("admin/change_list_results.html").render(admin_list.result_list(cl))
    regels = rijen(cl)
    if not regels:
        return mark_safe("\n\n\n")  # nosec B308, B703: fixed text
    koppen = list(admin_list.result_headers(cl))
    sorteervelden = sum(1 for kop in koppen if kop["sortable"] and kop["sorted"])
    return mark_safe(  # nosec B308, B703: headers and rows escaped where they are written
        '\n\n\n<div class="results">\n<table id="result_list">\n<thead>\n<tr>\n'
        + "".join(_kop(kop, sorteervelden) for kop in koppen)
        + "\n</tr>\n</thead>\n<tbody>\n"
        + "".join(f"\n\n<tr>{regel}</tr>\n" for regel in regels)
        + "\n</tbody>\n</table>\n</div>\n\n"
    )


@register.simple_tag
def snelle_filter(cl, spec):
    """``{% admin_list_filter cl spec %}``: a filter of the standard template (admin/filter.html)
    written here, its choices' loop being most of the filter's rendering; any other template is
    rendered as Django does."""
    if spec.template != "admin/filter.html":
        return admin_list.admin_list_filter(cl, spec)
    titel = conditional_escape(spec.title)
    keuzes = "".join(
        '\n    <li{}>\n    <a href="{}">{}</a></li>\n  '.format(
            ' class="selected"' if keuze["selected"] else "",
            conditional_escape(_iriencode(keuze["query_string"])),
            conditional_escape(keuze["display"]),
        )
        for keuze in spec.choices(cl)
    )
    kop = _(" By %(filter_title)s ") % {"filter_title": titel}
    return mark_safe(  # nosec B308, B703: every value escaped above
        f'\n<details data-filter-title="{titel}" open>\n  <summary>\n    {kop}\n  </summary>\n'
        f"  <ul>\n  {keuzes}\n  </ul>\n</details>\n"
    )


def _iriencode(waarde):
    """The template filter ``iriencode``: a safe value stays safe."""
    uit = iri_to_uri(waarde)
    return mark_safe(uit) if isinstance(waarde, SafeData) else uit  # nosec B308, B703: it was safe
