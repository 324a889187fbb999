from django.shortcuts import render

from loket.access import in_naam_van_vereist


@in_naam_van_vereist
def start(request):
    """Start a new IMW application (placeholder until the application wizard lands)."""
    return render(request, "aanvragen/start.html")
