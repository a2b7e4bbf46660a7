"""Demo participatory budgeting for Aksu: five Tugan Qala rounds, one in each phase.

Every row is written through the services, as residents, the expert council and the
akimat would write it. To reach a later phase, a round is created in the proposals
phase and its dates are moved on (as time passing would) before each phase's actions.
Adds what is missing, keyed by (town, slug): a round that exists is left as it is,
so a second load adds nothing and keeps everyone's edits.

The texts, people, ideas and rounds are in fixtures/budgeting_demo.json; the modules
here only tell the story. Demo accounts that can sign in with DEMO_PASSWORD:
``resident`` (writes in Kazakh), ``expert`` (on the expert council of every round)
and ``akimat`` (the akimat's official in Aksu: paper ballots, building progress,
the official plan).
"""

from __future__ import annotations

import random
import sys
from typing import Any

from django.db import transaction

from codesign.models import Campaign
from codesign.phases import move_to
from mapping.models import Town

from .data import fixture
from .design import load_design
from .people import DEMO_PASSWORD, demo_iin, gather
from .rounds import labels, run

__all__ = ["DEMO_PASSWORD", "demo_iin", "labels", "load", "move_to"]


def load(stdout: Any = None) -> dict[str, int]:
    """Add the Aksu demo rounds (and their people) that are not there yet."""
    out = stdout if stdout is not None else sys.stdout
    data = fixture()
    town = Town.objects.filter(slug=data.town).first()
    if town is None:
        out.write("Budgeting demo: skipped, load the Aksu demo town first.\n")
        return {}
    with transaction.atomic():
        demo = gather(town, out)
        for round_, (slug, titles) in zip(data.rounds, labels(), strict=True):
            if not Campaign.objects.filter(town=town, slug=slug).exists():
                # Seeded by phase, not slug: the same story whatever day it loads.
                rng = random.Random(f"birge-demo-{round_.phase.value}")
                run(demo, round_, slug, titles, rng)
        load_design(demo)
    return dict(demo.counts)
