"""Demo: Aksu's children's drawing contest «Как я вижу Аксу будущего» (2023).

As at the III Tugan Qala town forum: parents and children sent 61 drawings, 45
participants received laureates' diplomas and 16 more participants' certificates.
Every row is written through the services, as families, the organisers and the
jury would write it: the contest is opened with today inside its submission
window, the drawings are sent and checked, the windows move on to judging, the
jury scores and the chair grants the awards; then the contest is given its 2023
dates and the rows their times in them. A contest that exists is left as it is,
so a second load adds nothing.

The children, their families and contacts are invented; the dates are
illustrative (the sources give the year, not the days).
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections import Counter
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.gis.geos import Point
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
)
from django.db.models import Value as V
from django.utils import timezone

from accounts.models import User
from codesign.demo.people import gather
from mapping.intake import accept_geometry
from mapping.models import Site, Town

from . import services
from .models import Award, Contest, Drawing, JuryScore, Stage
from .pictures import child_drawing
from .stages import move_to, reschedule, schedule_with

TOWN, SITE, SLUG = "aksu", "aksu-neglected-park", "how-i-see-aksu-2023"
DRAWINGS, DIPLOMAS = 61, 45
SUBMISSION = (dt.date(2023, 8, 1), dt.date(2023, 9, 10))
JUDGING = (dt.date(2023, 9, 11), dt.date(2023, 9, 20))
PLACED = 26  # drawings whose families marked a place in the park

TITLES = {
    "kk": "Болашақтағы Ақсуды мен қалай көремін",
    "ru": "Как я вижу Аксу будущего",
    "en": "How I see the Aksu of the future",
}
TEXTS = {
    "description": {
        "kk": (
            "Tugan Qala III қалалық форумының балалар суреті байқауы. Балалар өз "
            "қаласын және тұрғындар форумда әкімдікпен бірге жобалаған қараусыз "
            "қалған саябақты болашақта қалай көретінін салды. Ата-аналар мен балалар "
            "61 сурет жіберді: 45 қатысушы лауреат дипломын, тағы 16-сы қатысушы "
            "сертификатын алды."
        ),
        "ru": (
            "Конкурс детского рисунка III городского форума Tugan Qala. Дети "
            "нарисовали, каким видят свой город и запустевший парк, который жители "
            "проектировали на форуме вместе с акиматом. Родители и дети подали на "
            "конкурс 61 рисунок: дипломы лауреатов получили 45 участников, ещё 16 "
            "награждены сертификатами участников."
        ),
        "en": (
            "The children's drawing contest of the III Tugan Qala town forum. "
            "Children drew how they see their town and the neglected park that "
            "residents designed with the akimat at the forum. Parents and children "
            "sent 61 drawings: 45 participants received laureates' diplomas and 16 "
            "more participants' certificates."
        ),
    },
    "organiser": {
        "kk": "Tugan Qala III қалалық форумы · Ақсу",
        "ru": "III городской форум Tugan Qala · Аксу",
        "en": "III Tugan Qala town forum · Aksu",
    },
    "diploma_text": {
        "kk": "«Болашақтағы Ақсуды мен қалай көремін» балалар суреті байқауының лауреаты",
        "ru": "лауреат конкурса детского рисунка «Как я вижу Аксу будущего»",
        "en": "laureate of the children's drawing contest “How I see the Aksu of the future”",
    },
    "certificate_text": {
        "kk": "«Болашақтағы Ақсуды мен қалай көремін» балалар суреті байқауының қатысушысы",
        "ru": "участник конкурса детского рисунка «Как я вижу Аксу будущего»",
        "en": "participant of the children's drawing contest “How I see the Aksu of the future”",
    },
}

# What the children drew: a theme of pictures.py and titles in the child's language.
SUBJECTS: list[tuple[str, str, str]] = [
    ("playground", "kk", "Балалар алаңы"),
    ("playground", "ru", "Площадка моей мечты"),
    ("park", "kk", "Менің арман саябағым"),
    ("park", "ru", "Парк, где много деревьев"),
    ("park", "ru", "Радуга над парком"),
    ("fountain", "ru", "Фонтан в новом парке"),
    ("fountain", "kk", "Саябақтағы субұрқақ"),
    ("town", "ru", "Аксу будущего"),
    ("town", "kk", "Болашақтың Ақсуы"),
    ("embankment", "ru", "Набережная Иртыша"),
    ("embankment", "kk", "Ертіс жағасында"),
    ("night", "ru", "Вечерний парк с фонарями"),
    ("night", "kk", "Түнгі саябақ"),
    ("winter", "ru", "Зимой в парке"),
    ("winter", "kk", "Қысқы саябақ"),
    ("sport", "ru", "Футбольное поле для всех"),
    ("sport", "kk", "Спорт алаңы"),
    ("bikes", "ru", "Велодорожка через весь город"),
    ("bikes", "kk", "Велосипед жолы"),
]
FIRST_NAMES = {
    "kk": [
        ("Айлин", "Сейітқызы"),
        ("Нұрислам", "Жұмабаев"),
        ("Аружан", "Қасымова"),
        ("Ерасыл", "Омаров"),
        ("Томирис", "Тоқтарова"),
        ("Алихан", "Сәрсенов"),
        ("Інжу", "Нұрланқызы"),
        ("Димаш", "Бекұлы"),
        ("Айару", "Ахметова"),
        ("Мирас", "Әбенов"),
        ("Жансая", "Сұлтанова"),
        ("Нұрали", "Қайратұлы"),
    ],
    "ru": [
        ("Софья", "Ковальчук"),
        ("Артём", "Иванов"),
        ("Полина", "Петренко"),
        ("Максим", "Шульц"),
        ("Алиса", "Миронова"),
        ("Даниил", "Ким"),
        ("Варвара", "Соколова"),
        ("Тимур", "Ахметов"),
        ("Амина", "Бекова"),
        ("Егор", "Лебедев"),
        ("Милана", "Гордеева"),
        ("Арсений", "Кузнецов"),
    ],
}
JURY = [
    # (username, first name, last name, language, role, chairs the jury)
    ("expert", "", "", "", "Проектный центр Tugan Qala", True),
    (
        "art.teacher",
        "Сәуле",
        "Мұқанова",
        "kk",
        "Детская художественная школа Аксу",
        False,
    ),
    ("public.council", "", "", "", "Общественный совет города Аксу", False),
]


def load(stdout: Any = None) -> dict[str, int]:
    """Add Aksu's 2023 drawing contest, unless it is there already."""
    out = stdout if stdout is not None else sys.stdout
    town = Town.objects.filter(slug=TOWN).first()
    if town is None:
        out.write("Drawing contest demo: skipped, load the Aksu demo town first.\n")
        return {}
    if Contest.objects.filter(town=town, slug=SLUG).exists():
        return {}
    with transaction.atomic():
        counts = _contest(town, out)
    out.write(f"Drawing contest demo: added “{TITLES['en']}” ({SLUG}).\n")
    return counts


def _contest(town: Town, out: Any) -> dict[str, int]:
    rng = random.Random("birge-contest-demo")
    people = gather(town, out)
    counts: Counter = Counter(people.counts)
    site = Site.objects.filter(town=town, slug=SITE).first()
    contest = services.contest_create(
        town=town,
        slug=SLUG,
        titles=TITLES,
        texts=TEXTS,
        site=site,
        min_age=4,
        max_age=15,
        **schedule_with(Stage.SUBMISSION),
    )
    counts["contests"] += 1
    jury = [_juror(contest, *row, counts) for row in JURY]
    chair = jury[0]
    families = people.residents
    drawings = [
        _send(contest, families[i % len(families)], i, site, rng)
        for i in range(DRAWINGS)
    ]
    for drawing in drawings:
        services.drawing_accept(drawing=drawing, by=chair)
    counts["drawings"] += len(drawings)

    contest = move_to(contest, Stage.JUDGING)
    laureates = set(rng.sample(range(DRAWINGS), DIPLOMAS))
    for i, drawing in enumerate(drawings):
        # Laureates' scores lie above every other drawing's: the jury's line is clear.
        low, high = (7, 10) if i in laureates else (3, 6)
        for juror in jury:
            services.jury_score(
                drawing=drawing, juror=juror, score=rng.randint(low, high)
            )
            counts["jury_scores"] += 1
    awards = services.awards_grant(
        contest=contest, by=chair, diplomas=DIPLOMAS, awarded_on=JUDGING[1]
    )
    for award in awards:
        counts[f"{award.kind}s"] += 1
    contest = reschedule(contest, submission=SUBMISSION, judging=JUDGING)
    _date_rows(contest)
    return dict(counts)


def _juror(
    contest: Contest,
    username: str,
    first_name: str,
    last_name: str,
    language: str,
    role: str,
    is_chair: bool,
    counts: Counter,
) -> User:
    users = get_user_model()._default_manager
    user = users.filter(username=username).first()
    if user is None:
        # Only the documented demo accounts sign in; this one has no password.
        user = users.create_user(
            username=username,
            password=None,
            first_name=first_name,
            last_name=last_name,
            preferred_language=language,
        )
        counts["users"] += 1
    services.jury_member_add(contest=contest, user=user, role=role, is_chair=is_chair)
    counts["jury_members"] += 1
    return user


def _send(
    contest: Contest, family: User, i: int, site: Site | None, rng: random.Random
) -> Drawing:
    theme, language, title = SUBJECTS[i % len(SUBJECTS)]
    first_name, surname = FIRST_NAMES[language][(i * 5) % len(FIRST_NAMES[language])]
    picture = child_drawing(theme, i)
    return services.drawing_submit(
        contest=contest,
        sender=family,
        upload=SimpleUploadedFile(f"drawing-{i + 1}.png", picture, "image/png"),
        title=title,
        language=language,
        child_first_name=first_name,
        child_full_name=f"{first_name} {surname}",
        child_age=rng.randint(contest.min_age, contest.max_age),
        guardian_contact=f"+7 700 555 {i + 1:04d}",
        consent=True,
        place=_place_in(contest.town, site, rng) if site and i < PLACED else None,
    )


def _place_in(town: Town, site: Site, rng: random.Random) -> Any:
    """A point inside the park, through the intake like a tap on the map."""
    west, south, east, north = site.boundary.extent
    for _attempt in range(200):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if site.boundary.contains(Point(lon, lat, srid=4326)):
            break
    else:
        centre = site.boundary.point_on_surface
        lon, lat = centre.x, centre.y
    point = {"type": "Point", "coordinates": [round(lon, 6), round(lat, 6)]}
    return accept_geometry(point, allowed=("Point",), place=town)


def _date_rows(contest: Contest) -> None:
    """Give rows times in the 2023 windows, in order, instead of today's."""

    def moment(day: dt.date, hour: int) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    announced = moment(SUBMISSION[0] - dt.timedelta(days=14), 10)
    Contest.objects.filter(pk=contest.pk).update(created=announced, modified=announced)
    spans = (
        (Drawing.objects.filter(contest=contest), SUBMISSION),
        (JuryScore.objects.filter(drawing__contest=contest), JUDGING),
        (Award.objects.filter(contest=contest), (JUDGING[1], JUDGING[1])),
    )
    for rows, (first, last) in spans:
        bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
        if bounds["high"] is None:
            continue
        start, end = moment(first, 9), moment(last, 18)
        # Rows were added in order: spread their times over the window by pk.
        step = (end - start) / max(bounds["high"] - bounds["low"], 1)
        stamp = ExpressionWrapper(
            V(start)
            + ExpressionWrapper(
                (F("pk") - bounds["low"]) * V(step), output_field=DurationField()
            ),
            output_field=DateTimeField(),
        )
        extra = {"consented_at": stamp} if rows.model is Drawing else {}
        rows.update(created=stamp, modified=stamp, **extra)
