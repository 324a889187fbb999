"""The root URL resolver's match for a path, kept in memory after its first request.

Django's ``URLResolver.resolve`` tries the URL patterns in order on every request and builds a
``ResolverMatch`` on the way: some 2,500 Python opcodes for a dossier page, a tenth of a page served
from the page cache. What it finds depends only on the resolver (a new object after
``clear_url_caches`` and for every URL configuration), the path and the active language
(translated routes): Django's converters are pure functions of the text (the portal registers none
of its own). So the root resolver keeps its last matches per combination of those. A path that
does not resolve raises ``Resolver404`` as before and is not kept, so probing addresses fills
nothing. Only the root is kept: it is asked for the whole path, which starts with its ``/``;
included resolvers are asked for the rest of it.

The match is shared by the requests for one path. Django and the apps here only read it: the
handler passes the view a copy of its keyword arguments.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls.resolvers import URLResolver
from django.utils.translation import get_language

_DJANGO_RESOLVE = URLResolver.resolve
# Every dossier has its own paths: the most recently asked ones are kept, a few per open session.
_MAX_PATHS = 4096


@lru_cache(maxsize=_MAX_PATHS)
def _kept_match(resolver: URLResolver, path: str, language: str | None):
    return _DJANGO_RESOLVE(resolver, path)


def _resolve(self: URLResolver, path):
    path = str(path)  # as Django's: a path may be a reverse_lazy object
    if not path.startswith("/"):
        return _DJANGO_RESOLVE(self, path)
    return _kept_match(self, path, get_language())


def install() -> None:
    URLResolver.resolve = _resolve
