"""Curated content stored in kk, ru and en (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import District, Site, Town


@register(Town)
class TownTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk", "ru", "en")


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk", "ru", "en")


@register(Site)
class SiteTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"default": ("name",)}
