"""The Django admin's change forms sent back as a browser would, for admin tests."""

from __future__ import annotations

from typing import Any

from django import forms


def form_values(form: forms.BaseForm) -> dict[str, Any]:
    """Every field of one form with the value its page shows, under its prefix."""
    data: dict[str, Any] = {}
    for name, field in form.fields.items():
        key = form.add_prefix(name)
        value = form[name].value()
        if isinstance(field.widget, forms.CheckboxInput):
            if value:
                data[key] = "on"
        elif value is None:
            data[key] = ""
        elif hasattr(field.widget, "serialize"):  # a map widget: in the map's SRID
            shown = value.transform(field.widget.map_srid, clone=True)
            data[key] = field.widget.serialize(shown)
        elif isinstance(value, list | tuple):
            data[key] = [str(item) for item in value]
        else:
            data[key] = value
    return data


def unchanged(response: Any, **changes: Any) -> dict[str, Any]:
    """The change page's form and inlines as shown, with ``changes`` on top."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.forms:
            data.update(form_values(form))
    data.update(changes)
    return data


def add_inline_row(data: dict[str, Any], prefix: str, **fields: Any) -> dict[str, Any]:
    """One more (new) row of the inline whose formset prefix is ``prefix``."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    for name, value in fields.items():
        data[f"{prefix}-{index}-{name}"] = value
    return data
