from django.core.management.base import BaseCommand

from mapping.demo import load_demo


class Command(BaseCommand):
    help = (
        "Add the demo towns, districts and sites that are missing (never overwrites), "
        "then Aksu's participatory-budgeting demo and Ust-Kamenogorsk's communities."
    )

    def handle(self, *args, **options) -> None:
        report = load_demo()
        self.stdout.write(
            f"Demo data: added {report.towns} towns, {report.districts} districts, "
            f"{report.sites} sites (existing rows left as they were)."
        )
        # Imported here: mapping must not depend on codesign when it is imported.
        from codesign.demo import load as load_budgeting

        counts = load_budgeting(stdout=self.stdout)
        added = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        self.stdout.write(
            f"Budgeting demo: added {added or 'nothing'} "
            "(existing rows left as they were)."
        )

        from contest.demo import load as load_contest

        counts = load_contest(stdout=self.stdout)
        added = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        self.stdout.write(
            f"Drawing contest demo: added {added or 'nothing'} "
            "(existing rows left as they were)."
        )

        from community_map.demo import load as load_communities

        counts = load_communities(stdout=self.stdout)
        added = ", ".join(f"{n} {kind.replace('_', ' ')}" for kind, n in counts.items())
        self.stdout.write(
            f"Community map demo: added {added or 'nothing'} "
            "(existing rows left as they were)."
        )
