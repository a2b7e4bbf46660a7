"""Community names and descriptions in kk, ru and en (any one of them may be given)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Community, MeetingPlace


@register(Community)
class CommunityTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = {"default": ()}


@register(MeetingPlace)
class MeetingPlaceTranslation(TranslationOptions):
    fields = ("name", "activity", "schedule")
    required_languages = {"default": ()}
