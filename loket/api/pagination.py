from rest_framework.pagination import CursorPagination


class Cursor(CursorPagination):
    """Stable pages while data changes: a cursor, never an offset."""

    ordering = "-pk"
    page_size = 50
    page_size_query_param = "aantal"
    max_page_size = 200
