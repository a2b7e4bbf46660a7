"""What the site co-design pages receive: the start form, and the drawing as JSON.

Every drawn shape passes mapping.intake for the site's town; which kind may be
drawn as which shape, and where, is the concept service's to say.
"""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mapping.intake import GeometryRejected, accept_geometry, load_json
from mapping.intake.limits import configured_limits
from mapping.models import Town

from .errors import ActionRefused
from .services.concepts import DrawnElement

# More than a site plan needs, few enough to check in one request.
MAX_ELEMENTS = 500


class ConceptStartForm(forms.Form):
    """What a resident names before drawing: the concept, and their team if any."""

    title = forms.CharField(
        label=_("Name of your concept"),
        max_length=200,
        error_messages={
            "required": _("Give your concept a name, such as “Shady park”.")
        },
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    team = forms.CharField(
        label=_("Team or workshop (optional)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )


def drawing_from_json(body: bytes, *, town: Town) -> list[DrawnElement]:
    """The posted FeatureCollection as drawn elements, each shape through the intake.

    Raises ActionRefused (400) naming the element by its index in ``details``.
    """
    try:
        document = load_json(body, limits=configured_limits())
    except GeometryRejected as rejected:
        raise ActionRefused(
            rejected.code, rejected.message, status=rejected.status
        ) from None
    is_collection = (
        isinstance(document, dict) and document.get("type") == "FeatureCollection"
    )
    features = document.get("features") if is_collection else None
    if not isinstance(features, list):
        raise ActionRefused(
            "not_a_collection",
            gettext("The drawing must arrive as a GeoJSON FeatureCollection."),
            status=400,
        )
    if len(features) > MAX_ELEMENTS:
        raise ActionRefused(
            "too_many_elements",
            gettext("A concept may have at most %(max)d elements; this one has %(n)d.")
            % {"max": MAX_ELEMENTS, "n": len(features)},
            status=400,
        )
    return [_drawn_element(i, feature, town) for i, feature in enumerate(features)]


def _drawn_element(index: int, feature: Any, town: Town) -> DrawnElement:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    kind = properties.get("kind") if isinstance(properties, dict) else None
    if not isinstance(kind, str) or not kind:
        raise ActionRefused(
            "unknown_kind",
            gettext("Element %(n)d has no kind: choose one from the palette.")
            % {"n": index + 1},
            status=400,
            details={"element": index},
        )
    label = properties.get("label") if isinstance(properties, dict) else ""
    try:
        # Every shape type passes here; the service says which kind takes which.
        shape = accept_geometry(feature, place=town)
    except GeometryRejected as rejected:
        raise ActionRefused(
            rejected.code,
            gettext("Element %(n)d: %(problem)s")
            % {"n": index + 1, "problem": rejected},
            status=rejected.status,
            details={"element": index, "location": rejected.location},
        ) from None
    return DrawnElement(kind, shape, label if isinstance(label, str) else "")


def revision_from_json(body: bytes) -> int | None:
    """The concept revision the drawing page loaded, sent as the collection's
    ``revision`` member (None when absent); call after ``drawing_from_json``."""
    document = json.loads(body)
    revision = document.get("revision") if isinstance(document, dict) else None
    if revision is None:
        return None
    if (
        isinstance(revision, bool)
        or not isinstance(revision, int)
        or not 1 <= revision < 2**31
    ):
        raise ActionRefused(
            "bad_revision",
            gettext("The drawing's revision must be a whole number above 0."),
            status=400,
        )
    return revision
