"""Admin pages for towns, districts and sites, with the offline map widget."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.gis.admin import GISModelAdmin
from modeltranslation.admin import TranslationAdmin

from .forms import IntakeGeometryForm
from .intake import AREAS
from .models import District, Site, Town
from .widgets import OfflineMapWidget


class TownForm(IntakeGeometryForm):
    intake_fields = {"boundary": AREAS, "centre": ("Point",)}

    def intake_place(self):
        return None  # a town's own boundary defines its place


class DistrictForm(IntakeGeometryForm):
    intake_fields = {"boundary": AREAS}


class SiteForm(IntakeGeometryForm):
    intake_fields = {"boundary": ("Polygon",)}


class MapAdmin(GISModelAdmin, TranslationAdmin):
    """Shared by the three: local map widget, translated fields side by side."""

    gis_widget = OfflineMapWidget  # type: ignore[assignment]  # stubs say instance


@admin.register(Town)
class TownAdmin(MapAdmin):
    form = TownForm
    list_display = ["name", "slug", "utm_srid", "default_zoom", "modified"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(District)
class DistrictAdmin(MapAdmin):
    form = DistrictForm
    list_display = ["name", "town", "slug"]
    list_filter = ["town"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]


@admin.register(Site)
class SiteAdmin(MapAdmin):
    form = SiteForm
    list_display = ["name", "town", "status", "modified"]
    list_filter = ["town", "status"]
    search_fields = ["slug", "name_kk", "name_ru", "name_en"]
