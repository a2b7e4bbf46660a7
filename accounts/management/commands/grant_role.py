"""manage.py grant_role PERSON ROLE [--by ADMIN] [--town T [--campaign C | --session SITE/S]] [--revoke]

Grants (or with --revoke takes back) a role through the same service as the
admin, so the audit log records it. --by names the administrator doing it (the
service checks they may); without it the log records the server's shell.
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser

from accounts import services
from accounts.models import User
from accounts.roles import Role
from mapping.models import Town
from mapping.refusals import ActionRefused


def _person(name: str) -> User:
    user = User.objects.filter(username=name).first() or (
        User.objects.filter(email__iexact=name).first() if "@" in name else None
    )
    if user is None:
        raise CommandError(f"There is no account {name!r}.")
    return user


class Command(BaseCommand):
    help = "Grant or revoke a role in a town, a campaign or a design session."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person", help="username or e-mail")
        parser.add_argument(
            "role", choices=[r for r in Role.values if r != Role.RESIDENT]
        )
        parser.add_argument("--by", help="the administrator's username or e-mail")
        parser.add_argument("--town", help="town slug (none: every town)")
        parser.add_argument("--campaign", help="campaign slug, in --town")
        parser.add_argument("--session", help="SITE/SESSION slugs, in --town")
        parser.add_argument("--revoke", action="store_true", help="take the role back")

    def handle(self, *args: Any, **options: Any) -> None:
        scope = self._scope(options)
        action = services.role_revoke if options["revoke"] else services.role_grant
        try:
            result = action(
                actor=_person(options["by"]) if options["by"] else None,
                user=_person(options["person"]),
                role=options["role"],
                **scope,
            )
        except ActionRefused as refusal:
            raise CommandError(str(refusal)) from None
        if options["revoke"]:
            self.stdout.write("revoked" if result else "there was no such grant")
        else:
            self.stdout.write(f"granted: {result}")

    def _scope(self, options: dict[str, Any]) -> dict[str, Any]:
        if not options["town"]:
            if options["campaign"] or options["session"]:
                raise CommandError("--campaign and --session need --town.")
            return {}
        town = Town.objects.filter(slug=options["town"]).first()
        if town is None:
            raise CommandError(f"There is no town {options['town']!r}.")
        if options["campaign"]:
            campaign = (
                apps.get_model("codesign", "Campaign")
                .objects.filter(town=town, slug=options["campaign"])
                .first()
            )
            if campaign is None:
                raise CommandError(f"There is no campaign {options['campaign']!r}.")
            return {"campaign": campaign}
        if options["session"]:
            site, _slash, slug = options["session"].partition("/")
            session = (
                apps.get_model("codesign", "DesignSession")
                .objects.filter(site__town=town, site__slug=site, slug=slug)
                .first()
            )
            if session is None:
                raise CommandError(
                    f"There is no design session {options['session']!r}."
                )
            return {"session": session}
        return {"town": town}
