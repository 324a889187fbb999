"""The portal's own templates, compiled, for tests that check every tag of a kind in them."""

from pathlib import Path

from django.conf import settings
from django.template import engines


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
