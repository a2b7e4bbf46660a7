"""An NGO's file of concerns on its way in: uploaded, mapped, checked, imported.

Rows are read and checked into ``ConcernImportRow`` in chunks (each chunk committed,
so the progress bar survives a reload and a restarted worker resumes). Nothing
reaches ``Concern`` until the import step, which writes every accepted row in one
statement: a failed import leaves nothing half-written.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mapping.db import geometry_constraints
from mapping.models import TimeStamped, Town

from .communities import Community


class ImportState(models.TextChoices):
    UPLOADED = "uploaded", _("Uploaded: choose the columns")
    CHECKING = "checking", _("Checking the rows")
    CHECKED = "checked", _("Checked: ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class ConcernImport(TimeStamped):
    """One uploaded file of concerns and where its import stands."""

    town = models.ForeignKey(Town, on_delete=models.CASCADE, related_name="+")
    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="imports",
        verbose_name=_("community"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(_("file name"), max_length=255)
    file_format = models.CharField(_("format"), max_length=16)
    # The file itself, kept in the database (not under MEDIA_ROOT, which is served)
    # until the import ends; then it is cleared.
    content = models.BinaryField(editable=False)
    columns = models.JSONField(_("columns"), default=list)
    # The column that holds the file's own shapes as WKT (GIS formats), if any.
    geometry_column = models.CharField(max_length=120, blank=True)
    preview = models.JSONField(default=list)  # the first rows' cells, as read
    # {"fields": {field slug: column}, "default_source": code}
    mapping = models.JSONField(_("column mapping"), default=dict)
    skip_flagged = models.BooleanField(_("skip the flagged rows"), default=False)
    state = models.CharField(
        _("state"), max_length=16, choices=ImportState, default=ImportState.UPLOADED
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    flagged_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    failure = models.TextField(_("why it failed"), blank=True)
    heartbeat = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("import of concerns")
        verbose_name_plural = _("imports of concerns")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=ImportState.values),
                name="community_map_import_state_known",
            ),
            models.CheckConstraint(
                condition=Q(processed_rows__lte=models.F("total_rows")),
                name="community_map_import_progress_within_total",
            ),
        ]

    def __str__(self) -> str:
        return self.file_name


class ConcernImportRow(models.Model):
    """One row of the file: its raw cells, what they mean, and what is wrong."""

    job = models.ForeignKey(
        ConcernImport, on_delete=models.CASCADE, related_name="rows"
    )
    number = models.PositiveIntegerField(_("row"))  # as the NGO sees it in its file
    raw = models.JSONField(default=dict)  # column -> cell text, as read
    values = models.JSONField(default=dict)  # field -> normalised value
    location = models.GeometryField(srid=4326, null=True, blank=True)
    problems = models.JSONField(default=list)  # [{"field", "column", "message"}]
    checked = models.BooleanField(default=False)

    class Meta:
        ordering = ["job", "number"]
        constraints = [
            *geometry_constraints("location"),
            models.UniqueConstraint(
                fields=["job", "number"], name="community_map_import_row_once"
            ),
        ]
        indexes = [models.Index(fields=["job", "checked"])]

    def __str__(self) -> str:
        return f"{self.job} #{self.number}"
