"""People who use Birge: residents, experts, architects, NGO mappers, staff."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


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
