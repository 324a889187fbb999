"""The admin's sidebar, from the site's memo (``LoketAdminSite.nav_sidebar_html``)."""

from django import template
from django.contrib import admin

register = template.Library()


@register.simple_tag(takes_context=True)
def navigatie_apps(context):
    return admin.site.nav_sidebar_html(context["request"], context["available_apps"])
