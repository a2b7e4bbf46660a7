"""Pages of the concern import: upload, mapping, progress, report, summary (thin)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mapping.models import Town
from mapping.refusals import ActionRefused, person

from ..conf import import_limits
from ..imports import worker
from ..imports.columns import FIELDS
from ..models import Community, ConcernImport, ConcernSource, ImportState
from ..privacy import mapped_communities
from ..services import imports as services

FLAGGED_SHOWN = 200


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File"),
        allow_empty_file=True,  # refused by mapping.files, saying what to do
        help_text=gettext_lazy(
            "CSV, Excel (XLSX), GeoJSON, GeoPackage, KML or a zipped shapefile."
        ),
    )
    community: forms.ModelChoiceField[Community] = forms.ModelChoiceField(
        queryset=Community.objects.none(),
        label=gettext_lazy("Community"),
        help_text=gettext_lazy("The concerns are imported for this community."),
    )

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["community"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = communities
        if communities.count() == 1:
            field.initial = communities.first()


class MappingForm(forms.Form):
    """A select per Birge field, listing the file's columns."""

    def __init__(self, *args: Any, job: ConcernImport, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        columns = [("", _("— not in the file —"))] + [(c, c) for c in job.columns]
        chosen = job.mapping.get("fields", {})
        for field in FIELDS:
            self.fields[field.slug] = forms.ChoiceField(
                label=field.label,
                choices=columns,
                required=False,
                initial=chosen.get(field.slug, ""),
            )
        self.fields["default_source"] = forms.ChoiceField(
            label=gettext_lazy("Source of rows that name none"),
            choices=ConcernSource.choices,
            initial=job.mapping.get("default_source", ConcernSource.SURVEY),
        )


def _town(slug: str) -> Town:
    return get_object_or_404(Town, slug=slug)


def _job(request: HttpRequest, town: str, pk: int) -> ConcernImport:
    """The job, if this person maps its community (or is staff); else 404."""
    job = get_object_or_404(
        ConcernImport.objects.select_related("town", "community").defer("content"),
        pk=pk,
        town__slug=town,
    )
    if not request.user.has_perm("community_map.import_concerns", job.community):
        raise Http404(_("There is no such import."))
    return job


def _communities(request: HttpRequest, town: Town) -> Any:
    return Community.objects.filter(pk__in=mapped_communities(request.user, town.pk))


@login_required
@require_http_methods(["GET", "POST"])
def import_new(request: HttpRequest, town: str) -> HttpResponse:
    """Upload a file of concerns for a community this person maps."""
    place = _town(town)
    communities = _communities(request, place)
    if not communities.exists():
        raise Http404(_("You map no community in this town."))
    form = UploadForm(
        request.POST or None, request.FILES or None, communities=communities
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                job = services.import_upload(
                    actor=person(request),
                    town=place,
                    community=form.cleaned_data["community"],
                    upload=form.cleaned_data["file"],
                )
            except ActionRefused as refusal:
                form.add_error("file", str(refusal))
                status = 404 if refusal.status == 404 else 400
                if refusal.status == 413:
                    status = 413
            else:
                return redirect("community_map:import", town=place.slug, pk=job.pk)
    recent = ConcernImport.objects.filter(town=place, community__in=communities).defer(
        "content"
    )[:10]
    return render(
        request,
        "community_map/import_new.html",
        {
            "town": place,
            "form": form,
            "limits": import_limits(),
            "fields": FIELDS,
            "recent": recent,
        },
        status=status,
    )


def _page(
    request: HttpRequest,
    job: ConcernImport,
    *,
    status: int = 200,
    refusal: str = "",
    mapping_form: MappingForm | None = None,
) -> HttpResponse:
    context: dict[str, Any] = {
        "town": job.town,
        "job": job,
        "refusal": refusal,
        "states": ImportState,
        "status_url": reverse(
            "community_map:import-status", kwargs={"town": job.town.slug, "pk": job.pk}
        ),
    }
    if job.state in (ImportState.UPLOADED, ImportState.CHECKED, ImportState.FAILED):
        context["mapping_form"] = mapping_form or MappingForm(job=job)
        context["preview_columns"] = job.columns
        context["preview_rows"] = [
            (row["number"], [row["cells"].get(c, "") for c in job.columns])
            for row in job.preview
        ]
    if job.state in (ImportState.CHECKED, ImportState.FAILED):
        flagged = job.rows.exclude(problems=[]).order_by("number")
        context["flagged"] = flagged[:FLAGGED_SHOWN]
        context["flagged_more"] = max(job.flagged_rows - FLAGGED_SHOWN, 0)
        context["ready"] = job.processed_rows - job.flagged_rows
        context["importing"] = (
            context["ready"] if job.skip_flagged or not job.flagged_rows else 0
        )
    context["progress_text"] = _progress_text(job)
    return render(request, "community_map/import_job.html", context, status=status)


def _progress_text(job: ConcernImport) -> str:
    return _("%(done)s of %(total)s rows checked") % {
        "done": formats.number_format(job.processed_rows, force_grouping=True),
        "total": formats.number_format(job.total_rows, force_grouping=True),
    }


@require_GET
def import_job(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    """The job as it stands: mapping, progress, report or summary."""
    job = _job(request, town, pk)
    if worker.resume_if_stale(job):
        job.refresh_from_db()
    return _page(request, job)


@require_GET
def import_status(request: HttpRequest, town: str, pk: int) -> JsonResponse:
    """Progress for the page's script; restarts a checker that stopped beating."""
    job = _job(request, town, pk)
    if worker.resume_if_stale(job):
        job.refresh_from_db()
    return JsonResponse(
        {
            "state": job.state,
            "state_label": job.get_state_display(),
            "processed": job.processed_rows,
            "total": job.total_rows,
            "flagged": job.flagged_rows,
            "text": _progress_text(job),
            "checking": job.state == ImportState.CHECKING,
        }
    )


def _back(job: ConcernImport) -> HttpResponse:
    return redirect("community_map:import", town=job.town.slug, pk=job.pk)


def _refused(
    request: HttpRequest, job: ConcernImport, refusal: ActionRefused
) -> HttpResponse:
    job.refresh_from_db()
    if refusal.status == 404:
        raise Http404(str(refusal.message))
    return _page(request, job, status=refusal.status, refusal=str(refusal))


@require_POST
def import_mapping(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    job = _job(request, town, pk)
    form = MappingForm(request.POST, job=job)
    if not form.is_valid():
        return _page(request, job, status=400, mapping_form=form)
    fields = {f.slug: form.cleaned_data.get(f.slug, "") for f in FIELDS}
    try:
        services.import_map_columns(
            actor=person(request),
            job=job,
            fields=fields,
            default_source=form.cleaned_data["default_source"],
        )
    except ActionRefused as refusal:
        return _refused(request, job, refusal)
    return _back(job)


@require_POST
def import_fix_row(
    request: HttpRequest, town: str, pk: int, number: int
) -> HttpResponse:
    job = _job(request, town, pk)
    cells = {
        column: request.POST[column] for column in job.columns if column in request.POST
    }
    try:
        services.import_fix_row(
            actor=person(request), job=job, number=number, cells=cells
        )
    except ActionRefused as refusal:
        return _refused(request, job, refusal)
    return redirect(
        reverse("community_map:import", kwargs={"town": town, "pk": pk})
        + "#flagged-rows"
    )


@require_POST
def import_skip(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    job = _job(request, town, pk)
    try:
        services.import_skip_flagged(
            actor=person(request), job=job, skip=request.POST.get("skip", "1") == "1"
        )
    except ActionRefused as refusal:
        return _refused(request, job, refusal)
    return _back(job)


@require_POST
def import_publish(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    job = _job(request, town, pk)
    try:
        services.import_publish(actor=person(request), job=job)
    except ActionRefused as refusal:
        return _refused(request, job, refusal)
    return _back(job)


@require_POST
def import_cancel(request: HttpRequest, town: str, pk: int) -> HttpResponse:
    job = _job(request, town, pk)
    try:
        services.import_cancel(actor=person(request), job=job)
    except ActionRefused as refusal:
        return _refused(request, job, refusal)
    return redirect("community_map:import-new", town=job.town.slug)


_JOB = "towns/<slug:town>/concerns/import/<int:pk>/"
urlpatterns = [
    path("towns/<slug:town>/concerns/import/", import_new, name="import-new"),
    path(_JOB, import_job, name="import"),
    path(_JOB + "status.json", import_status, name="import-status"),
    path(_JOB + "mapping/", import_mapping, name="import-mapping"),
    path(_JOB + "rows/<int:number>/", import_fix_row, name="import-fix-row"),
    path(_JOB + "skip/", import_skip, name="import-skip"),
    path(_JOB + "publish/", import_publish, name="import-publish"),
    path(_JOB + "cancel/", import_cancel, name="import-cancel"),
]
