"""Where limits keep their state: in PostgreSQL, shared by every worker and server."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RateCounter(models.Model):
    """How far one key (bucket, rate, subject) has run ahead of its allowance.

    The generic cell rate algorithm: each request moves ``recovered_at`` on by
    ``step`` seconds (the rate's period over its count); a request that would move
    it more than ``span`` seconds past now is refused. A row whose
    ``recovered_at`` has passed means a full allowance, so it can be deleted.
    The table is UNLOGGED (migration 0001): counters need no crash safety, and
    skipping the write-ahead log makes each check cheaper.
    """

    key = models.CharField(max_length=200, primary_key=True)
    recovered_at = models.FloatField(help_text="Seconds since the epoch.")
    step = models.FloatField()
    span = models.FloatField()

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return self.key


class LoginLockout(models.Model):
    """Failed logins to one account, and until when it is refused."""

    # "u<pk>" for an existing account, else a keyed hash of the name tried.
    account = models.CharField(max_length=80, primary_key=True)
    failures = models.PositiveIntegerField(default=0)
    last_failure = models.DateTimeField()
    locked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("login lockout")
        verbose_name_plural = _("login lockouts")

    def __str__(self) -> str:
        return self.account
