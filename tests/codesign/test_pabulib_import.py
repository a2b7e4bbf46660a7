"""import_pabulib / export_pabulib on the real elections shipped with the tests."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from codesign import allocation
from codesign.models import Ballot, BallotChoice, Campaign, Proposal, ResultEntry
from codesign.pabulib_io import export_campaign
from tests.factories import TownFactory

DATA = Path(__file__).parent / "data" / "pabulib"
WIELICZKA = DATA / "Poland_Wieliczka_2023_Green_Budget.pb"
ALL_FILES = sorted(DATA.glob("*.pb"))

pytestmark = pytest.mark.django_db


@pytest.fixture
def wieliczka_town(db):
    """Wieliczka gmina, roughly, so the file's coordinates land on the map."""
    return TownFactory(
        slug="wieliczka",
        boundary={
            "type": "Polygon",
            "coordinates": [
                [
                    [19.90, 49.90],
                    [20.25, 49.90],
                    [20.25, 50.10],
                    [19.90, 50.10],
                    [19.90, 49.90],
                ]
            ],
        },
        centre={"type": "Point", "coordinates": [20.06, 49.99]},
        utm_srid=32634,
        names={"kk": "Величка", "ru": "Величка", "en": "Wieliczka"},
    )


def run(*args) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_wieliczka_reproduces_its_official_outcome_and_lands_on_the_map(wieliczka_town):
    output = run("import_pabulib", str(WIELICZKA), "--town", "wieliczka")
    assert "matches the file's `selected` column" in output
    campaign = Campaign.objects.get()
    data = allocation.parse(WIELICZKA.read_text(encoding="utf-8"))
    official = {row["project_id"] for row in data.projects if row["selected"] == "1"}
    funded = set(
        ResultEntry.objects.filter(funded=True).values_list(
            "proposal__external_id", flat=True
        )
    )
    assert funded == official
    assert Ballot.objects.count() == int(data.meta["num_votes"])
    with_place = [row for row in data.projects if row.get("latitude")]
    assert Proposal.objects.filter(geometry__isnull=False).count() == len(with_place)
    assert campaign.currency == "PLN"


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_every_shipped_file_imports_and_counts_as_the_reference_rule(path, aksu):
    data = allocation.parse(path.read_text(encoding="utf-8"))
    run("import_pabulib", str(path), "--town", "aksu")
    campaign = Campaign.objects.get()
    expected = allocation.apply_rule(
        allocation.to_election(data),
        data.meta["rule"] if data.meta["rule"] in allocation.RULE_NAMES else "greedy",
        threshold=int(float(data.meta.get("min_project_score_threshold") or 0)),
    )
    funded = set(
        ResultEntry.objects.filter(campaign=campaign, funded=True).values_list(
            "proposal__external_id", flat=True
        )
    )
    assert funded == set(expected.selected)
    choices = sum(len(b) for b in allocation.to_election(data).ballots)
    assert BallotChoice.objects.count() == choices


@pytest.mark.parametrize("path", ALL_FILES, ids=lambda p: p.stem)
def test_an_exported_campaign_reads_back_to_the_same_election(path, aksu):
    run("import_pabulib", str(path), "--town", "aksu")
    original = allocation.to_election(
        allocation.parse(path.read_text(encoding="utf-8"))
    )
    exported = allocation.to_election(
        allocation.parse(export_campaign(Campaign.objects.get()))
    )
    assert exported.budget == original.budget
    assert sorted(p.cost for p in exported.projects) == sorted(
        p.cost for p in original.projects
    )
    assert sorted(sorted(b.values()) for b in exported.ballots) == sorted(
        sorted(b.values()) for b in original.ballots
    )
    assert len(exported.ballots) == len(original.ballots)


def test_a_malformed_file_names_its_line_and_imports_nothing(aksu, tmp_path):
    text = WIELICZKA.read_text(encoding="utf-8").splitlines()
    vote_line = (
        next(i for i, line in enumerate(text) if line.startswith("voter_id")) + 2
    )
    text[vote_line - 1] = text[vote_line - 1].split(";")[0] + ";999999"
    broken = tmp_path / "broken.pb"
    broken.write_text("\n".join(text), encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("import_pabulib", str(broken), "--town", "aksu")
    assert f"broken.pb:{vote_line}:" in str(error.value)
    assert not Campaign.objects.exists()
    assert not Proposal.objects.exists()
    assert not Ballot.objects.exists()


def test_importing_into_an_unknown_town_or_twice_is_refused(aksu):
    with pytest.raises(CommandError, match="no town"):
        run("import_pabulib", str(WIELICZKA), "--town", "atlantis")
    path = DATA / "France_Toulouse_2022_17_Mirail.pb"
    run("import_pabulib", str(path), "--town", "aksu")
    with pytest.raises(CommandError):
        run("import_pabulib", str(path), "--town", "aksu")
    assert Campaign.objects.count() == 1
