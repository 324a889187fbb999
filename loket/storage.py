from django.core.files.storage import storages


def private_storage():
    """Storage for uploads and letters: never under a public URL (see STORAGES['private'])."""
    return storages["private"]
