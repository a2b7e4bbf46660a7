"""Hidden content leaves the comparison page and every file the public downloads."""

# Fixtures of the codesign and community-map tests are imported and used by name.
# ruff: noqa: F811

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from codesign import services as codesign
from codesign.allocation import parse
from codesign.analysis import session_analysis
from codesign.models import Phase, SessionAnalysis
from codesign.phases import move_to
from moderation import services
from tests.codesign.conftest import IINS, on_ballot, park, session  # noqa: F401
from tests.codesign.sketching import drawn
from tests.community_map.conftest import mapper, ngo, record, staff, town  # noqa: F401
from tests.moderation.conftest import hide, signed_in

pytestmark = pytest.mark.django_db

WEST = "POLYGON((0 0, 100 0, 100 200, 0 200, 0 0))"
EAST = "POLYGON((110 0, 200 0, 200 200, 110 200, 110 0))"


# --- Concepts: the comparison page, its stored analysis, the session's files --------


def submit(session, person, title, kind, wkt):
    concept = codesign.concept_create(session=session, author=person, title=title)
    codesign.concept_save(
        concept=concept, author=person, elements=[drawn(session.site.town, kind, wkt)]
    )
    codesign.concept_submit(concept=concept, author=person)
    return concept


@pytest.fixture
def concepts(session, author, reader):
    """A green park in the west, and sport in the east that a moderator will hide."""
    green = submit(session, author, "Green west", "green", WEST)
    sport = submit(session, reader, "Loud sport east", "sport", EAST)
    return green, sport


def url(name, session, **kwargs):
    keys = {"town": "aksu", "site": "neglected-park", "session": session.slug}
    return reverse(f"codesign:{name}", kwargs={**keys, **kwargs})


def restore(moderator, target):
    services.content_restore(
        moderator=moderator, target=target, reason="The number was removed."
    )


def test_a_hidden_concept_leaves_the_comparison_page_and_the_report(
    client, session, concepts, moderator
):
    green, sport = concepts
    assert f'data-concept="{sport.pk}"' in client.get(url("compare", session)).text
    grid = json.loads(client.get(url("agreement", session)).content)
    assert any("share_sport" in f["properties"] for f in grid["features"])

    hide(moderator, sport, "A private phone number is written on it.")

    for page in ("compare", "report"):
        html = client.get(url(page, session)).content.decode()
        assert "Loud sport east" not in html
        assert f'data-concept="{sport.pk}"' not in html
        assert "Green west" in html
    # Asking for the hidden one by id falls back to what may be shown.
    response = client.get(url("compare", session), {"a": green.pk, "b": sport.pk})
    assert response.status_code == 200
    assert "Loud sport east" not in response.content.decode()
    grid = json.loads(client.get(url("agreement", session)).content)
    assert all("share_sport" not in f["properties"] for f in grid["features"])


def test_hiding_and_restoring_a_concept_recomputes_the_stored_analysis(
    session, concepts, moderator
):
    green, sport = concepts
    before = session_analysis(session)
    assert [c["id"] for c in before.result["concepts"]] == [green.pk, sport.pk]

    hide(moderator, sport, "A private phone number is written on it.")
    hidden = session_analysis(session)
    assert [c["id"] for c in hidden.result["concepts"]] == [green.pk]
    assert hidden.fingerprint != before.fingerprint
    assert SessionAnalysis.objects.get(session=session).fingerprint == (
        hidden.fingerprint
    )

    restore(moderator, sport)
    back = session_analysis(session)
    assert [c["id"] for c in back.result["concepts"]] == [green.pk, sport.pk]
    assert back.fingerprint == before.fingerprint
    assert back.result["similarity"] == before.result["similarity"]


def test_the_session_files_leave_a_hidden_concept_out(
    client, session, concepts, moderator, author, reader
):
    green, sport = concepts
    hide(moderator, sport, "A private phone number is written on it.")

    features = json.loads(
        client.get(url("session-export", session, fmt="geojson")).content
    )["features"]
    assert {f["properties"]["concept"] for f in features} == {green.pk}
    assert (
        b"Loud sport east"
        not in client.get(url("session-export", session, fmt="gpkg")).content
    )
    one = url("session-export", session, fmt="geojson")
    assert client.get(one, {"concept": sport.pk}).status_code == 404
    # Its author too: the files are the public's (the concept's own page is theirs).
    assert signed_in(client, reader).get(one, {"concept": sport.pk}).status_code == 404
    assert client.get(one, {"concept": green.pk}).status_code == 200

    restore(moderator, sport)
    client.logout()
    features = json.loads(client.get(one).content)["features"]
    assert {f["properties"]["concept"] for f in features} == {green.pk, sport.pk}


# --- Pabulib: the votes stay, the name and the place do not -------------------------


@pytest.fixture
def counted(aksu, author, reader, moderator, django_user_model):
    expert = django_user_model.objects.create_user(username="expert", password="x")
    campaign, proposals = on_ballot(aksu, author, expert)
    first, second, _third = proposals
    codesign.voter_verify_iin(campaign=campaign, user=author, iin=IINS[0])
    codesign.ballot_submit(
        campaign=campaign, user=author, choices={first.pk: 1, second.pk: 1}
    )
    codesign.voter_verify_iin(campaign=campaign, user=reader, iin=IINS[1])
    codesign.ballot_submit(campaign=campaign, user=reader, choices={first.pk: 1})
    hide(moderator, first, "Offensive words in the description.")
    campaign = move_to(campaign, Phase.COUNTING)
    codesign.results_publish(campaign=campaign)
    return campaign, proposals


def test_the_pabulib_file_counts_a_hidden_project_without_naming_or_placing_it(
    client, counted
):
    campaign, (first, second, _third) = counted
    keys = {"town": "aksu", "slug": campaign.slug}
    text = client.get(reverse("codesign:pabulib", kwargs=keys)).content.decode()

    assert first.title not in text
    rows = {row["project_id"]: row for row in parse(text).projects}
    hidden = rows[first.external_id or str(first.number)]
    assert hidden["name"] == "Hidden by a moderator"
    assert hidden["votes"] == "2"  # both ballots still count it
    assert not hidden.get("latitude") and not hidden.get("longitude")
    shown = rows[second.external_id or str(second.number)]
    assert shown["name"] == second.title and shown["latitude"]
    assert len(parse(text).votes) == 2


# --- Concerns: a hidden community is not named on a public row ----------------------


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_concern_exports_do_not_name_a_hidden_community_to_the_public(
    client,
    record,
    ngo,
    mapper,
    staff,
):
    concern = record()
    export = reverse("community_map:concerns-export", args=["oskemen", "csv"])
    assert csv_rows(client.get(export))[0]["community_name"] == "Community bereke"

    hide(staff, ngo, "The community's name insults a neighbour.")

    public = client.get(export)
    assert b"bereke" not in public.content.lower()
    (row,) = csv_rows(public)
    assert int(row["concern_id"]) == concern.pk  # the concern itself stays
    assert row["community"] == "" and row["community_name"] == ""
    # Its mapper (an editor of the community) still reads it in the exact file.
    (mine,) = csv_rows(signed_in(client, mapper).get(export + "?exact=1"))
    assert mine["community"] == "bereke"
    assert mine["community_name"] == "Community bereke"
    # Without exact=1 the mapper gets the public file.
    (theirs,) = csv_rows(client.get(export))
    assert theirs["community_name"] == ""
