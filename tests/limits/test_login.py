"""Login: lockout that doubles, said with its end time, forgiven by a success."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import formats, timezone, translation

from limits.models import LoginLockout

from .conftest import PASSWORD


@pytest.fixture
def limits_on(limits_on):
    """Login limits as in conftest; writes free, as each attempt is one."""
    limits_on.BIRGE_RATE_LIMITS = {**limits_on.BIRGE_RATE_LIMITS, "write": "1000/h"}
    return limits_on


def attempt(password: str, *, name: str = "dana", language: str = "en", **extra):
    client = Client()
    with translation.override(language):
        url = reverse("accounts:login")
    response = client.post(url, {"username": name, "password": password}, **extra)
    return client, response


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def lock_of(person) -> LoginLockout:
    return LoginLockout.objects.get(account=f"u{person.pk}")


def let_the_lock_run_out(person) -> None:
    """As if the wait had passed (the test does not sleep through it)."""
    LoginLockout.objects.filter(account=f"u{person.pk}").update(
        locked_until=timezone.now() - dt.timedelta(seconds=1)
    )


def test_a_locked_account_is_refused_even_with_the_right_password(limits_on, person):
    for _ in range(3):
        client, response = attempt("wrong")
        assert response.status_code == 400 and not signed_in(client)
    client, refused = attempt(PASSWORD, language="ru")
    assert refused.status_code == 429
    assert not signed_in(client)
    until = lock_of(person).locked_until
    page = refused.content.decode()
    with translation.override("ru"):
        clock = formats.time_format(timezone.localtime(until))
    assert clock in page  # until when, on the clock of Birge's time zone
    assert "2 минуты" in page  # and how long that is, in the page's language
    assert 60 < int(refused["Retry-After"]) <= 120


def test_each_further_failure_doubles_the_wait_up_to_the_longest(limits_on, person):
    for _ in range(3):
        attempt("wrong")
    waits = [120]
    for _ in range(4):
        let_the_lock_run_out(person)
        attempt("wrong")
        lock = lock_of(person)
        waits.append(round((lock.locked_until - lock.last_failure).total_seconds()))
    assert waits == [120, 240, 480, 480, 480]
    _, refused = attempt(PASSWORD)
    assert "8 minutes" in refused.content.decode()


def test_attempts_while_locked_do_not_lengthen_the_lock(limits_on, person):
    for _ in range(3):
        attempt("wrong")
    before = lock_of(person)
    for _ in range(5):
        assert attempt("wrong")[1].status_code == 429
    after = lock_of(person)
    assert (after.failures, after.locked_until) == (
        before.failures,
        before.locked_until,
    )


def test_a_successful_login_forgives_the_failures(limits_on, person):
    for _ in range(3):
        attempt("wrong")
    let_the_lock_run_out(person)
    client, response = attempt(PASSWORD)
    assert response.status_code == 302 and signed_in(client)
    assert not LoginLockout.objects.exists()
    # Two more slips do not lock: the count started again.
    attempt("wrong")
    attempt("wrong")
    client, response = attempt(PASSWORD)
    assert signed_in(client)


def test_the_email_and_the_username_are_one_account(limits_on, person):
    attempt("wrong", name="dana")
    attempt("wrong", name="DANA@example.kz")
    attempt("wrong", name="dana@example.kz")
    client, refused = attempt(PASSWORD, name="dana")
    assert refused.status_code == 429 and not signed_in(client)


def test_names_that_belong_to_no_one_lock_alike_and_are_not_stored(limits_on, db):
    for _ in range(3):
        attempt("wrong", name="nobody@example.kz")
    _, refused = attempt("wrong", name="nobody@example.kz")
    assert refused.status_code == 429
    (lock,) = LoginLockout.objects.all()
    assert "nobody" not in lock.account


def test_logins_from_one_address_are_limited_and_say_so_in_json(limits_on, person):
    limits_on.BIRGE_RATE_LIMITS = {
        **limits_on.BIRGE_RATE_LIMITS,
        "login": {"account": "100/h", "address": "2/h"},
    }
    for name in ("a", "b"):
        assert attempt("wrong", name=name, REMOTE_ADDR="10.2.0.1")[1].status_code == 400
    client, refused = attempt(
        PASSWORD, REMOTE_ADDR="10.2.0.1", HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 429 and not signed_in(client)
    error = refused.json()["error"]
    assert error["code"] == "rate_limited"
    assert "your network" in error["message"]
    # A refusal by the address's limit is not a failure of Dana's account.
    assert not LoginLockout.objects.filter(account=f"u{person.pk}").exists()
    client, _ = attempt(PASSWORD, REMOTE_ADDR="10.2.0.2")
    assert signed_in(client)
