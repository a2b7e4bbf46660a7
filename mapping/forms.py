"""Admin and page forms send their geometry through the intake, like the API."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from .intake import GeometryRejected, Place, accept_geometry


class IntakeGeometryForm(forms.ModelForm):
    """A model form whose geometry fields pass mapping.intake.

    `intake_fields` maps a field name to the geometry types it accepts; the place
    (the town the shape must lie in) comes from `intake_place()`.
    """

    intake_fields: ClassVar[dict[str, tuple[str, ...]]] = {}

    def intake_place(self) -> Place | None:
        return self.cleaned_data.get("town")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        place = self.intake_place()
        for name, allowed in self.intake_fields.items():
            value = cleaned.get(name)
            if value is None:
                continue
            try:
                accepted = accept_geometry(value, allowed=allowed, place=place)
            except GeometryRejected as rejection:
                self.add_error(name, str(rejection))
                continue
            model_field = self._meta.model._meta.get_field(name)
            multi = model_field.geom_type.startswith("MULTI")
            cleaned[name] = accepted.as_multi() if multi else accepted.geometry
        return cleaned
