"""Counting a campaign: the rule, the cap, plain-word reasons, statuses, exports."""

from __future__ import annotations

import json

import pyogrio
import pytest
from django.urls import reverse

from codesign import services
from codesign.errors import ActionRefused
from codesign.explain import sentence
from codesign.models import Phase, ResultEntry

from .conftest import IINS, make_campaign, move_to, on_ballot

pytestmark = pytest.mark.django_db


def counted_campaign(aksu, author, expert, django_user_model, *, rule="greedy"):
    """Budget 15 M: projects of 8, 6, 4 and 3 M; votes 3, 2, 1, 1."""
    campaign, proposals = on_ballot(
        aksu,
        author,
        expert,
        costs=(8_000_000, 6_000_000, 4_000_000, 3_000_000),
        budget=15_000_000,
        cap=9_000_000,
        rule=rule,
        max_choices=4,
    )
    ballots = [[0, 1], [0, 1], [0, 2, 3]]
    for n, chosen in enumerate(ballots):
        user = django_user_model.objects.create_user(username=f"v{n}")
        services.voter_verify_iin(campaign=campaign, user=user, iin=IINS[n])
        services.ballot_submit(
            campaign=campaign, user=user, choices={proposals[i].pk: 1 for i in chosen}
        )
    return campaign, proposals


def test_results_wait_for_the_vote_to_close(aksu, resident, expert, django_user_model):
    campaign, _ = counted_campaign(
        aksu, resident, expert, django_user_model, rule="greedy"
    )
    with pytest.raises(ActionRefused) as refused:
        services.results_publish(campaign=campaign)
    assert refused.value.code == "voting_not_closed"


def test_greedy_funds_by_votes_within_the_budget_and_says_why(
    aksu, resident, expert, django_user_model
):
    campaign, proposals = counted_campaign(aksu, resident, expert, django_user_model)
    campaign = move_to(campaign, Phase.COUNTING)
    funded = services.results_publish(campaign=campaign)
    # 8 M (3 votes), then 6 M (2 votes): 14 M spent; 4 M no longer fits; 3 M... neither.
    assert funded == 2
    entries = {e.proposal_id: e for e in ResultEntry.objects.all()}
    assert [entries[p.pk].funded for p in proposals] == [True, True, False, False]
    assert sentence(entries[proposals[0].pk], campaign).startswith("Funded")
    not_funded = sentence(entries[proposals[2].pk], campaign)
    assert "Not funded: only 1,000,000 ₸ was left" in not_funded
    statuses = [p.status for p in campaign.proposals.order_by("number")]
    assert statuses == ["selected", "selected", "not_selected", "not_selected"]
    # Counting again changes nothing.
    assert services.results_publish(campaign=campaign) == 2
    assert ResultEntry.objects.count() == 4


def test_equal_shares_is_counted_when_the_campaign_says_so(
    aksu, resident, expert, django_user_model
):
    campaign, _proposals = counted_campaign(
        aksu, resident, expert, django_user_model, rule="equalshares/add1"
    )
    campaign = move_to(campaign, Phase.COUNTING)
    services.results_publish(campaign=campaign)
    spent = sum(e.proposal.cost for e in ResultEntry.objects.filter(funded=True))
    assert 0 < spent <= campaign.budget


def test_the_results_page_shows_table_sentences_and_downloads(
    client, aksu, resident, expert, django_user_model, tmp_path
):
    campaign, _proposals = counted_campaign(aksu, resident, expert, django_user_model)
    move_to(campaign, Phase.COUNTING)
    url = reverse("codesign:results", kwargs={"town": "aksu", "slug": campaign.slug})
    page = client.get(url).content.decode()
    assert "2 projects funded for 14,000,000 ₸; 1,000,000 ₸ left. 3 ballots" in page
    assert page.count('<tr class="funded"') == 2
    kwargs = {"town": "aksu", "slug": campaign.slug}
    geojson = client.get(reverse("codesign:winners-geojson", kwargs=kwargs)).json()
    assert len(geojson["features"]) == 2

    csv_body = client.get(
        reverse("codesign:export", kwargs={**kwargs, "what": "results", "fmt": "csv"})
    )
    text = csv_body.content.decode("utf-8-sig")
    assert csv_body["Content-Type"].startswith("text/csv")
    assert text.splitlines()[0].startswith("number,title,language,status")
    assert len(text.strip().splitlines()) == 5

    body = client.get(
        reverse(
            "codesign:export", kwargs={**kwargs, "what": "results", "fmt": "geojson"}
        )
    )
    features = json.loads(body.content)["features"]
    assert sum(f["properties"]["funded"] for f in features) == 2

    gpkg = client.get(
        reverse(
            "codesign:export", kwargs={**kwargs, "what": "proposals", "fmt": "gpkg"}
        )
    )
    assert gpkg.content[:16] == b"SQLite format 3\x00"
    path = tmp_path / "proposals.gpkg"
    path.write_bytes(gpkg.content)
    layers = [name for name, _kind in pyogrio.list_layers(path)]
    assert layers == ["proposal_areas"]
    meta = pyogrio.read_info(path, layer="proposal_areas")
    assert meta["features"] == 4
    assert meta["crs"] == "EPSG:4326"

    pb = client.get(reverse("codesign:pabulib", kwargs=kwargs)).content.decode()
    assert "vote_type;approval" in pb and "num_votes;3" in pb


def test_unknown_export_formats_are_not_found(client, aksu):
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    url = reverse(
        "codesign:export",
        kwargs={
            "town": "aksu",
            "slug": campaign.slug,
            "what": "proposals",
            "fmt": "exe",
        },
    )
    assert client.get(url).status_code == 404


def test_advance_campaigns_opens_voting_and_counts(
    aksu, resident, expert, django_user_model
):
    from io import StringIO

    from django.core.management import call_command

    campaign, _proposals = counted_campaign(aksu, resident, expert, django_user_model)
    move_to(campaign, Phase.COUNTING)
    out = StringIO()
    call_command("advance_campaigns", stdout=out)
    assert f"{campaign.slug}: counted, 2 funded" in out.getvalue()
    call_command("advance_campaigns", stdout=out)
    assert ResultEntry.objects.count() == 4


def test_the_campaign_admin_issues_printable_voting_codes(admin_client, aksu):
    # Anonymous codes are for a vote without IINs (see test_voting_codes.py).
    campaign = make_campaign(aksu, Phase.VOTING, accepts_iin=False)
    response = admin_client.post(
        reverse("admin:codesign_campaign_changelist"),
        {"action": "issue_voting_codes", "_selected_action": [campaign.pk]},
    )
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "campaign,code"
    assert len(lines) == 101
    assert campaign.voting_codes.count() == 100
    code = lines[1].split(",")[1]
    assert len(code) == 11 and code[5] == "-"
