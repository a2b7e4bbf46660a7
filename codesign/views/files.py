"""The official plan from a file, and a session's concepts as files for GIS and CAD."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from .. import concept_exports, concept_files
from ..comparison.vocabulary import GEOMETRY_TYPES, kind
from ..errors import ActionRefused
from ..models import Concept, ConceptVersion, DesignSession
from ..services.concepts import official_plan_upload
from .common import person, refused


class OfficialPlanForm(forms.Form):
    plan = forms.FileField(
        label=gettext_lazy("Plan file"),
        help_text=gettext_lazy("GeoJSON, GeoPackage, KML or DXF."),
    )
    title = forms.CharField(
        label=gettext_lazy("Title of the plan"), max_length=200, required=False
    )


def _session(town: str, site: str, session: str) -> DesignSession:
    return get_object_or_404(
        DesignSession.objects.select_related("site__town"),
        site__town__slug=town,
        site__slug=site,
        slug=session,
    )


@require_http_methods(["GET", "POST"])
def official_upload(
    request: HttpRequest, town: str, site: str, session: str
) -> HttpResponse:
    """The akimat's architects upload the official plan (others see no such page)."""
    design = _session(town, site, session)
    if not request.user.has_perm("codesign.upload_official_plan", design):
        raise Http404
    official = Concept.objects.filter(session=design, official=True).first()
    form = OfficialPlanForm(
        request.POST or None,
        request.FILES or None,
        initial={"title": official.title if official else _("The akimat's plan")},
    )
    status = 200
    if request.method == "POST" and form.is_valid():
        palette = list(design.palette.values_list("kind", flat=True))
        plan = None
        try:
            plan = concept_files.read_plan(
                form.cleaned_data["plan"], town=design.site.town, palette=palette
            )
            version = official_plan_upload(
                session=design,
                author=person(request),
                elements=plan.elements,
                title=form.cleaned_data["title"],
            )
        except ActionRefused as refusal:
            status = refused(request, plan.locate(refusal) if plan else refusal, form)
        else:
            messages.success(
                request,
                _(
                    "The official plan is saved as version %(n)d with %(count)d elements."
                )
                % {"n": version.number, "count": len(plan.elements)},
            )
            return redirect(
                "codesign:concept",
                town=town,
                site=site,
                session=session,
                pk=version.concept_id,
            )
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "codesign/official_upload.html",
        {
            "town": design.site.town,
            "site": design.site,
            "design": design,
            "official": official,
            "form": form,
            "kinds": _kinds(design),
            "limits": concept_files.configured_limits(),
        },
        status=status,
    )


def _kinds(design: DesignSession) -> list[dict[str, object]]:
    """The palette as the upload page lists it: code, names, shape, colour."""
    shapes = {
        "zone": _("area (polygon; in DXF a closed polyline)"),
        "path": _("line"),
        "object": _("point (in DXF a point or a block)"),
    }
    rows: list[dict[str, object]] = []
    for entry in design.palette.all():
        vocabulary = kind(entry.kind)
        rows.append(
            {
                "slug": entry.kind,
                "names": vocabulary.names,
                "shape": shapes[vocabulary.family],
                "types": sorted(GEOMETRY_TYPES[vocabulary.family]),
                "colour": entry.colour,
            }
        )
    return rows


@require_GET
def export(
    request: HttpRequest, town: str, site: str, session: str, fmt: str
) -> HttpResponse:
    """The submitted concepts as GeoPackage, GeoJSON or DXF (?concept= for one)."""
    if fmt not in concept_exports.FORMATS:
        raise Http404(_("There is no such export."))
    design = _session(town, site, session)
    concept_id = request.GET.get("concept")
    if concept_id is not None and not (
        concept_id.isdigit()
        # A draft, a hidden concept or another session's is not there for an export.
        and ConceptVersion.objects.filter(
            concept_id=int(concept_id),
            concept__session=design,
            concept__is_hidden=False,
            submitted_at__isnull=False,
        ).exists()
    ):
        raise Http404(_("There is no such concept."))
    body = concept_exports.export(
        design, fmt, concept_id=int(concept_id) if concept_id else None
    )
    response = HttpResponse(body, content_type=concept_exports.FORMATS[fmt])
    stem = design.slug if concept_id is None else f"{design.slug}-concept-{concept_id}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    return response
