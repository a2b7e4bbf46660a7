"""The report form and the "hidden by a moderator" notice, for any public page.

``{% load moderation %}`` then ``{% report_form proposal %}`` (a small form
that posts to /moderation/report/...; no script) and ``{% hidden_notice proposal %}``
(only ever rendered on pages the person may see, so it shows whenever the
content is hidden).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from ..forms import FlagForm
from ..kinds import kind_of
from ..rules import moderates

register = template.Library()


@register.inclusion_tag("moderation/_report.html", takes_context=True)
def report_form(context: template.Context, target: Any) -> dict[str, Any]:
    """A "Report" button opening a short form (a <details>, no script needed)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    kind = kind_of(target)
    keys = {"kind": kind.slug, "pk": target.pk}
    signed_in = bool(getattr(user, "is_authenticated", False))
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "target": target,
        "kind": kind,
        "shown": kind.is_public(target) and not getattr(target, "is_hidden", False),
        "signed_in": signed_in,
        "action": reverse("moderation:report", kwargs=keys),
        "login": reverse("accounts:login"),
        "next": request.get_full_path() if request else "",
        "form": FlagForm(auto_id=f"report-{kind.slug}-{target.pk}-%s"),
        "moderates": signed_in and moderates(user, target),
        "moderate_url": reverse("moderation:item", kwargs=keys),
    }


@register.inclusion_tag("moderation/_hidden_notice.html")
def hidden_notice(target: Any) -> dict[str, Any]:
    """ "Hidden by a moderator: <reason>" on a page of hidden content."""
    return {"target": target}
