"""Forms of the contest pages. A drawing's place passes mapping.intake."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mapping.intake import AcceptedGeometry, GeometryRejected, accept_geometry
from mapping.languages import LANGUAGE_CODES

from .models import AGE_MAX, AGE_MIN, SCORE_MAX, SCORE_MIN, Contest

LANGUAGE_NAMES = {"kk": "Қазақша", "ru": "Русский", "en": "English"}


class DrawingForm(forms.Form):
    """A parent or guardian sends a child's drawing, with an optional place."""

    image = forms.FileField(
        label=_("The drawing"),
        help_text=_(
            "A photo or scan of the drawing (JPEG, PNG or WebP). Location and "
            "camera details are removed from the file."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp"}
        ),
    )
    title = forms.CharField(label=_("Title of the drawing"), max_length=120)
    description = forms.CharField(
        label=_("What is in the drawing? (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    language = forms.ChoiceField(
        label=_("Language of the title"),
        choices=[(c, LANGUAGE_NAMES[c]) for c in LANGUAGE_CODES],
    )
    child_first_name = forms.CharField(
        label=_("Child's first name"),
        max_length=60,
        help_text=_("Shown in the gallery."),
    )
    child_age = forms.IntegerField(
        label=_("Child's age"),
        min_value=AGE_MIN,
        max_value=AGE_MAX,
        help_text=_("Shown in the gallery."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    child_full_name = forms.CharField(
        label=_("Child's first name and surname"),
        max_length=160,
        help_text=_("Only for the diploma or certificate; never shown in the gallery."),
    )
    guardian_contact = forms.CharField(
        label=_("Your phone or e-mail"),
        max_length=120,
        help_text=_("Only the organisers see it, to reach you about the award."),
        widget=forms.TextInput(attrs={"autocomplete": "tel"}),
    )
    place = forms.CharField(
        label=_("Place on the map (optional)"),
        required=False,
        widget=forms.HiddenInput(attrs={"data-place-output": "true"}),
    )
    consent = forms.BooleanField(
        label=_(
            "I am the child's parent or guardian, and I agree that the drawing is "
            "shown publicly with the child's first name and age."
        ),
        error_messages={"required": _("Your agreement is needed to take part.")},
    )

    def __init__(self, *args: Any, contest: Contest, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("language", get_language())
        super().__init__(*args, **kwargs)
        self.contest = contest
        age = self.fields["child_age"]
        assert isinstance(age, forms.IntegerField)
        age.widget.attrs.update({"min": contest.min_age, "max": contest.max_age})

    def clean_place(self) -> AcceptedGeometry | None:
        text = (self.cleaned_data.get("place") or "").strip()
        if not text:
            return None
        try:
            return accept_geometry(text, allowed=("Point",), place=self.contest.town)
        except GeometryRejected as rejection:
            raise forms.ValidationError(str(rejection), code=rejection.code) from None


class ScoreForm(forms.Form):
    """One juror's score of one drawing."""

    drawing = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    score = forms.IntegerField(
        label=_("Score"),
        min_value=SCORE_MIN,
        max_value=SCORE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AwardsForm(forms.Form):
    """How many of the top-ranked drawings receive a diploma."""

    diplomas = forms.IntegerField(
        label=_("Diplomas for the drawings ranked 1 to"), min_value=0, max_value=10000
    )
