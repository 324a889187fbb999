"""Cursor pagination of the API's lists. The page size (``aantal``) is checked: a value that is no
whole number from 1 to the maximum is a 400 problem (not silently the default), as the schema says."""

from django.utils.translation import gettext as _
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

from ..rules import parse_id


class Cursor(CursorPagination):
    """Stable pages while data changes: a cursor, never an offset."""

    ordering = "-pk"
    page_size = 50
    page_size_query_param = "aantal"
    max_page_size = 200

    def get_page_size(self, request):
        waarde = request.query_params.get(self.page_size_query_param)
        if waarde is None:
            return self.page_size
        aantal = parse_id(waarde)
        if aantal is None or not 1 <= aantal <= self.max_page_size:
            raise ValidationError(
                {
                    self.page_size_query_param: [
                        _("Geef een geheel getal van 1 tot en met %(maximum)d.")
                        % {"maximum": self.max_page_size}
                    ]
                }
            )
        return aantal

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise NotFound(_("Deze cursor is niet geldig.")) from None

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.cursor_query_param:
                parameter["description"] = "De cursor uit 'next' of 'previous' van de vorige pagina."
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = "Het aantal resultaten per pagina."
                parameter["schema"].update(minimum=1, maximum=self.max_page_size, default=self.page_size)
        return parameters


class NieuwsteEerst(Cursor):
    """Newest first by a timestamp, the primary key breaking ties (events: by ``op``, whose UUID
    primary key says nothing about order)."""

    ordering = ("-op", "-pk")
