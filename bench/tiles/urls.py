"""Birge's URLs plus the benchmark's serializer baseline (bench.tiles.settings)."""

from django.urls import URLPattern, URLResolver, path

from config.urls import handler404, handler500
from config.urls import urlpatterns as birge

from .serializer import ProposalFeatures

__all__ = ["handler404", "handler500", "urlpatterns"]

urlpatterns: list[URLPattern | URLResolver] = [
    path("bench/serializer/proposals/", ProposalFeatures.as_view()),
    *birge,
]
