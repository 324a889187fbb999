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

register = template.Library()


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
                            (
                                veld.label_tag(),
                                veld.contents(),
                                format_html('<div class="help"><div>{}</div></div>', veld.field["help_text"])
                                if veld.field["help_text"]
                                else "",
                            )
                            for veld in velden
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
