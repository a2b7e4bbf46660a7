"""Another person's draft or private data answers 404, never 403: no hint it exists.

Each kind is asked for by a visitor, a signed-in stranger, a staff account with
no role and a holder of the role in another town; the owner (or the right role)
sees it, so each 404 is about who asks, not a broken address.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from accounts.roles import Role
from codesign import services as codesign
from codesign.models import Phase
from community_map.models import CommunityMember, MemberRole
from community_map.services.concerns import concern_record
from tests.codesign.conftest import make_campaign, propose
from tests.community_map.conftest import community_in
from tests.community_map.test_import_support import csv_bytes, rows_of, uploaded
from tests.contest.conftest import make_contest, send
from tests.factories import accepted_in

from .conftest import holding, person, sign_in


@pytest.fixture
def outsiders(rudny):
    """Who must not learn of someone's draft or private data in Aksu."""
    return {
        "stranger": person("stranger"),
        "staff": person("staff", is_staff=True),
        "admin of Rudny": holding("rudny-admin", Role.ADMIN, town=rudny),
    }


def answers(client, url: str, people: dict, status: int) -> None:
    """Each person gets `status`; a visitor gets it too, or the sign-in page.

    Pages for signed-in people send every visitor to sign in, whether the
    object exists or not, which tells nothing either.
    """
    client.logout()
    response = client.get(url)
    assert response.status_code == status or (
        response.status_code == 302
        and response["Location"].startswith(reverse("accounts:login"))
    ), "visitor"
    for who, user in people.items():
        assert sign_in(client, user).get(url).status_code == status, who


@pytest.mark.django_db
def test_another_persons_draft_proposal(client, aksu, outsiders):
    author = person("author")
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    draft = propose(campaign, author, submit=False)
    kwargs = {"town": "aksu", "slug": campaign.slug, "number": draft.number}
    for name in ("codesign:proposal", "codesign:proposal-edit"):
        url = reverse(name, kwargs=kwargs)
        answers(client, url, outsiders, 404)
        assert sign_in(client, author).get(url).status_code == 200
    # Submitted, it is public; changing it is still its author's only.
    codesign.proposal_submit(proposal=draft, author=author)
    edit = reverse("codesign:proposal-edit", kwargs=kwargs)
    assert sign_in(client, outsiders["stranger"]).get(edit).status_code == 404


@pytest.mark.django_db
def test_another_persons_draft_concept(client, aksu, park_session, outsiders):
    author = person("author")
    draft = codesign.concept_create(session=park_session, author=author, title="Mine")
    base = {"town": "aksu", "site": "neglected-park", "session": "spring"}
    urls = [
        reverse(name, kwargs={**base, "pk": draft.pk})
        for name in (
            "codesign:concept",
            "codesign:concept-draw",
            "codesign:concept-geojson",
        )
    ]
    urls.append(
        reverse("codesign:session-export", kwargs={**base, "fmt": "geojson"})
        + f"?concept={draft.pk}"
    )
    for url in urls:
        answers(client, url, outsiders, 404)
    assert sign_in(client, author).get(urls[0]).status_code == 200


@pytest.fixture
def concern(aksu):
    ngo = community_in(aksu, "bereke")
    mapper = person("mapper")
    CommunityMember.objects.create(community=ngo, user=mapper, role=MemberRole.MAPPER)
    return concern_record(
        recorder=mapper,
        community=ngo,
        category="heating",
        source="hotline",
        text="Cold flat on the third floor.",
        reported_on=dt.date(2025, 1, 15),
        location=accepted_in(
            aksu, {"type": "Point", "coordinates": [76.915, 52.045]}, ("Point",)
        ),
    )


@pytest.mark.django_db
def test_a_concerns_exact_place_page(client, aksu, concern, outsiders):
    other_ngo = community_in(aksu, "other")
    other_mapper = person("other-mapper")
    CommunityMember.objects.create(
        community=other_ngo, user=other_mapper, role=MemberRole.MAPPER
    )
    people = {**outsiders, "another NGO's mapper": other_mapper}
    url = reverse("community_map:concern", kwargs={"town": "aksu", "pk": concern.pk})
    answers(client, url, people, 404)
    mapper = CommunityMember.objects.get(community=concern.community).user
    assert sign_in(client, mapper).get(url).status_code == 200
    moderator = holding("moderator", Role.MODERATOR, town=aksu)
    assert sign_in(client, moderator).get(url).status_code == 200


@pytest.mark.django_db
def test_a_drawing_waiting_and_its_private_details(client, aksu, outsiders):
    contest = make_contest(aksu)
    parent = person("parent")
    drawing = send(contest, parent, child_full_name="Айлин Сейітқызы")
    url = drawing.get_absolute_url()
    answers(client, url, outsiders, 404)  # not accepted yet: only its sender sees it
    page = sign_in(client, parent).get(url)
    assert page.status_code == 200 and "Айлин Сейітқызы" in page.content.decode()
    award = reverse(
        "contest:award",
        kwargs={"town": "aksu", "slug": contest.slug, "number": drawing.number},
    )
    answers(client, award, outsiders, 404)
    ranking = reverse("contest:ranking", kwargs={"town": "aksu", "slug": contest.slug})
    answers(client, ranking, outsiders, 404)
    admin = holding("aksu-admin", Role.ADMIN, town=aksu)
    assert sign_in(client, admin).get(ranking).status_code == 200


@pytest.mark.django_db
def test_an_import_batch(client, aksu, outsiders, settings):
    settings.BIRGE_IMPORT_INLINE = True
    ngo = community_in(aksu, "bereke")
    mapper = person("mapper")
    CommunityMember.objects.create(community=ngo, user=mapper, role=MemberRole.MAPPER)
    job = uploaded(mapper, ngo, "concerns.csv", csv_bytes(rows_of(3)))
    kwargs = {"town": "aksu", "pk": job.pk}
    for name in ("community_map:import", "community_map:import-status"):
        url = reverse(name, kwargs=kwargs)
        answers(
            client,
            url,
            {
                **outsiders,
                "NGO mapper by role": holding(
                    f"ngo-{name[-6:]}", Role.NGO_MAPPER, town=aksu
                ),
            },
            404,
        )
        assert sign_in(client, mapper).get(url).status_code == 200
