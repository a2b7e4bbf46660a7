"""Curated campaign texts stored in kk, ru and en (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Campaign, Category, Criterion, DesignSession, PaletteEntry


@register(Campaign)
class CampaignTranslation(TranslationOptions):
    fields = ("title", "description")
    required_languages = {"default": ("title",)}


@register(Category)
class CategoryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk", "ru", "en")


@register(Criterion)
class CriterionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk", "ru", "en")


@register(DesignSession)
class DesignSessionTranslation(TranslationOptions):
    fields = ("title", "brief")
    required_languages = {"default": ("title",)}


@register(PaletteEntry)
class PaletteEntryTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("kk", "ru", "en")
