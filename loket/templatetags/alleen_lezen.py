"""The fieldsets of a read-only admin page, rendered in Python.

A dossier page shows 37 read-only fields. Django's ``admin/includes/fieldset.html`` renders each
through a dozen nested template conditions meant for editable fields: on the dossier page that was
about 40 % of the page's time. This tag writes the same markup (the admin's classes, so the page
looks the same) with Django's own helpers for the label and the value (``AdminReadonlyField``:
the same formatting, links to related objects, empty value and boolean icons).

What does not depend on the record is settled once per process and language: each field's label
and help text, and what kind of value it is. ``AdminReadonlyField`` works out the label again for
every field of every page (``label_for_field``, asking the model for a field of a method's name and
catching the FieldDoesNotExist), which was a third of the fieldsets' time.
"""

from django import template
from django.contrib.admin.helpers import AdminReadonlyField
from django.contrib.admin.templatetags.admin_list import _boolean_icon
from django.contrib.admin.utils import display_for_field
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()


class _Veld:
    """One read-only field of an admin page, settled: its label and help (HTML), and how its value
    is read: a plain model field or a ModelAdmin method directly, anything else (relations,
    properties) through ``AdminReadonlyField.contents``."""

    def __init__(self, form, naam, is_first: bool, model_admin):
        veld = AdminReadonlyField(form, naam, is_first=is_first, model_admin=model_admin)
        hulp = veld.field["help_text"]
        self.naam = naam
        self.klasse = f" field-{veld.field['name']}" if veld.field["name"] else ""
        self.label = veld.label_tag()
        self.hulp = format_html('<div class="help"><div>{}</div></div>', hulp) if hulp else ""
        self.modelveld = self.methode = None
        model = form._meta.model
        if isinstance(naam, str):
            try:
                modelveld = model._meta.get_field(naam)
            except FieldDoesNotExist:
                modelveld = None
            if modelveld is not None:
                if not modelveld.is_relation and naam == modelveld.attname:
                    self.modelveld = modelveld
            elif naam != "__str__" and callable(getattr(model_admin, naam, None)):
                self.methode = naam  # looked up on each page's admin: the method is bound to it

    def inhoud(self, form, model_admin, empty: str) -> str:
        """What ``AdminReadonlyField.contents()`` returns for this field of ``form.instance``."""
        if self.naam in form.fields:  # a widget that renders itself read-only (Django's case)
            return self._zoals_django(form, model_admin)
        if self.modelveld is not None:
            waarde = getattr(form.instance, self.naam)
            return conditional_escape(linebreaksbr(display_for_field(waarde, self.modelveld, empty)))
        if self.methode is not None:
            methode = getattr(model_admin, self.methode)
            try:
                waarde = methode(form.instance)
            except (AttributeError, ValueError, ObjectDoesNotExist):
                return conditional_escape(empty)
            if getattr(methode, "boolean", False):
                return conditional_escape(_boolean_icon(waarde))
            return conditional_escape(waarde if hasattr(waarde, "__html__") else linebreaksbr(waarde))
        return self._zoals_django(form, model_admin)

    def _zoals_django(self, form, model_admin) -> str:
        return AdminReadonlyField(form, self.naam, is_first=True, model_admin=model_admin).contents()


_VELDEN: dict[tuple, _Veld] = {}


def _veld(form, naam, is_first: bool, model_admin) -> _Veld:
    sleutel = (type(model_admin), form._meta.model, naam, is_first, form.label_suffix, get_language())
    gevonden = _VELDEN.get(sleutel)
    if gevonden is None:
        gevonden = _VELDEN[sleutel] = _Veld(form, naam, is_first, model_admin)
    return gevonden


@register.simple_tag
def alleen_lezen_fieldsets(adminform):
    """Every fieldset of ``adminform`` whose fields are all read-only; an editable field (not on
    the pages that use this tag) would be a programming error, not something to render half."""
    form, model_admin = adminform.form, adminform.model_admin
    empty = model_admin.get_empty_value_display()
    delen = []
    for nummer, (naam, opties) in enumerate(adminform.fieldsets):
        regels = []
        for regel in opties.get("fields", ()):
            namen = regel if isinstance(regel, (list, tuple)) else [regel]
            if not all(veldnaam in adminform.readonly_fields for veldnaam in namen):
                raise ValueError(f"alleen_lezen_fieldsets: {naam} holds an editable field")
            velden = [_veld(form, veldnaam, i == 0, model_admin) for i, veldnaam in enumerate(namen)]
            cellen = "".join(
                f'<div><div class="flex-container">{veld.label}<div class="readonly">'
                f"{veld.inhoud(form, model_admin, empty)}</div></div>{veld.hulp}</div>"
                for veld in velden
            )
            regels.append(f'<div class="form-row{"".join(veld.klasse for veld in velden)}">{cellen}</div>')
        kop_id = f"fieldset-0-{nummer}-heading"
        klassen = conditional_escape(" ".join(opties.get("classes", ())))
        if naam:
            delen.append(
                f'<fieldset class="module aligned {klassen}" aria-labelledby="{kop_id}">'
                f'<h2 id="{kop_id}" class="fieldset-heading">{conditional_escape(naam)}</h2>'
                f"{''.join(regels)}</fieldset>"
            )
        else:
            delen.append(f'<fieldset class="module aligned {klassen}">{"".join(regels)}</fieldset>')
    return mark_safe("".join(delen))  # nosec B308, B703: labels, values and names escaped above
