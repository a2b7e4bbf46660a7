"""The demo's people: residents, the expert council and verified voters."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model

from accounts import services as accounts
from accounts.models import User
from accounts.roles import Role
from codesign.identity import iin_check_digit
from mapping.models import District, Town

from .data import Person, fixture

DEMO_PASSWORD = "birge-demo"


@dataclass
class Demo:
    """What one load works with: the town, its people, and what it added."""

    town: Town
    districts: dict[str, District]
    residents: list[User]
    council: list[tuple[User, str]]  # the person and whom they represent
    voters: list[tuple[User, str]]  # the account and its IIN
    counts: Counter
    out: Any  # a management command's stdout, or sys.stdout

    @property
    def expert(self) -> User:
        return self.council[0][0]

    @property
    def akimat(self) -> User:
        return self.council[1][0]


def gather(town: Town, out: Any) -> Demo:
    """The town's districts and every demo account, created where missing."""
    data = fixture()
    counts: Counter = Counter()
    return Demo(
        town=town,
        districts={d.slug: d for d in District.objects.filter(town=town)},
        residents=[_user(p, counts, town) for p in data.residents],
        council=[(_user(p, counts, town), p.affiliation) for p in data.council],
        voters=_voters(max(r.ballots for r in data.rounds), counts),
        counts=counts,
        out=out,
    )


def _user(person: Person, counts: Counter, town: Town) -> User:
    """The person's account, created if missing (an existing one is left alone).

    The fixture's "is_staff" marks the akimat's official: they get that role in
    the town (paper ballots, building progress, the official plan).
    """
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=person.username).first()
    if user is None:
        counts["users"] += 1
        user = _create(person)
    if person.is_staff:
        accounts.role_grant(actor=None, user=user, role=Role.AKIMAT, town=town)
    return user


def _create(person: Person) -> User:
    user_model = get_user_model()
    return user_model._default_manager.create_user(
        username=person.username,
        # None gives an unusable password: only the documented accounts sign in.
        password=DEMO_PASSWORD if person.can_sign_in else None,
        first_name=person.first_name,
        last_name=person.last_name,
        preferred_language=person.language,
    )


def _voters(how_many: int, counts: Counter) -> list[tuple[User, str]]:
    """Verified voters' accounts, each with a valid IIN of their own."""
    user_model = get_user_model()
    names = [f"voter-{n:03d}" for n in range(1, how_many + 1)]
    existing = {
        u.username: u for u in user_model._default_manager.filter(username__in=names)
    }
    voters = []
    for number, name in enumerate(names, start=1):
        user = existing.get(name)
        if user is None:
            user = user_model._default_manager.create_user(username=name, password=None)
            counts["users"] += 1
        voters.append((user, demo_iin(number)))
    return voters


def demo_iin(number: int) -> str:
    """A valid, made-up IIN: an adult's birth date, the number as serial, a check."""
    rng = random.Random(f"iin-{number}")
    while True:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(55 * 365))
        century = 3 if born.year < 2000 else 5
        first = f"{born:%y%m%d}{century + rng.randrange(2)}{number:04d}"
        check = iin_check_digit(first)
        if check is not None:  # about 1 in 11 numbers has no check digit: redraw
            return f"{first}{check}"
