"""What the community pages receive: the community, a meeting place, a link.

Drawn or uploaded shapes pass mapping.intake for the community's town here; what
may be written (names, choices, permissions) is the services' to say.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from mapping import richtext
from mapping.intake import AREAS, AcceptedGeometry, GeometryRejected, accept_geometry
from mapping.languages import LANGUAGE_CODES
from mapping.models import Town

from .models import Community, CommunityKind, LinkKind, PlaceKind, Topic

MAX_UPLOAD_BYTES = 1_000_000
LANGUAGE_LABELS = {"kk": _("in Kazakh"), "ru": _("in Russian"), "en": _("in English")}


def _per_language(
    form: forms.Form, field: str, label: Any, *, textarea: bool = False, max_length: int
) -> None:
    for code in LANGUAGE_CODES:
        form.fields[f"{field}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_LABELS[code]})",
            required=False,
            max_length=max_length,
            widget=forms.Textarea(attrs={"rows": 3, "lang": code})
            if textarea
            else forms.TextInput(attrs={"lang": code}),
        )


def per_language(cleaned: dict[str, Any], field: str) -> dict[str, str]:
    """{"kk": ..., "ru": ..., "en": ...} from the form's fields."""
    return {code: cleaned.get(f"{field}_{code}") or "" for code in LANGUAGE_CODES}


class CommunityForm(forms.Form):
    """A community's names, kind, topics, contacts and area of work."""

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        self.town = town
        super().__init__(*args, **kwargs)
        _per_language(self, "name", _("Name"), max_length=200)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind"), choices=CommunityKind.choices
        )
        self.fields["topics"] = forms.MultipleChoiceField(
            label=_("Topics"),
            choices=Topic.choices,
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        _per_language(
            self, "description", _("Description"), textarea=True, max_length=4000
        )
        self.fields["public_phone"] = forms.CharField(
            label=_("Public phone"), required=False, max_length=40
        )
        self.fields["public_email"] = forms.EmailField(
            label=_("Public e-mail"), required=False
        )
        self.fields["website"] = forms.URLField(
            label=_("Website or social page"), required=False, assume_scheme="https"
        )
        self.fields["founded"] = forms.IntegerField(
            label=_("Founded (year)"), required=False, min_value=1900, max_value=2100
        )
        self.fields["private_contacts"] = forms.CharField(
            label=_("Private contacts"),
            required=False,
            widget=forms.Textarea(attrs={"rows": 3}),
            help_text=_(
                "Names, phones and addresses for the mapping NGOs and staff only; "
                "never shown on public pages."
            ),
        )
        self.fields["work_area"] = forms.CharField(
            required=False,
            widget=forms.HiddenInput(attrs={"data-draw-output": "area"}),
        )
        self.fields["work_area_file"] = forms.FileField(
            label=_("Or upload the area as a GeoJSON file"),
            required=False,
            widget=forms.ClearableFileInput(
                attrs={"accept": ".geojson,.json,application/geo+json"}
            ),
        )

    @classmethod
    def initial_for(cls, community: Community) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": community.kind,
            "topics": community.topics,
            "public_phone": community.public_phone,
            "public_email": community.public_email,
            "website": community.website,
            "founded": community.founded,
            "private_contacts": community.private_contacts,
            "work_area": community.work_area.geojson if community.work_area else "",
        }
        for code in LANGUAGE_CODES:
            initial[f"name_{code}"] = getattr(community, f"name_{code}") or ""
            # As it was typed ("&", not the stored "&amp;"); it cleans back the same.
            description = getattr(community, f"description_{code}") or ""
            initial[f"description_{code}"] = richtext.editable(description)
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("work_area_file")
        text: str | bytes = cleaned.get("work_area") or ""
        field = "work_area"
        if upload:
            field = "work_area_file"
            if upload.size > MAX_UPLOAD_BYTES:
                self.add_error(field, _("The file is larger than 1 MB."))
                return cleaned
            text = upload.read()
        cleaned["area"] = None
        if text:
            try:
                cleaned["area"] = accept_geometry(text, allowed=AREAS, place=self.town)
            except GeometryRejected as rejected:
                # The hidden field's error is shown with the map (see the template).
                self.add_error(field, str(rejected))
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned form as the services' keyword arguments."""
        data = self.cleaned_data
        return {
            "names": per_language(data, "name"),
            "descriptions": per_language(data, "description"),
            "kind": data["kind"],
            "topics": data.get("topics") or [],
            "public_phone": data.get("public_phone") or "",
            "public_email": data.get("public_email") or "",
            "website": data.get("website") or "",
            "private_contacts": data.get("private_contacts") or "",
            "founded": data.get("founded"),
            "work_area": data.get("area"),
        }


class MeetingPlaceForm(forms.Form):
    """Where a community meets: a point on the map, what happens and when."""

    def __init__(self, *args: Any, town: Town, **kwargs: Any) -> None:
        self.town = town
        super().__init__(*args, **kwargs)
        _per_language(self, "name", _("Name of the place"), max_length=200)
        self.fields["kind"] = forms.ChoiceField(
            label=_("Kind of place"), choices=PlaceKind.choices, initial=PlaceKind.OTHER
        )
        _per_language(self, "activity", _("What happens there"), max_length=300)
        _per_language(self, "schedule", _("When"), max_length=200)
        self.fields["is_open_space"] = forms.BooleanField(
            label=_("Open to everyone"), required=False, initial=True
        )
        self.fields["location"] = forms.CharField(
            required=False,
            widget=forms.HiddenInput(attrs={"data-point-output": "location"}),
            error_messages={"required": _("Click the map where the place is.")},
        )

    @classmethod
    def initial_for(cls, place: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "kind": place.kind,
            "is_open_space": place.is_open_space,
            "location": place.location.geojson,
        }
        for field in ("name", "activity", "schedule"):
            for code in LANGUAGE_CODES:
                initial[f"{field}_{code}"] = getattr(place, f"{field}_{code}") or ""
        return initial

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        text = cleaned.get("location") or ""
        if not text:
            self.add_error(None, _("Click the map where the place is."))
            return cleaned
        try:
            cleaned["point"] = accept_geometry(
                text, allowed=("Point",), place=self.town
            )
        except GeometryRejected as rejected:
            self.add_error(None, str(rejected))
        return cleaned

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        point: AcceptedGeometry = data["point"]
        return {
            "names": per_language(data, "name"),
            "kind": data["kind"],
            "activities": per_language(data, "activity"),
            "schedules": per_language(data, "schedule"),
            "is_open_space": bool(data.get("is_open_space")),
            "location": point,
        }


# How the community being edited relates to the other one.
RELATIONS = {
    "partnership": (LinkKind.PARTNERSHIP, True),
    "joint_project": (LinkKind.JOINT_PROJECT, True),
    "umbrella_of": (LinkKind.UMBRELLA, True),  # this one is the umbrella
    "under_umbrella": (LinkKind.UMBRELLA, False),  # the other one is
}


class LinkForm(forms.Form):
    """A tie from the community being edited to another one of its town."""

    relation = forms.ChoiceField(
        label=_("Kind of link"),
        choices=[
            ("partnership", _("Partnership")),
            ("joint_project", _("Joint project")),
            ("umbrella_of", _("We are the umbrella organisation of")),
            ("under_umbrella", _("We are under the umbrella of")),
        ],
    )
    other: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("The other community"), queryset=Community.objects.none()
    )
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Itself included: the service says why a tie to itself is refused.
        field = self.fields["other"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Community.objects.filter(town_id=community.town_id).only(
            "pk", "slug", *[f"name_{code}" for code in LANGUAGE_CODES]
        )
