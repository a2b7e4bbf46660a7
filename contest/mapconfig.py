"""Map configuration for contest pages: the town's map plus the drawings."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from mapping.mapconfig import town_map_config

from .models import Contest


def map_config(
    contest: Contest,
    *,
    mode: str,
    place: tuple[float, float] | None = None,
) -> dict[str, Any]:
    """The town map's JSON for a gallery ("gallery"), one drawing ("one") or the
    submit form's place picker ("pick")."""
    town = contest.town
    keys = {"town": town.slug, "slug": contest.slug}
    config = town_map_config(town)
    config["mode"] = mode
    config["site"] = contest.site.slug if contest.site else None
    config["place"] = list(place) if place else None
    config["layers"] = {
        "drawings": reverse("contest:drawings-geojson", kwargs=keys)
        if mode == "gallery"
        else None
    }
    # URLs of drawing number 0: the script puts each drawing's number in.
    config["drawing_url"] = reverse("contest:drawing", kwargs={**keys, "number": 0})
    config["thumb_url"] = reverse(
        "contest:image", kwargs={**keys, "number": 0, "size": "thumb"}
    )
    config["labels"].update(
        {
            "drawing": _("Drawing"),
            "age": _("Age"),
            "diploma": _("Diploma"),
            "certificate": _("Certificate"),
            "open": _("Open the drawing"),
            "placed": _("The place is marked. Tap elsewhere to move it."),
            "not_placed": _("No place marked (that is fine)."),
            "map_failed": _(
                "The map could not be shown in this browser. The gallery on this "
                "page holds the same drawings."
            ),
        }
    )
    return config
