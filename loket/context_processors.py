def acting_organisation(request):
    return {
        "organisatie": getattr(request, "organisatie", None),
        "toegang": getattr(request, "toegang", None),
    }
