"""The fieldsets of a read-only admin page, rendered in Python.

A dossier page shows 37 read-only fields. Django's ``admin/includes/fieldset.html`` renders each
through a dozen nested template conditions meant for editable fields: on the dossier page that was
about 40 % of the page's time. This tag writes the same markup (the admin's classes, so the page
looks the same) with Django's own helpers for the label and the value (``AdminReadonlyField``:
the same formatting, links to related objects, empty value and boolean icons).
"""

from django import template
from django.contrib.admin.helpers import AdminReadonlyField
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

register = template.Library()

# A field's label (with its <label> tag) and help text depend on the admin, the field, its place
# on the line and the language, not on the record: settled once per process. Each label was a
# fifth of the fieldsets' time (label_for_field, capfirst, flatatt, the form's label suffix).
_LABELS: dict[tuple, tuple[str, str]] = {}


def _label_en_hulp(veld: AdminReadonlyField) -> tuple[str, str]:
    sleutel = (
        type(veld.model_admin),
        veld.form._meta.model,
        veld.field["name"],
        veld.is_first,
        veld.form.label_suffix,
        get_language(),
    )
    gevonden = _LABELS.get(sleutel)
    if gevonden is None:
        hulp = veld.field["help_text"]
        gevonden = _LABELS[sleutel] = (
            veld.label_tag(),
            format_html('<div class="help"><div>{}</div></div>', hulp) if hulp else "",
        )
    return gevonden


@register.simple_tag
def alleen_lezen_fieldsets(adminform):
    """Every fieldset of ``adminform`` whose fields are all read-only; an editable field (not on
    the pages that use this tag) would be a programming error, not something to render half."""
    delen = []
    for nummer, fieldset in enumerate(adminform):
        regels = []
        for line in fieldset:
            velden = list(line)
            if not all(isinstance(veld, AdminReadonlyField) for veld in velden):
                raise ValueError(f"alleen_lezen_fieldsets: {fieldset.name} holds an editable field")
            regels.append(
                format_html(
                    '<div class="form-row{}">{}</div>',
                    "".join(f" field-{veld.field['name']}" for veld in velden if veld.field["name"]),
                    format_html_join(
                        "",
                        '<div><div class="flex-container">{}<div class="readonly">{}</div></div>{}</div>',
                        (
                            (label, veld.contents(), hulp)
                            for veld in velden
                            for label, hulp in (_label_en_hulp(veld),)
                        ),
                    ),
                )
            )
        kop_id = f"fieldset-0-{nummer}-heading"
        delen.append(
            format_html(
                '<fieldset class="module aligned {}"{}>{}{}</fieldset>',
                fieldset.classes,
                format_html(' aria-labelledby="{}"', kop_id) if fieldset.name else "",
                format_html('<h2 id="{}" class="fieldset-heading">{}</h2>', kop_id, fieldset.name)
                if fieldset.name
                else "",
                mark_safe("".join(regels)),  # nosec B308, B703: each part built by format_html above
            )
        )
    return mark_safe("".join(delen))  # nosec B308, B703: each part built by format_html above
