"""The two staff roles of the backoffice, as Django groups with their permissions.

*behandelaar* handles dossiers: views and handles dossiers, processes reported changes, reads
the authentic sources, organisations, persons, messages and the rule parameters.
*supervisor* can do all that and also manages the rule parameters, the list of recognised
service providers and staff users (and their TOTP devices), and reads the access log.

Created by a data migration; ``zet_rollen`` is idempotent (also used by tests after a flush).
"""

LEZEN_BEHANDELAAR = [
    ("aanvragen", "dossier"),
    ("aanvragen", "document"),
    ("aanvragen", "statusovergang"),
    ("aanvragen", "beslissing"),
    ("aanvragen", "wijziging"),
    ("aanvragen", "erkendedienstverlener"),
    ("aanvragen", "historicaldossier"),
    ("loket", "organisatie"),
    ("loket", "vestiging"),
    ("loket", "bankrekening"),
    ("loket", "persoon"),
    ("loket", "bericht"),
    ("loket", "vdabindicatie"),
    ("loket", "vdabevaluatie"),
    ("evaluaties", "evaluatie"),
    ("aanvragen", "beroep"),
    ("loket", "dimonarelatie"),
    ("loket", "dmfaloonlijn"),
    ("loket", "kboinschrijving"),
    ("loket", "ggmmibedrag"),
    ("loket", "degressiefpakket"),
    ("loket", "pakketschijf"),
    ("loket", "begeleidingspremiebedrag"),
    ("loket", "begeleidingspremieopstart"),
    ("loket", "ondersteuningreferentiebedrag"),
    ("premies", "uitbetalingsrun"),
    ("premies", "betaallijn"),
    ("premies", "betalingsblokkering"),
    ("premies", "betalingsprobleem"),
]
BEHEER_SUPERVISOR = [
    ("loket", "ggmmibedrag"),
    ("loket", "degressiefpakket"),
    ("loket", "pakketschijf"),
    ("loket", "begeleidingspremiebedrag"),
    ("loket", "begeleidingspremieopstart"),
    ("loket", "ondersteuningreferentiebedrag"),
    ("aanvragen", "erkendedienstverlener"),
    ("auth", "user"),
    ("otp_totp", "totpdevice"),
]


def permissies_per_rol() -> dict[str, set[tuple[str, str]]]:
    """{group name: {(app_label, codename)}}."""
    behandelaar = {(app, f"view_{model}") for app, model in LEZEN_BEHANDELAAR}
    behandelaar |= {
        ("aanvragen", "change_dossier"),
        ("aanvragen", "change_wijziging"),
        ("evaluaties", "change_evaluatie"),
        ("aanvragen", "change_beroep"),
    }
    supervisor = set(behandelaar)
    for app, model in BEHEER_SUPERVISOR:
        supervisor |= {(app, f"{actie}_{model}") for actie in ("view", "add", "change", "delete")}
    supervisor |= {("auth", "view_group"), ("aanvragen", "view_dossierinzage")}
    # Registrations: supervisors see the grants and may activate one without the code by post.
    supervisor |= {("loket", "view_toegang"), ("loket", "activeren_toegang")}
    # Payouts: supervisors start, approve and release runs and keep the hold list.
    supervisor |= {
        ("premies", "change_uitbetalingsrun"),
        ("premies", "add_betalingsblokkering"),
        ("premies", "change_betalingsblokkering"),
    }
    return {"behandelaar": behandelaar, "supervisor": supervisor}


def zet_rollen(apps=None) -> None:
    """Create or update the groups; permissions of models that do not exist are skipped."""
    if apps is None:
        from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Apps of a migration state have no models module; create_permissions skips those.
        origineel = getattr(app_config, "models_module", None)
        if origineel is None:
            app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = origineel
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for naam, permissies in permissies_per_rol().items():
        groep, _nieuw = Group.objects.get_or_create(name=naam)
        gevonden = [
            p
            for p in Permission.objects.filter(codename__in={c for _a, c in permissies}).select_related(
                "content_type"
            )
            if (p.content_type.app_label, p.codename) in permissies
        ]
        groep.permissions.set(gevonden)
