"""Flag, hide, restore a proposal: what the public, its author and moderators see."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import connection
from django.urls import reverse

from audit.models import AuditEntry
from codesign.models import Proposal, ProposalVersion
from moderation import services
from moderation.models import Decision, Flag
from tests.moderation.conftest import ADDRESS, hide, post, signed_in
from tests.tiles.conftest import decode, many, tile_of

pytestmark = pytest.mark.django_db

REASON = "An advertisement for a furniture shop, not a proposal."


def item_url(kind: str, pk: int) -> str:
    return reverse("moderation:item", kwargs={"kind": kind, "pk": pk})


def campaign_urls(proposal) -> dict[str, str]:
    keys = {"town": proposal.campaign.town.slug, "slug": proposal.campaign.slug}
    return {
        "page": reverse("codesign:campaign", kwargs=keys),
        "geojson": reverse("codesign:proposals-geojson", kwargs=keys),
        "csv": reverse(
            "codesign:export", kwargs={**keys, "what": "proposals", "fmt": "csv"}
        ),
        "activity": reverse("codesign:activity", kwargs=keys),
        "list": reverse("codesign:campaigns", kwargs={"town": keys["town"]}),
    }


def tile_ids(client, lon: float, lat: float) -> set[int]:
    z, x, y = tile_of(lon, lat, 15)
    response = client.get(f"/tiles/proposals/{z}/{x}/{y}.mvt")
    return {f["id"] for f in decode(response.content, "proposals")}


def counted(client, lon: float, lat: float, z: int = 10) -> int:
    z, x, y = tile_of(lon, lat, z)
    response = client.get(f"/tiles/proposals/{z}/{x}/{y}.mvt")
    return sum(f["properties"]["count"] for f in decode(response.content, "proposals"))


def ogc_ids(client) -> set[int]:
    body = client.get("/ogc/collections/proposals/items?limit=1000").json()
    return {feature["id"] for feature in body["features"]}


def public_sees(client, proposal) -> dict[str, bool]:
    """Where an anonymous visitor finds the proposal."""
    urls = campaign_urls(proposal)
    geojson = client.get(urls["geojson"]).json()
    return {
        "page": client.get(proposal.get_absolute_url()).status_code == 200,
        "list": proposal.title in client.get(urls["page"]).content.decode(),
        "geojson": proposal.pk in {f["id"] for f in geojson["features"]},
        "export": proposal.title in client.get(urls["csv"]).content.decode(),
        "activity": proposal.title in client.get(urls["activity"]).content.decode(),
        "tiles": proposal.pk in tile_ids(client, 76.931, 52.041),
        "ogc": proposal.pk in ogc_ids(client),
        "ogc_item": client.get(
            f"/ogc/collections/proposals/items/{proposal.pk}"
        ).status_code
        == 200,
    }


def test_flag_then_hide_takes_it_off_every_public_read(
    client, proposal, reader, moderator, author
):
    assert set(public_sees(client, proposal).values()) == {True}
    count_before = counted(client, 76.931, 52.041)
    signed_in(client, reader)
    post(
        client,
        reverse("moderation:report", args=["proposal", proposal.pk]),
        {"reason": "spam"},
    )
    client.logout()

    signed_in(client, moderator)
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert item_url("proposal", proposal.pk) in queue
    response = post(
        client, item_url("proposal", proposal.pk), {"action": "hide", "reason": REASON}
    )
    assert response.status_code == 302
    client.logout()

    assert set(public_sees(client, proposal).values()) == {False}
    assert counted(client, 76.931, 52.041) == count_before - 1
    assert client.get(proposal.get_absolute_url()).status_code == 404
    # Nor can it be reported again by someone who kept the link.
    signed_in(client, reader)
    again = post(
        client,
        reverse("moderation:report", args=["proposal", proposal.pk]),
        {"reason": "spam"},
    )
    assert again.status_code == 404


def test_the_author_sees_the_reason_and_nothing_they_wrote_changed(
    client, proposal, moderator, author, reader
):
    before = Proposal.objects.values().get(pk=proposal.pk)
    versions = ProposalVersion.objects.count()

    hide(moderator, proposal, REASON)

    after = Proposal.objects.values().get(pk=proposal.pk)
    changed = {k for k in before if before[k] != after[k]}
    assert changed == {"is_hidden", "hidden_reason", "hidden_at"}
    assert after["title"] == "Swings on Abai street"
    assert ProposalVersion.objects.count() == versions

    page = signed_in(client, author).get(proposal.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hidden by a moderator:" in text and REASON in text
    assert "Swings for the yard" in text
    # The moderators of the town see it too; another resident does not.
    assert (
        signed_in(client, moderator).get(proposal.get_absolute_url()).status_code == 200
    )
    assert signed_in(client, reader).get(proposal.get_absolute_url()).status_code == 404


def test_the_author_is_told_by_email_with_the_reason(
    proposal, moderator, author, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        hide(moderator, proposal, REASON)
    [message] = [m for m in mail.outbox if m.to == ["aigerim@example.kz"]]
    assert REASON in message.body
    assert proposal.get_absolute_url().split("/", 2)[2] in message.body


def test_restore_brings_it_back_everywhere(client, proposal, moderator):
    count_before = counted(client, 76.931, 52.041)
    hide(moderator, proposal, REASON)
    assert counted(client, 76.931, 52.041) == count_before - 1

    signed_in(client, moderator)
    response = post(
        client,
        item_url("proposal", proposal.pk),
        {"action": "restore", "reason": "The shop was a joke; it is a real proposal."},
    )
    assert response.status_code == 302
    client.logout()

    assert set(public_sees(client, proposal).values()) == {True}
    assert counted(client, 76.931, 52.041) == count_before
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Hidden by a moderator" not in page
    assert [d.action for d in Decision.objects.order_by("at")] == ["hide", "restore"]


def test_each_decision_is_a_row_and_an_audit_entry_with_the_address(
    client, proposal, reader, moderator
):
    services.flag_raise(reporter=reader, target=proposal, reason="spam")
    signed_in(client, moderator)
    url = item_url("proposal", proposal.pk)
    post(client, url, {"action": "dismiss", "reason": ""})
    post(client, url, {"action": "hide", "reason": REASON})
    post(client, url, {"action": "restore", "reason": "Checked again."})

    decisions = list(
        Decision.objects.order_by("at").values_list("action", "moderator__username")
    )
    assert decisions == [
        ("dismiss", "moderator"),
        ("hide", "moderator"),
        ("restore", "moderator"),
    ]
    entries = AuditEntry.objects.filter(action__startswith="moderation.").order_by(
        "at", "id"
    )
    assert [e.action for e in entries] == [
        "moderation.flag",
        "moderation.dismiss",
        "moderation.hide",
        "moderation.restore",
    ]
    for entry in entries[1:]:
        assert entry.actor_name == "moderator"
        assert entry.address == ADDRESS
        assert entry.target_id == str(proposal.pk)
    assert entries[2].data["reason"] == REASON
    assert Flag.objects.get().outcome == "dismissed"


def test_hiding_needs_a_reason(client, proposal, moderator):
    signed_in(client, moderator)
    response = post(
        client, item_url("proposal", proposal.pk), {"action": "hide", "reason": "  "}
    )
    assert response.status_code == 400
    assert "Please give a reason" in response.content.decode()
    assert not Proposal.objects.get(pk=proposal.pk).is_hidden


def test_a_moderator_of_another_town_cannot_hide(client, proposal, elsewhere):
    signed_in(client, elsewhere)
    assert client.get(item_url("proposal", proposal.pk)).status_code == 404
    response = post(
        client, item_url("proposal", proposal.pk), {"action": "hide", "reason": REASON}
    )
    assert response.status_code == 404
    with pytest.raises(services.ActionRefused) as refused:
        hide(elsewhere, proposal)
    assert refused.value.status == 404
    assert not Proposal.objects.get(pk=proposal.pk).is_hidden
    assert not Decision.objects.exists()
    # Their own queue shows nothing from Aksu.
    services.flag_raise(reporter=elsewhere, target=proposal, reason="spam")
    queue = client.get(reverse("moderation:queue")).content.decode()
    assert item_url("proposal", proposal.pk) not in queue


def test_a_moderator_of_every_town_can(proposal, chief):
    hide(chief, proposal)
    assert Proposal.objects.get(pk=proposal.pk).is_hidden


def test_people_who_moderate_nothing_get_404(client, proposal, reader, author):
    for url in (
        reverse("moderation:queue"),
        reverse("moderation:audit"),
        reverse("moderation:bans"),
        item_url("proposal", proposal.pk),
    ):
        assert client.get(url).status_code in (302, 404)  # visitors sign in first
        for person in (reader, author):
            assert signed_in(client, person).get(url).status_code == 404


def test_tile_cell_counts_stay_exact_when_many_are_hidden(client, proposal, moderator):
    """The cells the triggers keep equal a recount from the table (as 0006 builds)."""
    many(proposal, 120)
    Proposal.objects.filter(number__gt=1000, number__lte=1040).update(is_hidden=True)
    hide(moderator, proposal)

    def cells() -> list[tuple]:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT layer, level, cx, cy, n FROM mapping_tile_cell "
                "WHERE layer IN ('proposals', 'built') AND n <> 0 ORDER BY 1, 2, 3, 4"
            )
            return cursor.fetchall()

    kept = cells()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT mapping_tile_cells_rebuild('proposals', 'codesign_proposal'::regclass,"
            " 'ST_PointOnSurface(r.tile_geom)',"
            " '(r.status <> ''draft'') AND NOT r.is_hidden', 4, 18)"
        )
    assert cells() == kept
    visible = Proposal.objects.exclude(status="draft").filter(is_hidden=False).count()
    assert visible == 121 - 41
    z, x, y = tile_of(76.93, 52.04, 6)
    tile = client.get(f"/tiles/proposals/{z}/{x}/{y}.mvt")
    assert (
        sum(f["properties"]["count"] for f in decode(tile.content, "proposals"))
        == visible
    )
