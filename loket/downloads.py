"""Serving a private file (uploads, letters, receipts, statements) as a download."""

from __future__ import annotations

from django.http import FileResponse, Http404


def bestand_response(bestand, *, naam: str, mimetype: str, als_bijlage: bool = True) -> FileResponse:
    """The file as a response that no cache keeps; a file missing from storage is a 404, never a
    server error."""
    try:
        inhoud = bestand.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the field holds no file at all
        raise Http404 from None
    response = FileResponse(inhoud, content_type=mimetype, as_attachment=als_bijlage, filename=naam)
    response["Cache-Control"] = "private, no-store"
    return response
