"""A submission's idempotency key and the answer it got, kept for a day."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IdempotencyKey(models.Model):
    """One claimed key of one owner, and the stored answer a retry gets again.

    ``owner`` is ``user:<id>`` for a signed-in person, else ``session:<key>`` or
    ``address:<ip>``, so one person's key never meets another's. The row is
    inserted, the view runs and its answer is written in one transaction: a
    concurrent retry waits on the unique index and then reads the answer.
    """

    owner = models.CharField(_("owner"), max_length=120)
    key = models.CharField(_("key"), max_length=255)
    # SHA-256 of the method, path and body: the same key with another body is refused.
    fingerprint = models.CharField(_("request fingerprint"), max_length=64)
    created = models.DateTimeField(_("claimed"), db_index=True)
    # Empty only inside the claiming transaction: it commits with the answer.
    status = models.PositiveSmallIntegerField(_("HTTP status"), null=True)
    content_type = models.CharField(_("content type"), max_length=200, blank=True)
    location = models.TextField(_("location"), blank=True)
    body = models.BinaryField(_("body"), null=True)
    body_kept = models.BooleanField(_("body kept"), default=True)

    class Meta:
        verbose_name = _("idempotency key")
        verbose_name_plural = _("idempotency keys")
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "key"], name="integrity_key_once_per_owner"
            ),
            models.CheckConstraint(
                condition=Q(status__gte=100) & Q(status__lte=599),
                name="integrity_key_status_is_http",
            ),
            models.CheckConstraint(
                condition=~Q(key="") & ~Q(owner=""),
                name="integrity_key_and_owner_given",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.owner} {self.key}"
