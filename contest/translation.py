"""Curated contest texts stored in kk, ru and en (django-modeltranslation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Contest


@register(Contest)
class ContestTranslation(TranslationOptions):
    fields = ("title", "description", "organiser", "diploma_text", "certificate_text")
    required_languages = {"default": ("title",)}
