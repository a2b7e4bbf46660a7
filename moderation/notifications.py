"""Telling authors, in their own language, that a moderator hid or restored their work.

Proposals' authors are already mailed when their status moves
(codesign/services/notifications.py); a moderator's decision is mailed the same
way, with the reason, to whoever wrote the content.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from .kinds import by_model_label
from .models import Decision, DecisionAction

logger = logging.getLogger(__name__)


def notify_author(decision_id: int) -> bool:
    """E-mail the author about a hide or restore; True when a mail was sent."""
    decision = (
        Decision.objects.select_related("content_type").filter(pk=decision_id).first()
    )
    if decision is None or decision.action == DecisionAction.DISMISS:
        return False
    target = decision.target
    if target is None:
        return False
    kind = by_model_label()[
        f"{decision.content_type.app_label}.{decision.content_type.model}"
    ]
    author = kind.author(target)
    if author is None or not author.email:
        return False
    language = author.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "author": author,
            "decision": decision,
            "hidden": decision.action == DecisionAction.HIDE,
            "kind": kind.label,
            "title": str(target),
            "url": settings.BIRGE_SITE_URL + kind.url(target),
        }
        subject = render_to_string("moderation/email/decision_subject.txt", context)
        body = render_to_string("moderation/email/decision_body.txt", context)
    send_mail(" ".join(subject.split()), body, None, [author.email])
    logger.info("told %s about moderation decision %s", author.pk, decision.pk)
    return True
