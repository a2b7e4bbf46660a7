from django.core.management.base import BaseCommand

from mapping.demo import load_demo


class Command(BaseCommand):
    help = (
        "Add the demo towns, districts and sites that are missing (never overwrites)."
    )

    def handle(self, *args, **options) -> None:
        report = load_demo()
        self.stdout.write(
            f"Demo data: added {report.towns} towns, {report.districts} districts, "
            f"{report.sites} sites (existing rows left as they were)."
        )
