from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LimitsConfig(AppConfig):
    """Abuse limits: write and login rate limits, lockout, body and upload sizes."""

    name = "limits"
    verbose_name = _("Abuse limits")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in, user_login_failed

        from . import conf, receivers

        # A bad limit setting stops start-up here, not the first request.
        conf.limits()
        user_login_failed.connect(receivers.login_failed, dispatch_uid="limits")
        user_logged_in.connect(receivers.logged_in, dispatch_uid="limits")
