"""Forms for residents, the council and staff. Geometry passes mapping.intake."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mapping.intake import AcceptedGeometry, GeometryRejected, accept_geometry
from mapping.languages import LANGUAGE_CODES

from .models import BallotType, Campaign, Category
from .models.review import MAX_SCORE

PROPOSAL_SHAPES = ("Point", "LineString", "Polygon")
LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


class ProposalForm(forms.Form):
    """A resident's proposal: the drawn place arrives as GeoJSON from the map."""

    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("What should be done, and why?"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    category: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    cost_estimate = forms.IntegerField(
        label=_("Estimated cost, tenge"), min_value=0, max_value=10**12
    )
    language = forms.ChoiceField(
        label=_("Language of your text"),
        choices=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGE_CODES],
    )
    geometry = forms.CharField(
        label=_("Place on the map"),
        widget=forms.HiddenInput(attrs={"data-draw-output": "true"}),
        error_messages={
            "required": _("Draw a point, a line or an area on the map first.")
        },
    )
    photo = forms.FileField(label=_("Photo (optional)"), required=False)
    # The proposal's revision when the form was loaded (editing only): a save
    # from an older one is refused instead of overwriting (integrity.locking).
    revision = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=2**31 - 1
    )

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", get_language())
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.fields["category"].queryset = campaign.categories.all()  # type: ignore[attr-defined]

    def clean_geometry(self) -> AcceptedGeometry:
        try:
            return accept_geometry(
                self.cleaned_data["geometry"],
                allowed=PROPOSAL_SHAPES,
                place=self.campaign.town,
            )
        except GeometryRejected as rejection:
            raise forms.ValidationError(str(rejection), code=rejection.code) from None


class VerifyForm(forms.Form):
    """Residency for voting: an IIN or a one-time code, as the campaign takes them."""

    iin = forms.CharField(
        label=_("Your IIN (12 digits)"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    code = forms.CharField(
        label=_("…or the voting code from the project centre"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    either_message = _("Give either your IIN or a voting code.")
    code_label = _("The voting code from the project centre")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A method the campaign does not take is not offered.
        if not campaign.accepts_iin:
            del self.fields["iin"]
            self.fields["code"].label = self.code_label
        if not campaign.accepts_codes:
            del self.fields["code"]
        if len(self.fields) == 1:
            next(iter(self.fields.values())).required = True

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if len(self.fields) == 2 and bool(data.get("iin")) == bool(data.get("code")):
            raise forms.ValidationError(self.either_message)
        data.setdefault("iin", "")
        data.setdefault("code", "")
        return data


class BallotForm(forms.Form):
    """Ticks (approval, knapsack) or points (cumulative), one field per project."""

    def __init__(
        self,
        *args: Any,
        campaign: Campaign,
        projects: Any,
        current: dict[int, int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.campaign = campaign
        self.projects = list(projects)
        cumulative = campaign.ballot_type == BallotType.CUMULATIVE
        for project in self.projects:
            name = f"p{project.pk}"
            if cumulative:
                self.fields[name] = forms.IntegerField(
                    label=project.title,
                    min_value=0,
                    max_value=campaign.max_points,
                    required=False,
                    initial=current.get(project.pk, 0),
                )
            else:
                self.fields[name] = forms.BooleanField(
                    label=project.title,
                    required=False,
                    initial=project.pk in current,
                )

    def choices(self) -> dict[int, int]:
        """Project id → points from the cleaned data (ticks count as 1)."""
        chosen: dict[int, int] = {}
        for project in self.projects:
            value = self.cleaned_data.get(f"p{project.pk}")
            if value:
                chosen[project.pk] = int(value)
        return chosen

    def rows(self) -> list[tuple[Any, forms.BoundField]]:
        return [(p, self[f"p{p.pk}"]) for p in self.projects]


class PaperBallotForm(VerifyForm):
    """A clerk types in a paper ballot: the voter's IIN or code, then choices."""

    either_message = _("Give either the voter's IIN or their voting code.")
    code_label = _("The voter's voting code")

    def __init__(self, *args: Any, campaign: Campaign, **kwargs: Any) -> None:
        super().__init__(*args, campaign=campaign, **kwargs)
        if "iin" in self.fields:
            self.fields["iin"].label = _("The voter's IIN (12 digits)")
        if "code" in self.fields and "iin" in self.fields:
            self.fields["code"].label = _("…or their voting code")


class VotingCodeForm(forms.Form):
    """A clerk issues a voting code to a person who shows their IIN."""

    iin = forms.CharField(
        label=_("The person's IIN (12 digits)"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class ReviewForm(forms.Form):
    """A council member's scores (0-5 per criterion) and comment."""

    comment = forms.CharField(
        label=_("Comment for the author and the council"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, criteria: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        for criterion in self.criteria:
            self.fields[f"c{criterion.pk}"] = forms.IntegerField(
                label=criterion.name, min_value=0, max_value=MAX_SCORE
            )

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c{c.pk}"] for c in self.criteria}


class DecisionForm(forms.Form):
    """What the council decides, with the reason the author will read."""

    ACTIONS = (
        ("request_changes", _("Ask the author for changes")),
        ("revise_cost", _("Revise the cost")),
        ("accept", _("Accept for the ballot")),
        ("reject", _("Reject")),
    )
    action = forms.ChoiceField(label=_("Decision"), choices=ACTIONS)
    cost = forms.IntegerField(
        label=_("Revised cost, tenge"), min_value=0, max_value=10**12, required=False
    )
    reason = forms.CharField(
        label=_("Reason (the author sees it)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") == "revise_cost" and data.get("cost") is None:
            self.add_error("cost", _("Give the revised cost."))
        return data


class ProgressForm(forms.Form):
    """The akimat's report on building a winning proposal."""

    STATUSES = (
        ("", _("No change of status")),
        ("in_progress", _("Building has started")),
        ("built", _("Built")),
    )
    text = forms.CharField(
        label=_("What has been done"), widget=forms.Textarea(attrs={"rows": 3})
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUSES, required=False)
    photo = forms.FileField(label=_("Photo (optional)"), required=False)


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo"))
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)
