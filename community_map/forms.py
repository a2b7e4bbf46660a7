"""Forms of the community map: a resident's report, the NGO's quick hotline entry.

Geometry passes ``mapping.intake`` here, so a service only ever gets an
``AcceptedGeometry`` for the town; a refusal names the problem on the form.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mapping.intake import AcceptedGeometry, GeometryRejected, accept_geometry
from mapping.models import Town

from .models import Community, ConcernCategory, ConcernSource, ConcernStatus
from .services.concerns import CONCERN_SHAPES

REPORT_SHAPES = ("Point", "Polygon")
# A resident marks a spot or a small area: a yard, a stretch of street, a block.
REPORT_MAX_AREA_HA = 100

PRECISION_CHOICES = [
    (10, _("Exactly here (within about 10 m)")),
    (100, _("Within this street (about 100 m)")),
    (500, _("Somewhere in this neighbourhood (about 500 m)")),
]
# Short words for the desk, where every field shares a row.
RECORD_PRECISION_CHOICES = [
    (10, _("Exact spot (~10 m)")),
    (100, _("This street (~100 m)")),
    (500, _("Neighbourhood (~500 m)")),
    (2000, _("Part of town (~2 km)")),
]

# "49.95, 82.61", "49,95 82,61", "49.95;82.61", "N49.95 E82.61", "49.95° 82.61°"
_NUMBER = r"[-+]?\d{1,3}(?:[.,]\d+)?"
_LAT_LON = re.compile(
    rf"^\s*[NS]?\s*({_NUMBER})\s*°?\s*[NS]?\s*(?:[,;]\s*|\s+)[EW]?\s*({_NUMBER})\s*°?\s*[EW]?\s*$",
    re.IGNORECASE,
)


def parse_lat_lon(text: str) -> tuple[float, float]:
    """Latitude and longitude as people paste them, latitude first; or refuse."""
    match = _LAT_LON.match(text)
    if match is None:
        raise forms.ValidationError(
            _(
                "Write the coordinates as latitude, longitude, like "
                "“49.95, 82.61” or “49,95 82,61”."
            ),
            code="coordinates_unreadable",
        )
    lat, lon = (float(part.replace(",", ".")) for part in match.groups())
    return lat, lon


def _point(lon: float, lat: float) -> dict[str, Any]:
    return {"type": "Point", "coordinates": [lon, lat]}


def _rejection(rejection: GeometryRejected) -> forms.ValidationError:
    return forms.ValidationError(str(rejection), code=rejection.code)


class ConcernReportForm(forms.Form):
    """A resident's concern: what, where (drawn or located), how exactly, contact."""

    category = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[("", _("Choose…")), *ConcernCategory.choices],
    )
    geometry = forms.CharField(
        label=_("Place on the map"),
        widget=forms.HiddenInput(attrs={"data-draw-output": "true"}),
        error_messages={
            "required": _(
                "Mark the place on the map first: tap a point, draw a small area, "
                "or use your location."
            )
        },
    )
    precision_m = forms.TypedChoiceField(
        label=_("How exact is the mark?"),
        choices=PRECISION_CHOICES,
        coerce=int,
        initial=100,
        widget=forms.RadioSelect,
    )
    text = forms.CharField(
        label=_("What is the problem?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    contact = forms.CharField(
        label=_("Your phone or e-mail (optional)"),
        max_length=200,
        required=False,
        help_text=_(
            "Only the NGO that takes up your concern sees it, to ask you about it. "
            "It is never shown on the site or exported."
        ),
    )
    community: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Which NGO should take it up?"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("Let Birge choose by the place and the topic"),
    )

    def __init__(
        self, *args: Any, town: Town, communities: Any = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.town = town
        if communities is None or not communities.exists():
            del self.fields["community"]
        else:
            self.fields["community"].queryset = communities  # type: ignore[attr-defined]

    def clean_geometry(self) -> AcceptedGeometry:
        try:
            accepted = accept_geometry(
                self.cleaned_data["geometry"], allowed=REPORT_SHAPES, place=self.town
            )
        except GeometryRejected as rejection:
            raise _rejection(rejection) from None
        if accepted.geometry.geom_type == "Polygon":
            local = accepted.geometry.transform(self.town.utm_srid, clone=True)
            if local.area > REPORT_MAX_AREA_HA * 10_000:
                raise forms.ValidationError(
                    _(
                        "The area is larger than %(ha)s ha. Mark the spot or a "
                        "smaller area, and say in the text how far it reaches."
                    )
                    % {"ha": REPORT_MAX_AREA_HA},
                    code="area_too_large",
                )
        return accepted


class ConcernRecordForm(forms.Form):
    """An NGO mapper's entry of a hotline call (or a reception, a survey...)."""

    category = forms.ChoiceField(
        label=_("Category"),
        choices=[("", "—"), *ConcernCategory.choices],
        widget=forms.Select(attrs={"autofocus": True}),
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=ConcernSource.choices, initial=ConcernSource.HOTLINE
    )
    reported_on = forms.DateField(
        label=_("Date"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    coordinates = forms.CharField(
        label=_("Latitude, longitude"),
        required=False,
        max_length=80,
        help_text=_("Paste like “49.95, 82.61”, or click the map instead."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "inputmode": "decimal", "spellcheck": "false"}
        ),
    )
    geometry = forms.CharField(
        required=False, widget=forms.HiddenInput(attrs={"data-place-output": "true"})
    )
    place_note = forms.CharField(
        label=_("Address or landmark"),
        required=False,
        max_length=300,
        help_text=_("Kept with the text, for the NGO."),
    )
    precision_m = forms.TypedChoiceField(
        label=_("How exact"), choices=RECORD_PRECISION_CHOICES, coerce=int, initial=100
    )
    text = forms.CharField(
        label=_("What the caller said"),
        max_length=3600,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reporter_name = forms.CharField(
        label=_("Caller's name"), max_length=200, required=False
    )
    reporter_contact = forms.CharField(
        label=_("Caller's phone"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    private = forms.BooleanField(
        label=_("Raised by a private person (public only on the 100 m grid)"),
        required=False,
        initial=True,
    )
    community: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, town: Town, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.town = town
        self.fields["community"].queryset = communities  # type: ignore[attr-defined]
        self.fields["reported_on"].initial = timezone.localdate

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        coordinates = (data.get("coordinates") or "").strip()
        drawn = (data.get("geometry") or "").strip()
        if coordinates:
            try:
                data["location"] = self._typed(coordinates)
            except forms.ValidationError as error:
                self.add_error("coordinates", error)
        elif drawn:
            try:
                data["location"] = accept_geometry(
                    drawn, allowed=CONCERN_SHAPES, place=self.town
                )
            except GeometryRejected as rejection:
                self.add_error("coordinates", _rejection(rejection))
        elif data.get("place_note"):
            self.add_error(
                "coordinates",
                _(
                    "An address alone cannot be put on the map: click the map near "
                    "it, or paste its coordinates."
                ),
            )
        else:
            self.add_error(
                "coordinates", _("Click the place on the map, or paste coordinates.")
            )
        return data

    def _typed(self, text: str) -> AcceptedGeometry:
        lat, lon = parse_lat_lon(text)
        if abs(lat) <= 90 and abs(lon) <= 180:
            try:
                return accept_geometry(_point(lon, lat), place=self.town)
            except GeometryRejected as rejection:
                refusal = rejection
        else:
            refusal = None
        if abs(lon) <= 90 and self._inside(lat, lon):
            centre_lon, centre_lat = self.town.centre.coords
            raise forms.ValidationError(
                _(
                    "“%(text)s” is outside %(town)s. Latitude and longitude seem "
                    "swapped: latitude comes first (about %(lat).2f here), then "
                    "longitude (about %(lon).2f)."
                )
                % {
                    "text": text[:40],
                    "town": self.town.name,
                    "lat": centre_lat,
                    "lon": centre_lon,
                },
                code="coordinates_swapped",
            )
        if refusal is None:
            raise forms.ValidationError(
                _("Latitude is between -90 and 90; write latitude first."),
                code="coordinates_out_of_range",
            )
        raise _rejection(refusal)

    def _inside(self, lat: float, lon: float) -> bool:
        """Whether the swapped reading (lon as latitude) lies in the town."""
        try:
            accept_geometry(_point(lat, lon), place=self.town)
        except GeometryRejected:
            return False
        return True

    def location_text(self) -> str:
        """The text stored: what was said, with the address note kept beside it."""
        text = self.cleaned_data["text"].strip()
        note = self.cleaned_data.get("place_note", "").strip()
        return f"{text}\n\n{_('Place')}: {note}" if note else text


class StatusForm(forms.Form):
    """A quick status change, with when the concern was last changed as seen."""

    status = forms.ChoiceField(label=_("Status"), choices=ConcernStatus.choices)
    seen = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    next = forms.CharField(widget=forms.HiddenInput, required=False)


class ConcernFilterForm(forms.Form):
    """The dashboard's filter controls; the URL itself is read by ConcernFilter."""

    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=ConcernStatus.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    category = forms.MultipleChoiceField(
        label=_("Category"),
        choices=ConcernCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    source = forms.MultipleChoiceField(
        label=_("Source"),
        choices=ConcernSource.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    community = forms.MultipleChoiceField(
        label=_("Community"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].choices = [  # type: ignore[attr-defined]
            (c.slug, c.name) for c in communities
        ]
        # Named as the URL names them ("from", "to"), which Python cannot spell.
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label,
                required=False,
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )
