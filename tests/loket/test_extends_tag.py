"""loket.extends_tag: a template chain renders as with Django's own {% extends %}, each root
template's blocks found once, also when the parent is chosen by a variable."""

from django.template import Context, Engine
from django.template.loader_tags import ExtendsNode

from loket import extends_tag

TEMPLATES = {
    "basis.html": "<h1>{% block titel %}Basis{% endblock %}</h1>{% block inhoud %}leeg{% endblock %}"
    "{% if toon %}{% block voet %}voet{% endblock %}{% endif %}",
    "andere-basis.html": "<main>{% block inhoud %}niets{% endblock %}</main>",
    "midden.html": "{% extends 'basis.html' %}{% block titel %}Midden – {{ block.super }}{% endblock %}",
    "pagina.html": "{% extends ouder %}{% block inhoud %}[{{ block.super }}] {{ tekst }}{% endblock %}"
    "{% block voet %}eigen voet{% endblock %}",
}


def _engine():
    locmem = ("django.template.loaders.locmem.Loader", TEMPLATES)
    return Engine(loaders=[("django.template.loaders.cached.Loader", [locmem])])


def _zoals_django(template, context):
    ExtendsNode.render = extends_tag._DJANGO_RENDER
    try:
        return template.render(Context(context))
    finally:
        ExtendsNode.render = extends_tag._render


def test_a_chain_renders_as_with_djangos_extends_whichever_parent_a_variable_picks():
    pagina = _engine().get_template("pagina.html")
    verwacht = {
        "midden.html": "<h1>Midden – Basis</h1>[leeg] hallo\u00a0&lt;b&gt;eigen voet",
        "andere-basis.html": "<main>[niets] hallo\u00a0&lt;b&gt;</main>",
    }
    for _ in range(2):  # the second round with the blocks kept
        for ouder, html in verwacht.items():
            context = {"ouder": ouder, "tekst": "hallo\u00a0<b>", "toon": True}
            assert pagina.render(Context(context)) == html
            assert _zoals_django(pagina, context) == html
    # A block inside an {% if %} of the root is still found (and left out when the if is false).
    assert "voet" not in pagina.render(Context({"ouder": "midden.html", "tekst": "", "toon": False}))


def test_the_root_templates_blocks_are_collected_once_per_template(monkeypatch):
    engine = _engine()
    pagina = engine.get_template("pagina.html")
    pagina.render(Context({"ouder": "midden.html"}))
    basis = engine.get_template("basis.html")
    assert set(basis.__dict__["_loket_root_blocks"]) == {"titel", "inhoud", "voet"}
    assert engine.get_template("midden.html").__dict__["_loket_root_blocks"] is None  # extends another

    gelopen = []
    monkeypatch.setattr(type(basis.nodelist), "get_nodes_by_type", lambda self, t: gelopen.append(t) or [])
    pagina.render(Context({"ouder": "midden.html"}))
    assert gelopen == []
