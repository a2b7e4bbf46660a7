"""A person signs up, signs out and in again with their e-mail, and switches language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from accounts.models import User

PASSWORD = "a-long-password-1"


@pytest.mark.django_db(transaction=True)
def test_sign_up_sign_in_and_change_the_language(page, live_server, screenshot):
    base = live_server.url
    page.goto(f"{base}/en/")
    page.get_by_role("link", name="Sign up").click()
    page.get_by_label("E-mail").fill("dana@example.kz")
    page.get_by_label("Username").fill("dana")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("combobox", name="Language").select_option("en")
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(f"{base}/en/")
    header = page.locator(".site-header")
    expect(header.get_by_role("link", name="Profile")).to_be_visible()

    # Sign out (a confirmation page, then a POST), and back in with the e-mail.
    header.get_by_role("link", name="Sign out").click()
    page.locator("main").get_by_role("button", name="Sign out").click()
    expect(
        page.locator(".site-header").get_by_role("link", name="Sign in")
    ).to_be_visible()
    page.locator(".site-header").get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail or username").fill("Dana@Example.kz")
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "The e-mail or the password is not right."
    )
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(re.compile(r"/en/$"))

    # The profile: the language chosen there is the language of every page after.
    page.locator(".site-header").get_by_role("link", name="Profile").click()
    expect(page.get_by_role("heading", name="Your profile")).to_be_visible()
    expect(page.locator("main")).to_contain_text("dana@example.kz")
    page.get_by_label("First name").fill("Дана")
    page.get_by_role("combobox", name="Language").select_option("kk")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(f"{base}/kk/accounts/profile/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_label("Аты")).to_have_value("Дана")
    shot = screenshot(page, "accounts-profile-kk")
    assert shot.exists()

    # A bare address now opens in Kazakh (the language cookie).
    page.goto(f"{base}/")
    page.wait_for_url(f"{base}/kk/")
    user = User.objects.get(username="dana")
    assert (user.preferred_language, user.first_name) == ("kk", "Дана")
    assert page.errors == []
    assert [url for url in page.requests if not url.startswith(base)] == []
