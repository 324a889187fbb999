"""A helper for model instances, shared by the apps' services."""


def neem_velden_over(doel, bron) -> None:
    """Give ``doel`` the field values of ``bron``, another instance of the same row.

    A service locks and changes a fresh copy (``select_for_update``); the caller's instance must
    then show what was saved. Django's own state (``_state``, the caches) stays the caller's."""
    doel.__dict__.update({k: v for k, v in bron.__dict__.items() if not k.startswith("_")})
