import django
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = _("WSE-loket")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        # taal connects the login signal
        from . import (  # noqa: F401
            context_local,
            csrf_mask,
            data_versions,
            emailbevestiging,
            extends_tag,
            gettext_memo,
            html_escape,
            model_from_db,
            parameters,
            pg_timestamps,
            settings_access,
            taal,
            translate_tag,
            translation_catalog,
            url_resolve,
            url_tag,
        )

        # Cheaper versions of Django 5.2 internals that every page runs, each tested to give what
        # Django's own gives (the modules say why and what they replace). Each is written against
        # 5.2's code: on another version Django's own run, until each has been compared again.
        if django.VERSION[:2] == (5, 2):
            for sneller in (
                translation_catalog,
                gettext_memo,
                translate_tag,
                url_tag,
                url_resolve,
                extends_tag,
                html_escape,
                csrf_mask,
                settings_access,
                context_local,
                model_from_db,
                pg_timestamps,
            ):
                sneller.install()

        # After every migrate, so a new table or a changed route gets its triggers.
        post_migrate.connect(
            data_versions.install_after_migrate, sender=self, dispatch_uid="loket-data-versions"
        )

        gebruiker = get_user_model()
        pre_save.connect(
            emailbevestiging.onthoud_adreswijziging, sender=gebruiker, dispatch_uid="loket-email-1"
        )
        post_save.connect(
            emailbevestiging.bevestig_nieuw_adres, sender=gebruiker, dispatch_uid="loket-email-2"
        )
        for model in parameters.STAND_MODELLEN:
            for naam, signaal in (("opgeslagen", post_save), ("verwijderd", post_delete)):
                signaal.connect(
                    parameters.vergeet_gedeelde_stand,
                    sender=model,
                    dispatch_uid=f"loket-parameterstand-{naam}-{model.__name__}",
                )
        # Request ids on every log record and task; task and queue metrics (issue 11).
        from . import metrics, request_id

        request_id.install_log_record_factory()
        metrics.register_collectors()
