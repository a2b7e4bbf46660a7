"""The organisers' admin: contests with their jury; drawings shown, not edited."""

from __future__ import annotations

import pytest
from django.urls import reverse

from contest.models import Drawing

from .conftest import send

pytestmark = pytest.mark.django_db


def test_the_admin_lists_contests_drawings_and_awards(admin_client, contest, family):
    send(contest, family)
    for name in ("contest", "drawing", "award"):
        url = reverse(f"admin:contest_{name}_changelist")
        assert admin_client.get(url).status_code == 200, name
    drawing = Drawing.objects.get()
    change = admin_client.get(
        reverse("admin:contest_drawing_change", args=[drawing.pk])
    )
    assert change.status_code == 200
    assert f"{drawing.get_absolute_url()}thumb.jpg" in change.content.decode()
    page = admin_client.get(reverse("admin:contest_drawing_changelist")).content
    # The organisers need the family's contact: the admin is where they find it.
    assert "+7 700 555 0101" in page.decode()
    assert admin_client.get(reverse("admin:contest_contest_add")).status_code == 200
    assert admin_client.get(reverse("admin:contest_drawing_add")).status_code == 403


def test_the_admin_accepts_drawings_through_the_service(admin_client, contest, family):
    drawing = send(contest, family)
    response = admin_client.post(
        reverse("admin:contest_drawing_changelist"),
        {"action": "accept", "_selected_action": [drawing.pk]},
    )
    assert response.status_code == 302
    assert Drawing.objects.get().status == "accepted"
