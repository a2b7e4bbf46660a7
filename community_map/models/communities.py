"""Civic communities: who they are, where they work and meet, and whom they work with."""

from __future__ import annotations

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.fields import ArrayField
from django.db.models import F, Q
from django.db.models.functions import Greatest, Least
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mapping.db import geometry_constraints
from mapping.models import TimeStamped, Town
from moderation.models import Moderated


class CommunityKind(models.TextChoices):
    NGO = "ngo", _("NGO")
    INITIATIVE = "initiative", _("Initiative group")
    CLUB = "club", _("Club")
    INFORMAL = "informal", _("Informal group")
    BUSINESS = "business", _("Business")
    STATE = "state", _("State body")


class Topic(models.TextChoices):
    """What a community works on; shares its words with the concern categories."""

    YARDS = "yards", _("Yards and courtyards")
    LIGHTING = "lighting", _("Street lighting")
    TRANSPORT = "transport", _("Public transport")
    SNOW = "snow", _("Snow removal")
    HEATING = "heating", _("Heating")
    ROADS = "roads", _("Roads and pavements")
    AIR = "air", _("Air quality")
    ECOLOGY = "ecology", _("Ecology and green spaces")
    YOUTH = "youth", _("Youth")
    CHILDREN = "children", _("Children")
    ELDERLY = "elderly", _("Older people")
    DISABILITY = "disability", _("Accessibility and disability")
    CULTURE = "culture", _("Culture and heritage")
    SPORT = "sport", _("Sport")
    EDUCATION = "education", _("Education")
    HOUSING = "housing", _("Housing and utilities")
    SAFETY = "safety", _("Safety")
    CIVIC = "civic", _("Civic participation")


class Community(Moderated, TimeStamped):
    """A civic community: an NGO, an initiative group, a club, a business, a state body.

    ``name`` and ``description`` are kept in kk, ru and en (modeltranslation); a
    community may fill any one of them. ``private_contacts`` are for the NGOs that
    map the town and are never shown or exported publicly.
    """

    town = models.ForeignKey(
        Town,
        on_delete=models.PROTECT,
        related_name="communities",
        verbose_name=_("town"),
    )
    slug = models.SlugField(_("slug"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=CommunityKind)
    topics = ArrayField(
        models.CharField(max_length=16, choices=Topic),
        verbose_name=_("topics"),
        default=list,
        blank=True,
    )
    description = models.TextField(_("description"), blank=True)
    public_phone = models.CharField(_("public phone"), max_length=40, blank=True)
    public_email = models.EmailField(_("public e-mail"), blank=True)
    website = models.URLField(_("website or social page"), blank=True)
    private_contacts = models.TextField(
        _("private contacts"),
        blank=True,
        help_text=_("Names, phones and addresses for the mapping NGOs only."),
    )
    founded = models.PositiveSmallIntegerField(
        _("founded (year)"), null=True, blank=True
    )
    work_area = models.MultiPolygonField(
        _("areas of work"), srid=4326, null=True, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        ordering = ["town", "slug"]
        verbose_name = _("community")
        verbose_name_plural = _("communities")
        constraints = [
            *geometry_constraints("work_area"),
            models.UniqueConstraint(
                fields=["town", "slug"], name="community_map_community_slug_per_town"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=CommunityKind.values),
                name="community_map_community_kind_known",
            ),
            models.CheckConstraint(
                condition=Q(topics__contained_by=Topic.values),
                name="community_map_community_topics_known",
            ),
            models.CheckConstraint(
                condition=Q(founded__isnull=True) | Q(founded__range=(1900, 2100)),
                name="community_map_community_founded_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse(
            "community_map:community",
            kwargs={"town": self.town.slug, "slug": self.slug},
        )


class PlaceKind(models.TextChoices):
    YARD = "yard", _("Yard")
    PARK = "park", _("Park or square")
    EMBANKMENT = "embankment", _("Embankment")
    LIBRARY = "library", _("Library")
    SCHOOL = "school", _("School")
    CULTURE = "culture", _("House of culture")
    SPORT = "sport", _("Sports ground")
    CAFE = "cafe", _("Café")
    OFFICE = "office", _("Office")
    OTHER = "other", _("Other")


class MeetingPlace(Moderated, TimeStamped):
    """Where a community meets: what happens there and when."""

    community = models.ForeignKey(
        Community,
        on_delete=models.CASCADE,
        related_name="meeting_places",
        verbose_name=_("community"),
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(
        _("kind of place"), max_length=16, choices=PlaceKind, default=PlaceKind.OTHER
    )
    location = models.PointField(_("location"), srid=4326)
    activity = models.CharField(_("what happens there"), max_length=300, blank=True)
    schedule = models.CharField(_("when"), max_length=200, blank=True)
    is_open_space = models.BooleanField(
        _("open to everyone"),
        default=True,
        help_text=_("A public place anyone can come to, not a private office."),
    )

    class Meta:
        ordering = ["community", "name"]
        verbose_name = _("meeting place")
        verbose_name_plural = _("meeting places")
        constraints = [
            *geometry_constraints("location"),
            models.CheckConstraint(
                condition=Q(kind__in=PlaceKind.values),
                name="community_map_meetingplace_kind_known",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class LinkKind(models.TextChoices):
    PARTNERSHIP = "partnership", _("Partnership")
    UMBRELLA = "umbrella", _("Umbrella organisation")
    JOINT_PROJECT = "joint_project", _("Joint project")


class CommunityLink(TimeStamped):
    """A tie between two communities; for ``umbrella`` the source is the umbrella."""

    source = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="links_out"
    )
    target = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="links_in"
    )
    kind = models.CharField(_("kind of link"), max_length=16, choices=LinkKind)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["source", "target"]
        verbose_name = _("link between communities")
        verbose_name_plural = _("links between communities")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source=F("target")),
                name="community_map_link_not_to_itself",
                violation_error_message=_("A community cannot be linked to itself."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=LinkKind.values),
                name="community_map_link_kind_known",
            ),
            # One tie of a kind per pair, whichever way round it was entered.
            models.UniqueConstraint(
                Least("source", "target"),
                Greatest("source", "target"),
                "kind",
                name="community_map_link_once_per_pair",
                violation_error_message=_("These communities are already linked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source} – {self.target} ({self.get_kind_display()})"


class MemberRole(models.TextChoices):
    MAPPER = "mapper", _("NGO mapper: records concerns and sees exact locations")
    MEMBER = "member", _("Member")


class CommunityMember(TimeStamped):
    """A person in a community; mappers record and see its concerns exactly."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_memberships",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=MemberRole, default=MemberRole.MEMBER
    )

    class Meta:
        verbose_name = _("community member")
        verbose_name_plural = _("community members")
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"], name="community_map_member_once"
            ),
            models.CheckConstraint(
                condition=Q(role__in=MemberRole.values),
                name="community_map_member_role_known",
            ),
        ]
