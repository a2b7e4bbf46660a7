"""Residents' flags, moderators' decisions, the ban list, and what hiding adds to a row.

Hiding never changes or deletes what the author wrote: a moderated row only
gains ``is_hidden`` and the moderator's reason (``Moderated``), and every
decision is kept as a ``Decision`` beside the audit log's entry.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Moderated(models.Model):
    """What a moderator's decision adds to a piece of public content.

    ``db_default`` as well as ``default``: imports, ``synth`` and tests insert
    rows in raw SQL, and those rows are visible unless a moderator says otherwise.
    """

    is_hidden = models.BooleanField(
        _("hidden by a moderator"), default=False, db_default=False
    )
    hidden_reason = models.TextField(
        _("moderator's reason"), blank=True, default="", db_default=""
    )
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)

    class Meta:
        abstract = True


class AboutContent(models.Model):
    """What flags and decisions share: the piece of content, and its town."""

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+"
    )
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    # The town whose moderators handle it, kept so the queue needs no join per kind.
    town = models.ForeignKey(
        "mapping.Town",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("town"),
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.describe()} ({self.content_type.model} {self.object_id})"

    def describe(self) -> str:
        raise NotImplementedError


class FlagReason(models.TextChoices):
    SPAM = "spam", _("Spam or advertising")
    OFFENSIVE = "offensive", _("Offensive or abusive")
    PERSONAL_DATA = "personal_data", _("Someone's personal data")
    OFF_TOPIC = "off_topic", _("Off-topic")
    OTHER = "other", _("Something else")


class FlagOutcome(models.TextChoices):
    OPEN = "", _("waiting for a moderator")
    HIDDEN = "hidden", _("the content was hidden")
    DISMISSED = "dismissed", _("dismissed")


class Flag(AboutContent):
    """A resident's report that a piece of public content breaks the rules."""

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="flags",
        verbose_name=_("reported by"),
    )
    reason = models.CharField(_("reason"), max_length=16, choices=FlagReason)
    text = models.TextField(_("what is wrong"), max_length=1000, blank=True)
    created = models.DateTimeField(_("reported"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=12, choices=FlagOutcome, blank=True, default=""
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("flag")
        verbose_name_plural = _("flags")
        indexes = [models.Index(fields=["content_type", "object_id"])]
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "reporter"],
                condition=Q(closed_at__isnull=True),
                name="moderation_flag_open_once",
                violation_error_message=_("You have already reported this."),
            ),
            models.CheckConstraint(
                condition=Q(reason__in=FlagReason.values),
                name="moderation_flag_reason_known",
            ),
            models.CheckConstraint(
                condition=~Q(reason=FlagReason.OTHER) | ~Q(text=""),
                name="moderation_flag_other_explained",
                violation_error_message=_("Please say what is wrong."),
            ),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True, outcome="")
                | (Q(closed_at__isnull=False) & ~Q(outcome="")),
                name="moderation_flag_closed_with_outcome",
            ),
        ]

    def describe(self) -> str:
        return str(self.get_reason_display())


class DecisionAction(models.TextChoices):
    HIDE = "hide", _("hidden")
    RESTORE = "restore", _("restored")
    DISMISS = "dismiss", _("flags dismissed")


class Decision(AboutContent):
    """One moderator's decision about one piece of content, kept for good."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("moderator"),
    )
    action = models.CharField(_("decision"), max_length=8, choices=DecisionAction)
    reason = models.TextField(_("reason"), blank=True)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("moderation decision")
        verbose_name_plural = _("moderation decisions")
        indexes = [models.Index(fields=["content_type", "object_id", "-at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=DecisionAction.values),
                name="moderation_decision_action_known",
            ),
            models.CheckConstraint(
                condition=Q(action=DecisionAction.DISMISS) | ~Q(reason=""),
                name="moderation_decision_has_reason",
                violation_error_message=_("Hiding or restoring needs a reason."),
            ),
        ]

    def describe(self) -> str:
        return str(self.get_action_display())


class Ban(models.Model):
    """A person who may not write on Birge, until a date or for good."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="bans",
        verbose_name=_("person"),
    )
    reason = models.TextField(_("reason"))
    until = models.DateTimeField(
        _("until"), null=True, blank=True, help_text=_("Empty means for good.")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("banned by"),
    )
    created = models.DateTimeField(_("banned"), auto_now_add=True)
    lifted_at = models.DateTimeField(_("lifted"), null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("lifted by"),
    )

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("ban")
        verbose_name_plural = _("bans")
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(lifted_at__isnull=True),
                name="moderation_ban_one_standing",
            ),
            models.CheckConstraint(
                condition=~Q(reason=""), name="moderation_ban_has_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.until or _('for good')})"
