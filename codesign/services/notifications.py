"""Telling authors, in their own language, that their proposal's status moved."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation

from ..models import ProposalVersion

logger = logging.getLogger(__name__)


def notify_status_change(version_id: int) -> bool:
    """E-mail the author about one status change; True when a mail was sent."""
    version = (
        ProposalVersion.objects.select_related(
            "proposal__author", "proposal__campaign__town"
        )
        .filter(pk=version_id)
        .first()
    )
    if version is None:
        return False
    proposal = version.proposal
    author = proposal.author
    if author is None or not author.email:
        return False
    language = author.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {
            "proposal": proposal,
            "version": version,
            "url": settings.BIRGE_SITE_URL + proposal.get_absolute_url(),
        }
        subject = render_to_string("codesign/email/status_subject.txt", context)
        body = render_to_string("codesign/email/status_body.txt", context)
    send_mail(
        " ".join(subject.split()),
        body,
        None,
        [author.email],
        fail_silently=False,
    )
    logger.info(
        "told %s about proposal %s r%s", author.pk, proposal.pk, version.revision
    )
    return True
