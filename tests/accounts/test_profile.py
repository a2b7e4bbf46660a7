"""The profile: name, e-mail, language and the roles a person holds."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.urls import reverse

from accounts.models import User
from accounts.roles import Role
from accounts.services import role_grant
from codesign import services as codesign
from codesign.models import Phase
from tests.codesign.conftest import make_campaign

from .conftest import person, sign_in

PROFILE = "/en/accounts/profile/"


@pytest.mark.django_db
def test_the_profile_needs_an_account(client):
    response = client.get(PROFILE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=/en/accounts/profile/" in response["Location"]


@pytest.mark.django_db
def test_the_profile_shows_the_account_and_its_roles(client, aksu):
    bolat = person("bolat", email="bolat@example.kz")
    role_grant(actor=None, user=bolat, role=Role.MODERATOR, town=aksu)
    campaign = make_campaign(aksu, Phase.REVIEW)
    codesign.council_member_add(campaign=campaign, user=bolat)
    page = sign_in(client, bolat).get(PROFILE).content.decode()
    text = re.sub(r"<[^>]+>", "", page)
    assert "bolat@example.kz" in text
    assert "Moderator · Aksu" in text
    assert "Expert council member · Aksu · Tugan Qala" in text
    assert "Resident · every town" in text
    assert reverse("account_email") in page  # the e-mail changes on its own page
    assert reverse("account_change_password") in page


@pytest.mark.django_db
def test_a_person_sees_only_their_own_roles(client, aksu):
    role_grant(actor=None, user=person("admin"), role=Role.ADMIN, town=aksu)
    page = sign_in(client, person("bolat")).get(PROFILE).content.decode()
    assert "Administrator" not in page


@pytest.mark.django_db
def test_saving_the_profile_switches_to_the_chosen_language(client):
    bolat = person("bolat", preferred_language="en")
    response = sign_in(client, bolat).post(
        PROFILE,
        {"first_name": " Болат ", "last_name": "Сериков", "preferred_language": "kk"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/kk/accounts/profile/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"
    bolat.refresh_from_db()
    assert (bolat.first_name, bolat.last_name) == ("Болат", "Сериков")
    assert bolat.preferred_language == "kk"
    page = client.get(response["Location"])
    assert '<html lang="kk">' in page.content.decode()


@pytest.mark.django_db
def test_the_profile_says_it_is_saved(client):
    sign_in(client, person("bolat", preferred_language="en"))
    response = client.post(
        PROFILE, {"first_name": "", "last_name": "", "preferred_language": "en"}
    )
    page = client.get(response["Location"]).content.decode()
    assert "Your profile is saved." in page


@pytest.mark.django_db
def test_an_unknown_language_answers_400_and_changes_nothing(client):
    bolat = person("bolat", preferred_language="ru")
    response = sign_in(client, bolat).post(
        PROFILE, {"first_name": "B", "last_name": "", "preferred_language": "xx"}
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    bolat.refresh_from_db()
    assert bolat.preferred_language == "ru" and bolat.first_name == ""


@pytest.mark.django_db
def test_the_email_changes_once_the_new_address_is_confirmed(client, mailoutbox):
    bolat = person("bolat", email="bolat@example.kz")
    EmailAddress.objects.create(
        user=bolat, email="bolat@example.kz", verified=True, primary=True
    )
    sign_in(client, bolat)
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "bolat@mail.kz"}
    )
    assert response.status_code == 302
    bolat.refresh_from_db()
    assert bolat.email == "bolat@example.kz"  # not yet: the new address must answer
    page = client.get(reverse("account_email")).content.decode()
    assert "bolat@mail.kz" in page and "Changing to" in page
    (mail,) = mailoutbox
    assert mail.to == ["bolat@mail.kz"]
    (link,) = re.findall(r"http://testserver(/\S+/confirm-email/\S+/)", mail.body)
    assert client.post(link).status_code == 302
    bolat.refresh_from_db()
    assert bolat.email == "bolat@mail.kz"
    assert User.objects.filter(email="bolat@mail.kz").count() == 1


@pytest.mark.django_db
def test_a_bad_new_email_answers_400(client):
    sign_in(client, person("bolat"))
    response = client.post(
        reverse("account_email"), {"action_add": "", "email": "not an address"}
    )
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()


@pytest.mark.django_db
def test_an_unconfirmed_address_stays_until_the_new_one_is_confirmed(
    client, mailoutbox
):
    """Confirming an address is optional at sign-up, so many people change from
    an address they never confirmed. It stays theirs, for sign-in and password
    resets, until the new one answers: a typo in the new one loses nothing."""
    bolat = person("bolat", email="bolat@example.kz")
    EmailAddress.objects.create(
        user=bolat, email="bolat@example.kz", verified=False, primary=True
    )
    sign_in(client, bolat)
    for typed in ("bolat@pochat.kz", "bolat@pochta.kz"):  # a typo, then corrected
        response = client.post(
            reverse("account_email"), {"action_add": "", "email": typed}
        )
        assert response.status_code == 302
    bolat.refresh_from_db()
    assert bolat.email == "bolat@example.kz"
    assert set(
        EmailAddress.objects.filter(user=bolat).values_list("email", flat=True)
    ) == {
        "bolat@example.kz",
        "bolat@pochta.kz",
    }
    page = client.get(reverse("account_email")).content.decode()
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert (
        "Now bolat@example.kz (not confirmed yet) Changing to bolat@pochta.kz" in text
    )
    client.logout()
    response = client.post(
        reverse("account_reset_password"), {"email": "bolat@example.kz"}
    )
    assert response.status_code == 302
    assert mailoutbox[-1].to == ["bolat@example.kz"]
    (confirmation,) = [mail for mail in mailoutbox if mail.to == ["bolat@pochta.kz"]]
    (link,) = re.findall(
        r"http://testserver(/\S+/confirm-email/\S+/)", confirmation.body
    )
    assert client.post(link).status_code == 302
    bolat.refresh_from_db()
    assert bolat.email == "bolat@pochta.kz"
    assert list(
        EmailAddress.objects.filter(user=bolat).values_list("email", flat=True)
    ) == ["bolat@pochta.kz"]
