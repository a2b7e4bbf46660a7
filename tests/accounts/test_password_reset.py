"""A forgotten password: the link by e-mail (the locmem outbox), a new password."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from .conftest import PASSWORD, person

NEW_PASSWORD = "a-brand-new-password-7"


def link_in(mail) -> str:
    (url,) = re.findall(
        r"https?://[^\s]+/accounts/password/reset/key/[^\s]+", mail.body
    )
    return url.split("testserver", 1)[1]


def ask_for_a_link(client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email})


def signs_in(client, login: str, password: str) -> bool:
    client.logout()
    response = client.post(
        reverse("accounts:login"), {"username": login, "password": password}
    )
    return response.status_code == 302


@pytest.mark.django_db
def test_a_new_password_is_set_from_the_emailed_link(client, mailoutbox):
    person("bolat", email="bolat@example.kz")
    response = ask_for_a_link(client, "Bolat@example.kz")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    (mail,) = mailoutbox
    assert mail.to == ["bolat@example.kz"]
    assert mail.subject.startswith("Birge · ")
    # The link's key is swapped for a session marker so it never sits in the page.
    step = client.get(link_in(mail))
    assert step.status_code == 302
    form = client.get(step["Location"])
    assert form.status_code == 200
    assert 'name="password1"' in form.content.decode()
    done = client.post(
        step["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    assert done.status_code == 302
    assert signs_in(client, "bolat@example.kz", NEW_PASSWORD)
    assert not signs_in(client, "bolat@example.kz", PASSWORD)


@pytest.mark.django_db
def test_a_used_link_does_not_work_twice(client, mailoutbox):
    person("bolat", email="bolat@example.kz")
    ask_for_a_link(client, "bolat@example.kz")
    link = link_in(mailoutbox[0])
    step = client.get(link)
    client.post(
        step["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )
    client.logout()
    again = client.get(link, follow=True)
    assert "This link does not work" in again.content.decode()
    assert signs_in(client, "bolat@example.kz", NEW_PASSWORD)


@pytest.mark.django_db
def test_mismatched_new_passwords_answer_400(client, mailoutbox):
    person("bolat", email="bolat@example.kz")
    ask_for_a_link(client, "bolat@example.kz")
    step = client.get(link_in(mailoutbox[0]))
    response = client.post(
        step["Location"], {"password1": NEW_PASSWORD, "password2": "another-one-99"}
    )
    assert response.status_code == 400
    assert "You must type the same password each time." in response.content.decode()
    assert signs_in(client, "bolat@example.kz", PASSWORD)


@pytest.mark.django_db
def test_an_unknown_address_gets_the_same_page_and_a_mail_saying_so(client, mailoutbox):
    response = ask_for_a_link(client, "nobody@example.kz")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_done")
    (mail,) = mailoutbox
    assert mail.to == ["nobody@example.kz"]
    assert "no account has this e-mail" in mail.body


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_reset_mail_is_written_in_the_persons_language(
    client, mailoutbox, language
):
    person("ruslan", email="ruslan@example.kz", preferred_language=language)
    with translation.override(language):
        motto = translation.gettext("Our town, together")
    assert motto != "Our town, together"  # the catalog has it: the test can fail
    ask_for_a_link(client, "ruslan@example.kz")  # from an English page
    (mail,) = mailoutbox
    assert motto in mail.body
    assert "Our town, together" not in mail.body
