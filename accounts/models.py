"""People who use Birge: residents, experts, architects, NGO mappers, staff."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import Role


class User(AbstractUser):
    """A Birge account; custom from day one so later fields need no table swap."""

    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text=_("The language of pages and e-mails for this person."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")


class RoleGrant(models.Model):
    """One role for one person: everywhere, in a town, or for a campaign or session."""

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_grants",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role)
    town = models.ForeignKey(
        "mapping.Town",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("town"),
        help_text=_("Empty means every town."),
    )
    campaign = models.ForeignKey(
        "codesign.Campaign",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("campaign"),
    )
    session = models.ForeignKey(
        "codesign.DesignSession",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("design session"),
    )
    granted_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted"), auto_now_add=True)

    class Meta:
        verbose_name = _("role")
        verbose_name_plural = _("roles")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "role", "town", "campaign", "session"],
                nulls_distinct=False,
                name="accounts_role_grant_once",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values) & ~Q(role=Role.RESIDENT),
                name="accounts_role_known",
            ),
            models.CheckConstraint(
                condition=Q(campaign__isnull=True) | Q(session__isnull=True),
                name="accounts_role_one_scope",
            ),
        ]

    def __str__(self) -> str:
        where = self.campaign or self.session or self.town or _("every town")
        return f"{self.user} · {self.get_role_display()} · {where}"
