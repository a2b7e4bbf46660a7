"""Organisers get back what they typed; what is stored and shown stays clean.

Descriptions are stored as cleaned HTML ("&" as "&amp;"); edit forms (the
community page and the admin) show ``editable`` of it, which cleans back to
exactly what is stored, so saving an unchanged form changes nothing.
"""

from __future__ import annotations

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.gis.geos import MultiPolygon, Polygon
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from accounts.roles import Role
from accounts.services import role_grant
from codesign.models import Campaign, Phase
from community_map.models import Community
from community_map.services.communities import community_create
from contest.models import Contest
from mapping.richtext import clean, editable, render
from tests.codesign.admin_forms import form_values, unchanged
from tests.codesign.conftest import make_campaign
from tests.contest.conftest import make_contest

# Pieces people (and attackers) type: tags kept and dropped, ones that reshape the
# tree (an <li> in an <li>, a <ul> in a <p>), references and bare "&" and "<".
PIECES = [
    "<p>",
    "</p>",
    "<ul>",
    "<ol>",
    "<li>",
    "</li>",
    "</ul>",
    "<h3>",
    "</h3>",
    "<blockquote>",
    "<strong>",
    "</strong>",
    "<em>",
    "<br>",
    '<a href="https://akimat.kz/?a=1&b=2">',
    '<a href="/kk/towns/aksu/">',
    '<a href="//evil.example">',
    "</a>",
    "<table><tr><td>",
    "<b>",
    "<div>",
    "<button>",
    "<nobr>",
    "<frameset>",
    "<script>",
    "</script>",
    "<svg>",
    "<textarea>",
    "<!--",
    "-->",
    "&",
    "&amp;",
    "&lt;",
    "&gt;",
    "&nbsp;",
    "&copy",
    "&#60;",
    "<",
    ">",
    '"',
    "\xa0",
    "\n",
    " ",
    "Ақсу",
    "x",
]
HTMLISH = st.one_of(
    st.lists(st.sampled_from(PIECES), max_size=24).map("".join),
    st.text(max_size=60),
)


@settings(max_examples=600, deadline=None)
@given(HTMLISH)
def test_cleaning_clean_text_changes_nothing(text):
    once = clean(text)
    assert clean(once) == once


@settings(max_examples=400, deadline=None)
@given(HTMLISH)
def test_the_editable_text_cleans_back_to_what_is_stored(text):
    stored = clean(text)
    assert clean(editable(stored)) == stored


@pytest.mark.parametrize(
    "typed",
    [
        "Fish & chips",
        "5 < 7 and 9 > 8",
        "«Бірге» & «Вместе»\n\nAT&T, R&D",
        "Non-breaking\xa0space",
        "<p>Join <strong>us</strong> & friends</p><ul><li>benches</li></ul>",
        '<a href="https://akimat.kz/budget?year=2025&lang=kk">akimat</a>',
        '<a href="/kk/towns/aksu/">the map</a>',
    ],
)
def test_what_an_organiser_typed_comes_back_unchanged(typed):
    stored = clean(typed)
    assert editable(stored) == typed
    assert clean(editable(stored)) == stored


def test_a_reference_typed_on_purpose_stays_a_reference():
    # "&lt;b&gt;" shows the letters <b>; written back as "<b>" it would be a tag.
    stored = clean("Write &lt;b&gt; for bold")
    assert "<b>" not in editable(stored)
    assert clean(editable(stored)) == stored


# --- Links to pages of this site ------------------------------------------------------


def test_links_to_paths_of_this_site_are_kept():
    html = clean(
        '<a href="/kk/towns/aksu/budget/">budget</a> '
        '<a href="/ru/towns/aksu/?layer=concerns&amp;zoom=14">map</a> <a href="/">home</a>'
    )
    assert '<a href="/kk/towns/aksu/budget/" rel="nofollow noopener">' in html
    assert 'href="/ru/towns/aksu/?layer=concerns&amp;zoom=14"' in html
    assert '<a href="/" rel="nofollow noopener">home</a>' in html


@pytest.mark.parametrize(
    "href",
    [
        "//evil.example/phish",
        "/\\evil.example",
        "/&#9;/evil.example",
        "/\t/evil.example",
        "/%0A/x y",
        " //evil.example",
        "kk/towns/",
        "../admin/",
        "?next=//evil.example",
        "#top",
        "javascript:alert(1)",
        "/javascript:alert(1) x",
    ],
)
def test_other_relative_links_are_dropped(href):
    html = clean(f'<a href="{href}">x</a>')
    assert "href" not in html, html
    assert "href" not in str(render(f'<a href="{href}">x</a>'))


@pytest.mark.django_db
def test_a_link_to_this_site_is_shown_on_the_campaign_page(aksu, client):
    campaign = make_campaign(
        aksu,
        Phase.SUBMISSION,
        descriptions={"en": 'See <a href="/en/towns/aksu/built/">what was built</a>.'},
    )
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert '<a href="/en/towns/aksu/built/" rel="nofollow noopener">' in page


# --- The community's edit page ----------------------------------------------------------

TYPED = "Fish & chips < 5 km\n\n<strong>Bring</strong> tea & cups"


@pytest.fixture
def mapper(aksu, django_user_model):
    user = django_user_model.objects.create_user(username="mapper", password="x")
    role_grant(actor=None, user=user, role=Role.NGO_MAPPER, town=aksu)
    return user


@pytest.mark.django_db
def test_the_community_edit_page_shows_what_was_typed_and_saves_it_unchanged(
    client, aksu, mapper
):
    community = community_create(
        actor=mapper,
        town=aksu,
        names={"en": "Bereke"},
        descriptions={"en": TYPED},
        kind="ngo",
    )
    stored = community.description_en
    assert "&amp;" in stored and "&lt;" in stored
    client.force_login(mapper, backend="django.contrib.auth.backends.ModelBackend")
    edit = reverse(
        "community_map:community-edit", kwargs={"town": "aksu", "slug": community.slug}
    )
    page = client.get(edit)
    form = page.context["form"]
    assert form["description_en"].value() == TYPED
    html = page.content.decode()
    assert "Fish &amp; chips &lt; 5 km" in html  # the browser shows "Fish & chips"
    assert "&amp;amp;" not in html

    response = client.post(edit, form_values(form))
    assert response.status_code == 302
    community.refresh_from_db()
    assert community.description_en == stored
    # Saved again from a page that shows what was stored: still the same.
    again = client.get(edit).context["form"]
    assert again["description_en"].value() == TYPED


# --- The admin ----------------------------------------------------------------------

ATTACK = 'Tea & cups<img src=x onerror="alert(1)"><script>alert(2)</script>'


@pytest.mark.django_db
def test_the_campaign_admin_shows_what_was_typed_and_saving_changes_nothing(
    admin_client, aksu
):
    campaign = make_campaign(aksu, Phase.SUBMISSION, descriptions={"en": TYPED})
    stored = campaign.description_en
    page = reverse("admin:codesign_campaign_change", args=[campaign.pk])
    response = admin_client.get(page)
    assert response.context["adminform"].form["description_en"].value() == TYPED
    assert admin_client.post(page, unchanged(response)).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).description_en == stored
    assert LogEntry.objects.latest("pk").get_change_message() == "No fields changed."


@pytest.mark.django_db
def test_descriptions_saved_in_the_admin_are_stored_clean(admin_client, aksu):
    campaign = make_campaign(aksu, Phase.SUBMISSION)
    page = reverse("admin:codesign_campaign_change", args=[campaign.pk])
    data = unchanged(admin_client.get(page), description_ru=ATTACK)
    assert admin_client.post(page, data).status_code == 302
    assert Campaign.objects.get(pk=campaign.pk).description_ru == clean(ATTACK)

    contest = make_contest(aksu)
    page = reverse("admin:contest_contest_change", args=[contest.pk])
    data = unchanged(admin_client.get(page), description_kk=ATTACK)
    assert admin_client.post(page, data).status_code == 302
    assert Contest.objects.get(pk=contest.pk).description_kk == clean(ATTACK)

    community = Community(
        town=aksu,
        slug="bereke",
        name_kk="Береке",
        kind="ngo",
        work_area=MultiPolygon(Polygon.from_bbox((76.92, 52.03, 76.94, 52.05))),
    )
    community.work_area.srid = 4326
    community.full_clean()
    community.save()
    page = reverse("admin:community_map_community_change", args=[community.pk])
    data = unchanged(admin_client.get(page), description_en=ATTACK)
    response = admin_client.post(page, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Community.objects.get(pk=community.pk).description_en == clean(ATTACK)
    assert "onerror" not in clean(ATTACK) and "Tea &amp; cups" in clean(ATTACK)


@pytest.mark.django_db
def test_a_new_campaign_added_in_the_admin_is_stored_clean(admin_client, aksu):
    existing = make_campaign(aksu, Phase.SUBMISSION)
    page = reverse("admin:codesign_campaign_change", args=[existing.pk])
    # The same campaign's form, sent to the "add" page under another slug.
    data = unchanged(admin_client.get(page), slug="second", description_en=ATTACK)
    response = admin_client.post(reverse("admin:codesign_campaign_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Campaign.objects.get(slug="second").description_en == clean(ATTACK)
