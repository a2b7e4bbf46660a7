"""Signing up and in with an e-mail, the language that follows, and signing out."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.models import User

from .conftest import PASSWORD, person, sign_in


def signup(client, **fields):
    data = {
        "email": "dana@example.kz",
        "username": "dana",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "preferred_language": "ru",
        **fields,
    }
    return client.post(reverse("accounts:signup"), data)


def login(client, login: str, password: str = PASSWORD, next_url: str = ""):
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    # The field keeps the name "username" it had before allauth (accounts.forms).
    return client.post(url, {"username": login, "password": password})


@pytest.mark.django_db
def test_a_resident_signs_up_with_an_email_and_a_language(client, mailoutbox):
    response = signup(client, email="Dana@Example.KZ")
    assert response.status_code == 302
    user = User.objects.get(username="dana")
    assert user.email == "dana@example.kz"
    assert user.preferred_language == "ru"
    # Signed in at once, and the pages now speak the chosen language.
    assert response["Location"].startswith("/ru/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"
    assert client.get(reverse("accounts:profile")).status_code == 200
    # The address is confirmed later, from the e-mail.
    (mail,) = mailoutbox
    assert mail.to == ["dana@example.kz"]
    assert "/accounts/confirm-email/" in mail.body


@pytest.mark.django_db
def test_the_signup_form_asks_for_the_language_in_the_page_language(client):
    page = client.get(reverse("accounts:signup")).content.decode()
    assert 'name="preferred_language"' in page
    assert re.search(r'<option value="en" selected>', page)
    for field in ("email", "username", "password1", "password2"):
        assert f'name="{field}"' in page


@pytest.mark.django_db
def test_a_signup_with_mistakes_answers_400_and_says_what_is_wrong(client):
    response = signup(client, password2="something-else-42")
    assert response.status_code == 400
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.filter(username="dana").exists()


@pytest.mark.django_db
def test_an_email_already_signed_up_makes_no_second_account(client):
    person("aigerim", email="aigerim@example.kz")
    response = signup(client, email="Aigerim@example.kz", username="someone")
    # Sign-up signs in at once (e-mail confirmation is optional), so it cannot
    # hide that the address is taken; the password reset and login pages do.
    assert response.status_code == 400
    assert "Someone already signed up with this e-mail." in response.content.decode()
    assert not User.objects.filter(username="someone").exists()


@pytest.mark.django_db
def test_people_sign_in_with_their_email_in_any_case(client):
    person("bolat", email="bolat@example.kz")
    response = login(client, "Bolat@Example.kz", next_url="/en/towns/aksu/")
    assert response.status_code == 302
    assert response["Location"] == "/en/towns/aksu/"
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_accounts_without_an_email_still_sign_in_with_their_username(client):
    User.objects.create_user(username="resident", password=PASSWORD)
    assert login(client, "resident").status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 200


@pytest.mark.django_db
def test_a_wrong_password_is_refused_with_a_clear_message(client):
    person("bolat", email="bolat@example.kz")
    response = login(client, "bolat@example.kz", password="not-the-password")
    assert response.status_code == 400
    assert "The e-mail or the password is not right." in response.content.decode()
    profile = client.get(reverse("accounts:profile"))
    assert profile.status_code == 302  # still signed out


@pytest.mark.django_db
def test_signing_in_switches_to_the_preferred_language(client):
    person("ruslan", email="ruslan@example.kz", preferred_language="kk")
    response = login(client, "ruslan@example.kz", next_url="/en/towns/aksu/")
    assert response["Location"] == "/kk/towns/aksu/"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "kk"


@pytest.mark.django_db
def test_signing_out_asks_then_ends_the_session(client):
    sign_in(client, person("bolat"))
    page = client.get(reverse("accounts:logout"))
    assert page.status_code == 200
    assert "Do you want to sign out" in page.content.decode()
    assert client.get(reverse("accounts:profile")).status_code == 200
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("accounts:profile")).status_code == 302


@pytest.mark.django_db
def test_the_header_offers_signing_in_or_the_profile(client):
    home = reverse("mapping:home")
    page = client.get(home).content.decode()
    assert reverse("accounts:login") in page and reverse("accounts:signup") in page
    assert reverse("accounts:profile") not in page
    sign_in(client, person("bolat"))
    page = client.get(home).content.decode()
    assert reverse("accounts:profile") in page and reverse("accounts:logout") in page
    assert reverse("accounts:signup") not in page


def test_birge_names_and_allauth_names_are_the_same_pages():
    assert reverse("accounts:login") == reverse("account_login")
    assert reverse("accounts:logout") == reverse("account_logout")
    assert reverse("accounts:signup") == reverse("account_signup")


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    "name", ["account_login", "account_signup", "account_reset_password"]
)
def test_account_pages_are_birge_pages_in_each_language(client, language, name):
    url = reverse(name).replace("/en/", f"/{language}/", 1)
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert 'class="site-header"' in page  # the site's own layout, not allauth's
    assert 'class="page narrow account-page"' in page
    assert not INLINE_SCRIPT.search(page) and not HANDLER.search(page)
    assert "//cdn" not in page and "https://" not in page


@pytest.mark.django_db
def test_signed_in_pages_are_birge_pages_too(client):
    sign_in(client, person("bolat"))
    for name in ("account_email", "account_change_password", "accounts:profile"):
        response = client.get(reverse(name))
        assert response.status_code == 200, name
        page = response.content.decode()
        assert 'class="site-header"' in page
        assert not INLINE_SCRIPT.search(page) and not HANDLER.search(page)


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", [False, True])
def test_no_account_page_fails_for_anyone(client, signed_in):
    from allauth.account import urls as allauth_urls

    if signed_in:
        sign_in(client, person("bolat"))
    names = [p.name for p in allauth_urls.urlpatterns if not p.pattern.regex.groups]
    assert "account_login" in names and len(names) > 8
    for name in names:
        if getattr(client.get(reverse(name)), "status_code", 500) >= 500:
            pytest.fail(name)
