"""manage.py synth: seeded synthetic proposals and concerns for benchmarks.

manage.py synth --points 1000000 --polygons 100000 --concerns 100000
manage.py synth --clear
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from synthetic.generate import SynthError, clear, fill


class Command(BaseCommand):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Set here, not on the class: gettext needs the apps loaded.
        self.help = _(
            "Fill the towns with seeded synthetic proposals and concerns for "
            "benchmarks and load tests, replacing the synthetic rows there were."
        )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--points", type=int, default=0, help=_("Proposals placed at a point.")
        )
        parser.add_argument(
            "--polygons",
            type=int,
            default=0,
            help=_("Proposals over a small area (a yard, a square, a playground)."),
        )
        parser.add_argument(
            "--concerns", type=int, default=0, help=_("Residents' concerns.")
        )
        parser.add_argument(
            "--seed",
            type=int,
            default=1,
            help=_("The same seed, counts and towns give the same rows."),
        )
        parser.add_argument(
            "--towns",
            default="",
            help=_("Only these towns, by slug, separated by commas (default: all)."),
        )
        parser.add_argument(
            "--clear",
            action="store_true",
            help=_(
                "Only delete the synthetic rows (of --towns, if given); with "
                "counts, fill again afterwards."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        towns = [s.strip() for s in options["towns"].split(",") if s.strip()] or None
        counts = {kind: options[kind] for kind in ("points", "polygons", "concerns")}
        try:
            if options["clear"] and not any(counts.values()):
                clear(towns=towns, stdout=self.stdout)
            elif any(counts.values()):
                fill(**counts, seed=options["seed"], towns=towns, stdout=self.stdout)
            else:
                raise CommandError(
                    _("Give --points, --polygons or --concerns, or --clear.")
                )
        except SynthError as error:
            raise CommandError(str(error)) from error
