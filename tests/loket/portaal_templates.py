"""The portal's own templates, compiled, for tests that check every tag of a kind in them."""

from pathlib import Path

from django.conf import settings
from django.template import Context, engines
from django.utils import translation


def portaal_templates():
    """(name, compiled template) of every HTML template of the project's template folders."""
    engine = engines["django"].engine
    mappen = [Path(settings.BASE_DIR) / "templates"] + [
        Path(settings.BASE_DIR) / app / "templates" for app in ("loket", "aanvragen", "premies", "evaluaties")
    ]
    for map_ in mappen:
        for pad in map_.rglob("*.html"):
            naam = str(pad.relative_to(map_))
            yield naam, engine.get_template(naam)


def knopen_zoals_django(knooptype, gekozen, django_render) -> int:
    """Renders each node of ``knooptype`` in the portal's templates that ``gekozen(node)`` picks,
    alone, in Dutch and English and twice each (the second time from any memory), and checks it
    against ``django_render``. Returns how many nodes were checked."""
    knopen = 0
    for naam, template in portaal_templates():
        for knoop in template.nodelist.get_nodes_by_type(knooptype):
            if not gekozen(knoop):
                continue
            knopen += 1
            for taal in ("nl", "en"):
                with translation.override(taal):
                    for _ in range(2):
                        assert knoop.render(Context()) == django_render(knoop, Context()), (naam, knoop.token)
    return knopen
