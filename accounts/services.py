"""Writes on accounts: a person's profile and e-mail, and granting and revoking roles."""

from __future__ import annotations

from typing import Any

from allauth.account.internal.flows.email_verification import (
    send_verification_email_to_address,
)
from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from audit import services as audit
from mapping.refusals import ActionRefused

from . import selectors
from .models import RoleGrant, User
from .places import town_of
from .roles import Role


def profile_update(
    *, user: User, first_name: str, last_name: str, preferred_language: str
) -> User:
    """Change the name others see and the language of pages and e-mails."""
    if preferred_language and preferred_language not in dict(settings.LANGUAGES):
        raise ActionRefused(
            "unknown_language",
            _("Choose one of the languages offered."),
            status=400,
            field="preferred_language",
        )
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    user.preferred_language = preferred_language
    user.full_clean(exclude=["password"])
    user.save(update_fields=["first_name", "last_name", "preferred_language"])
    return user


def email_change_request(
    *, request: HttpRequest, user: User, email: str
) -> EmailAddress:
    """Ask to change ``user``'s e-mail to ``email``: the new address gets a link,
    and replaces the current one when it is confirmed (allauth's
    ``ACCOUNT_CHANGE_EMAIL``).

    allauth takes "the address being changed to" for the person's newest
    unconfirmed one and deletes it first. Confirming is optional at sign-up, so
    that is often the current address itself: the account was left with none
    (no sign-in by e-mail, no password reset) until the new one answered, and
    for good if it had a typo. Here only an earlier pending change is replaced;
    the current (primary) address stays until the new one is confirmed.
    """
    with transaction.atomic():
        # One change at a time per person: two at once would both keep theirs.
        User.objects.select_for_update().get(pk=user.pk)
        for address in selectors.pending_email_addresses(user):
            address.remove()
        address = EmailAddress.objects.create(user=user, email=email.lower())
    send_verification_email_to_address(request, address)
    return address


def _place(
    role: str, town: Any, campaign: Any, session: Any
) -> tuple[Any, dict[str, Any]]:
    """The object a grant is for (to check the actor on) and the grant's fields.

    A grant for a campaign or session names no town of its own: its place is
    the campaign's or session's town, and keeping one spelling of it makes
    the database's "one grant once" constraint catch repeats.
    """
    if role not in Role.values or role == Role.RESIDENT:
        raise ActionRefused(
            "unknown_role",
            _("“%(role)s” is not a role that can be granted.") % {"role": role},
            status=400,
            field="role",
        )
    if campaign is not None and session is not None:
        raise ActionRefused(
            "two_scopes",
            _("A role is for a campaign or for a design session, not both."),
            status=400,
        )
    scoped = campaign if campaign is not None else session
    if scoped is not None:
        if town is not None and town.pk != town_of(scoped).pk:
            raise ActionRefused(
                "other_town",
                _("That campaign or session is in another town."),
                status=400,
                field="town",
            )
        return scoped, {"town": None, "campaign": campaign, "session": session}
    return town, {"town": town, "campaign": None, "session": None}


def _require_manager(actor: User | None, place: Any) -> None:
    # No actor is Birge itself (a demo load, a command run on the server); every
    # request passes the person signed in, or an anonymous user, never None.
    if actor is not None and not actor.has_perm("accounts.manage_roles", place):
        raise ActionRefused(
            "not_admin",
            _("Only an administrator of this town can grant or revoke roles here."),
            status=403,
        )


def _audit_data(role: str, place: Any, fields: dict[str, Any]) -> dict[str, Any]:
    """The scope as the audit log keeps it: the town by slug, the rest by id."""
    town = town_of(place)
    return {
        "role": role,
        "town": town.slug if town is not None else None,
        "campaign": getattr(fields["campaign"], "pk", None),
        "session": getattr(fields["session"], "pk", None),
    }


def role_change_check(
    *,
    actor: User | None,
    role: str,
    town: Any = None,
    campaign: Any = None,
    session: Any = None,
) -> None:
    """Refuse (ActionRefused) unless `actor` may grant or revoke `role` there."""
    place, _fields = _place(role, town, campaign, session)
    _require_manager(actor, place)


@transaction.atomic
def role_grant(
    *,
    actor: User | None,
    user: User,
    role: str,
    town: Any = None,
    campaign: Any = None,
    session: Any = None,
) -> RoleGrant:
    """Give `user` a role in a town (none: every town), campaign or session.

    Granting a role the person already holds there changes nothing and writes no
    audit entry; the existing grant is returned.
    """
    place, fields = _place(role, town, campaign, session)
    _require_manager(actor, place)
    existing = RoleGrant.objects.filter(user=user, role=role, **fields).first()
    if existing is not None:
        return existing
    grant = RoleGrant(user=user, role=role, granted_by=actor, **fields)
    grant.full_clean()
    try:
        with transaction.atomic():
            grant.save()
    except IntegrityError:
        # The same grant was made at the same moment by another request.
        return RoleGrant.objects.get(user=user, role=role, **fields)
    audit.record(
        action="role.grant",
        actor=actor,
        target=user,
        data={"grant": grant.pk, **_audit_data(role, place, fields)},
    )
    return grant


@transaction.atomic
def role_revoke(
    *,
    actor: User | None,
    user: User,
    role: str,
    town: Any = None,
    campaign: Any = None,
    session: Any = None,
) -> bool:
    """Take a role back; whether there was such a grant to take back."""
    place, fields = _place(role, town, campaign, session)
    _require_manager(actor, place)
    grant = (
        RoleGrant.objects.select_for_update()
        .filter(user=user, role=role, **fields)
        .first()
    )
    if grant is None:
        return False
    grant_id = grant.pk
    grant.delete()
    audit.record(
        action="role.revoke",
        actor=actor,
        target=user,
        data={"grant": grant_id, **_audit_data(role, place, fields)},
    )
    return True
