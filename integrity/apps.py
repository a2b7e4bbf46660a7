from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    """Idempotent submissions and optimistic locking: no write lost or made twice."""

    name = "integrity"
    verbose_name = _("Integrity")

    def ready(self) -> None:
        # Registers the Idempotency-Key header on every API POST in the schema.
        from . import schema  # noqa: F401
