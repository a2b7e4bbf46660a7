"""Demo participatory budgeting for Aksu: five Tugan Qala rounds, one in each phase.

Every row is written through the services, as residents, the expert council and the
akimat would write it. To reach a later phase, a round is created in the proposals
phase and its dates are moved on (as time passing would) before each phase's actions.
Adds what is missing, keyed by (town, slug): a round that exists is left as it is,
so a second load adds nothing and keeps everyone's edits.

Demo accounts that can sign in with DEMO_PASSWORD: ``resident`` (writes in Kazakh),
``expert`` (on the expert council of every round) and ``akimat`` (staff).
"""

from __future__ import annotations

import datetime as dt
import json
import math
import random
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.gis.geos import GEOSGeometry
from django.db import transaction
from django.db.models import (
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Min,
    Model,
    OuterRef,
    Subquery,
)
from django.db.models import Value as V
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mapping.intake import AcceptedGeometry, accept_geometry
from mapping.models import District, Town

from . import services
from .identity import iin_check_digit
from .models import (
    Ballot,
    BallotType,
    Campaign,
    Phase,
    ProgressNote,
    Proposal,
    ProposalStatus,
    ProposalVersion,
    ResultEntry,
    Review,
    Rule,
    VoterRegistration,
)
from .phases import schedule_with

DEMO_PASSWORD = "birge-demo"
TOWN = "aksu"
KINDS = ("Point", "LineString", "Polygon")
VOTING_CODES = 20
MILLION = 1_000_000
CHEAPEST = 1_500_000  # less than this is repairs, not a Tugan Qala project

# ---------------------------------------------------------------- curated texts

CATEGORIES = {
    "playgrounds": {
        "kk": "Балалар ойын алаңдары",
        "ru": "Детские площадки",
        "en": "Playgrounds",
    },
    "sport": {"kk": "Спорт алаңдары", "ru": "Спортивные площадки", "en": "Sport"},
    "greenery": {
        "kk": "Қоғамдық кеңістіктер мен көгалдандыру",
        "ru": "Общественные пространства и озеленение",
        "en": "Public spaces and greenery",
    },
    "lighting": {
        "kk": "Жарықтандыру және қауіпсіздік",
        "ru": "Освещение и безопасность",
        "en": "Lighting and safety",
    },
    "culture": {
        "kk": "Мәдениет және өнер",
        "ru": "Культура и искусство",
        "en": "Culture and art",
    },
    "accessibility": {
        "kk": "Қолжетімді орта",
        "ru": "Доступная среда",
        "en": "Accessibility",
    },
}

CRITERIA = (
    {
        "kk": "Тұрғындарға пайдасы және қамту аясы",
        "ru": "Польза для жителей и охват",
        "en": "Benefit to residents and how many it serves",
    },
    {
        "kk": "Іске асырылуы және сметаның шынайылығы",
        "ru": "Реализуемость и реалистичность сметы",
        "en": "Feasibility and a realistic cost",
    },
    {
        "kk": "Қауіпсіздік және қолжетімділік",
        "ru": "Безопасность и доступность",
        "en": "Safety and accessibility",
    },
)

SEASONS = {
    "winter": {"kk": "қыс", "ru": "зима", "en": "winter"},
    "spring": {"kk": "көктем", "ru": "весна", "en": "spring"},
    "summer": {"kk": "жаз", "ru": "лето", "en": "summer"},
    "autumn": {"kk": "күз", "ru": "осень", "en": "autumn"},
}
# January to December.
SEASON_OF_MONTH = (
    ("winter",) * 2 + ("spring",) * 3 + ("summer",) * 3 + ("autumn",) * 3 + ("winter",)
)
MONTHS = {
    "kk": [
        "қаңтар",
        "ақпан",
        "наурыз",
        "сәуір",
        "мамыр",
        "маусым",
        "шілде",
        "тамыз",
        "қыркүйек",
        "қазан",
        "қараша",
        "желтоқсан",
    ],
    "ru": [
        "январь",
        "февраль",
        "март",
        "апрель",
        "май",
        "июнь",
        "июль",
        "август",
        "сентябрь",
        "октябрь",
        "ноябрь",
        "декабрь",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}

DESCRIPTION = {
    "kk": "Ақсу тұрғындары туған қаласын абаттандыру идеяларын ұсынады: аулалар, "
    "спорт алаңдары, жарықтандыру, қолжетімді орта. Бюджет — {budget} млн теңге, "
    "бір бастаманың құны {cap} млн теңгеден аспауы керек. Ұсыныстарды сараптамалық "
    "кеңес (әкімдік, қала құраушы кәсіпорындар, демеуші және қоғам өкілдері) "
    "қарайды, содан кейін тұрғындар дауыс береді.",
    "ru": "Жители Аксу предлагают, как благоустроить родной город: дворы, "
    "спортивные площадки, освещение, доступная среда. Бюджет — {budget} млн тенге, "
    "одна инициатива — не дороже {cap} млн тенге. Заявки рассматривает экспертный "
    "совет (акимат, градообразующие предприятия, спонсор и общественники), затем "
    "жители голосуют.",
    "en": "Aksu residents propose how to improve their town: yards, sport grounds, "
    "lighting, accessibility. Budget {budget} million tenge; one initiative may "
    "cost at most {cap} million tenge. The expert council (akimat, town-forming "
    "enterprises, the sponsor and public figures) reviews the proposals, then "
    "residents vote.",
}
BALLOT_RULES: dict[str, dict[str, str]] = {
    BallotType.APPROVAL: {
        "kk": "Әр тұрғын {n} жобаға дейін таңдай алады.",
        "ru": "Каждый может отметить до {n} проектов.",
        "en": "Each resident may tick up to {n} projects.",
    },
    BallotType.KNAPSACK: {
        "kk": "Әр тұрғын жалпы құны бюджеттен аспайтын жобаларды таңдайды.",
        "ru": "Каждый выбирает проекты, общая стоимость которых укладывается в бюджет.",
        "en": "Each resident chooses projects whose total cost fits the budget.",
    },
    Rule.EQUAL_SHARES: {
        "kk": "Жеңімпаздар тең үлестер әдісімен анықталады.",
        "ru": "Победители определяются методом равных долей.",
        "en": "Winners are chosen by the Method of Equal Shares.",
    },
}

# (kk, ru): street names as each language writes them.
STREETS = (
    ("Абай", "Абая"),
    ("Әуезов", "Ауэзова"),
    ("Сәтбаев", "Сатпаева"),
    ("Торайғыров", "Торайгырова"),
    ("Пушкин", "Пушкина"),
    ("Астана", "Астана"),
    ("Камзин", "Камзина"),
    ("Желтоқсан", "Желтоксан"),
    ("Бейбітшілік", "Мира"),
    ("Строительная", "Строительная"),
)


@dataclass(frozen=True)
class Idea:
    """A kind of proposal Aksu residents make, written once in its author's language."""

    language: str
    category: str
    kind: str  # Point, LineString or Polygon
    districts: tuple[str, ...]
    title: str
    description: str
    cost: tuple[float, float]  # millions of tenge, for a 9 million cap
    appeal: float  # how readily residents vote for it
    size: int = 0  # metres: a polygon's side or a line's length


CENTRE = ("central", "northern")
HOMES = ("central", "northern", "riverside")
RIVER = ("riverside",)

IDEAS = (
    Idea("ru", "playgrounds", "Polygon", CENTRE,
         "Детская площадка во дворе дома {house} по ул. {street}",
         "В нашем дворе живёт больше сорока детей, а из оборудования только старая "
         "ржавая горка. Просим качели, песочницу, горку и резиновое покрытие, а для "
         "родителей — скамейки в тени.", (6, 8.8), 2.5, 35),
    Idea("kk", "playgrounds", "Polygon", HOMES,
         "{street} көшесі, {house}-үй ауласындағы балалар алаңы",
         "Ауламызда балалар ойнайтын қауіпсіз орын жоқ, олар көлік тұрағында ойнайды. "
         "Әткеншек, сырғанақ, құмсалғыш пен жұмсақ жабын орнатып, ата-аналарға "
         "орындық қоюды сұраймыз.", (6.5, 8.9), 2.3, 30),
    Idea("ru", "playgrounds", "Polygon", CENTRE,
         "Площадка для малышей у дома {house} по ул. {street}",
         "Для детей до шести лет: низкие качели, песочница с крышкой, качалки на "
         "пружинах. Сейчас малыши играют на площадке для старших, это опасно.",
         (4, 6.5), 1.4, 25),
    Idea("kk", "playgrounds", "Polygon", HOMES,
         "Инклюзивті балалар ойын алаңы",
         "Мүмкіндігі шектеулі балалар басқа балалармен бірге ойнай алуы үшін арбаға "
         "арналған әткеншек, пандус және сенсорлық панельдер орнатылған алаң керек.",
         (7.5, 9), 2.0, 35),
    Idea("ru", "sport", "Polygon", CENTRE,
         "Воркаут-площадка во дворе на ул. {street}",
         "Турники, брусья, шведская стенка и скамья для пресса. Молодёжи негде "
         "заниматься бесплатно, ближайший спортзал далеко.", (3, 5), 2.0, 20),
    Idea("kk", "sport", "Polygon", CENTRE,
         "{street} көшесіндегі аулаға шағын футбол алаңы",
         "Жасанды шөп төселген, айналасы тормен қоршалған шағын футбол алаңы. "
         "Балалар қазір жол жиегінде доп қуып жүр.", (7.5, 9), 2.6, 40),
    Idea("ru", "sport", "Polygon", RIVER,
         "Скейт-парк у набережной Иртыша",
         "Рампы, перила и фанбокс для скейтбордистов, роллеров и самокатчиков. "
         "Подростки катаются на ступенях у Дворца культуры и мешают прохожим.",
         (8, 9), 1.8, 40),
    Idea("kk", "sport", "LineString", RIVER,
         "Ертіс бойындағы лыжероллер трассасы",
         "Шаңғышылар жазда жаттығатын асфальт трасса. Қалада шаңғы секциясы бар, "
         "бірақ балалар көлік жүретін жол жиегінде жаттығады, бұл қауіпті.",
         (8, 9), 1.5, 900),
    Idea("ru", "sport", "Polygon", ("northern",),
         "Баскетбольная площадка у школы № {school}",
         "Старое покрытие в трещинах, кольца без сеток. Предлагаем новое покрытие, "
         "два щита и фонари, чтобы играть по вечерам.", (5, 7.5), 1.3, 30),
    Idea("ru", "sport", "Polygon", HOMES,
         "Уличные тренажёры для старшего поколения",
         "Простые тренажёры для пожилых — велотренажёр, степпер, твистер — рядом со "
         "скамейками, чтобы заниматься и общаться.", (2.5, 4.5), 1.1, 20),
    Idea("kk", "sport", "Polygon", CENTRE,
         "Қысқы хоккей корты",
         "Қыста су құйылып мұз айдынына, жазда волейбол алаңына айналатын бортты "
         "корт. Балалар хоккейді тек теледидардан көреді.", (8, 9), 1.6, 45),
    Idea("ru", "greenery", "Polygon", CENTRE,
         "Скамейки и деревья в сквере на ул. {street}",
         "Сквер у дома {house} пустой: ни одной скамейки, деревья засохли. Просим "
         "посадить берёзы и клёны, поставить скамейки и урны.", (2, 4), 1.7, 45),
    Idea("kk", "greenery", "Polygon", CENTRE,
         "Аулаға ағаш отырғызып, гүлзар жасау",
         "{street} көшесі, {house}-үй ауласына қайың мен шырша отырғызып, гүлзар мен "
         "орындықтар қою. Жазда аулада көлеңке мүлдем жоқ.", (1.5, 3), 1.2, 35),
    Idea("ru", "greenery", "Point", CENTRE,
         "Беседка для пожилых во дворе дома {house} по ул. {street}",
         "Пенсионерам нашего двора негде посидеть: нужна крытая беседка со столом и "
         "скамейками.", (1.5, 2.5), 1.0),
    Idea("kk", "greenery", "Polygon", RIVER,
         "Ертіс жағасындағы демалыс аймағы",
         "Жағалауға орындықтар, қоқыс жәшіктері мен көлеңкелі шатырлар орнату. Қазір "
         "жағалауда отыратын орын жоқ.", (4, 7), 1.7, 50),
    Idea("ru", "greenery", "Polygon", ("northern",),
         "Площадка для выгула собак",
         "Огороженная площадка со снарядами для собак, чтобы хозяева не выгуливали "
         "собак возле детских площадок.", (2, 3.5), 0.9, 35),
    Idea("ru", "lighting", "LineString", CENTRE,
         "Освещение на ул. {street}",
         "Вечером улица от остановки до домов совсем тёмная, дети возвращаются из "
         "школы и секций в темноте. Просим светодиодные фонари вдоль тротуара.",
         (4, 7), 2.1, 400),
    Idea("kk", "lighting", "LineString", HOMES,
         "Мектепке апаратын жаяу жолды жарықтандыру",
         "{street} көшесінен № {school} мектепке дейінгі жол қараңғы. Қыста балалар "
         "таңертең қараңғыда барады, шам бағаналарын орнату керек.", (3.5, 6), 2.0,
         350),
    Idea("ru", "lighting", "LineString", ("industrial",),
         "Освещение дорожки от остановки к проходной завода",
         "Работники ферросплавного завода идут на ночную смену по тёмной дорожке. "
         "Нужны фонари на всём участке от остановки до проходной.", (5, 8), 1.3, 500),
    Idea("kk", "lighting", "LineString", ("central",),
         "Саябақтағы жарықтандырылған серуен жолы",
         "Саябақ ішіндегі жолға шамдар мен орындықтар қою керек, сонда кешке серуендеу "
         "қауіпсіз болады.", (4, 6.5), 1.6, 300),
    Idea("ru", "lighting", "Point", ("central",),
         "Светофор на переходе у рынка",
         "Переход на ул. {street} без светофора, машины не пропускают пешеходов, "
         "особенно вечером.", (3, 4.5), 0.8),
    Idea("ru", "culture", "Point", ("central",),
         "Арт-объект «Я люблю Аксу»",
         "Объёмные буквы с подсветкой на площади — место для фото жителей и гостей "
         "города.", (2, 4), 1.8),
    Idea("kk", "culture", "Point", CENTRE,
         "Көпқабатты үй қабырғасындағы мурал",
         "{street} көшесі, {house}-үйдің бос қабырғасына Ақсудың тарихы мен Ертіс "
         "туралы сурет салу. Жергілікті суретшілер көмектесуге дайын.", (2, 3.5), 1.4),
    Idea("ru", "culture", "Point", RIVER,
         "Фотозона на набережной",
         "Красивая фотозона с видом на Иртыш и скамейками: на набережную приезжают "
         "молодожёны и туристы.", (1.5, 3), 1.0),
    Idea("kk", "culture", "Polygon", ("central",),
         "Саябақтағы жазғы сахна",
         "Мерекелер мен жастар концерттері өтетін шағын сахна және көрермендерге "
         "арналған орындықтар.", (6, 8.5), 1.5, 30),
    Idea("ru", "culture", "Point", CENTRE,
         "Арт-объект в честь металлургов Аксу",
         "Скульптура, посвящённая людям ферросплавного завода, которые построили "
         "город.", (5, 8), 1.2),
    Idea("ru", "accessibility", "Point", ("central",),
         "Пандус для колясок у поликлиники",
         "У входа в поликлинику крутые ступени: мамы с колясками и люди на креслах не "
         "могут войти без помощи. Нужен пандус с поручнями и навесом.", (1.5, 3),
         2.0),
    Idea("kk", "accessibility", "Polygon", RIVER,
         "Ертістегі инклюзивті жағажай",
         "Арбамен суға дейін жетуге болатын төсеме жол, көлеңкелі шатыр, киім "
         "ауыстыратын кабина және арнайы дәретхана.", (8, 9), 2.3, 60),
    Idea("ru", "accessibility", "LineString", ("central",),
         "Понижение бордюров и тактильная плитка на ул. {street}",
         "От остановки до аптеки и почты на коляске не проехать: высокие бордюры на "
         "каждом переходе.", (3, 5.5), 1.3, 300),
    Idea("kk", "accessibility", "Point", CENTRE,
         "Кітапхана кіреберісіне пандус",
         "Кітапханаға арбамен де, балалар арбасымен де кіру мүмкін емес. Тұтқалары "
         "бар пандус қажет.", (1.5, 2.5), 1.1),
    Idea("kk", "greenery", "Point", CENTRE,
         "№ {school} мектеп жанындағы велотұрақ",
         "Мектеп жанына отыз велосипедке арналған жабық велотұрақ. Қазір балалар "
         "велосипедті ағашқа байлап қояды.", (1.5, 2.5), 0.9),
    Idea("ru", "sport", "Polygon", ("riverside", "northern"),
         "Зимняя горка для катания детей",
         "Безопасная горка со ступенями и ограждением, зимой её заливают водой.",
         (2, 4), 1.2, 20),
    Idea("kk", "sport", "Polygon", ("northern",),
         "Жасөспірімдерге арналған алаң",
         "Теннис үстелдері, жаттығу құралдары және шатыр: жасөспірімдер кешке "
         "подъезд алдында тұрмай, осында жиналатын болады.", (3, 5), 1.2, 25),
    Idea("ru", "greenery", "Polygon", ("riverside", "central"),
         "Яблоневый сад у школы № {school}",
         "Посадить фруктовый сад, за которым будут ухаживать ученики и учителя.",
         (1.5, 3), 1.0, 40),
)  # fmt: skip

REVIEW_COMMENTS = (
    "Нужный двору проект, смета реалистична.",
    "Жители давно об этом просят, поддерживаю.",
    "Хорошая идея; стоит проверить, чей это участок.",
    "Жобаның пайдасы көп, сметаны нақтылау керек.",
    "Қауіпсіздік талаптарына сай келеді, қолдаймын.",
    "Надо предусмотреть уход за объектом после сдачи.",
)
CHANGE_REQUESTS = (
    "Уточните место: отмеченный участок занят парковкой. Перенесите объект во двор, "
    "ближе к домам.",
    "Орынды нақтылаңыз: белгіленген жерде жылу желісі өтеді, сәл ары жылжытыңыз.",
    "Сделайте проект скромнее, чтобы смета стала реалистичной.",
)
REVISIONS = {
    "kk": "Кеңестің ескертулері бойынша жаңартылды: орны ауыстырылып, смета азайтылды.",
    "ru": "Обновлено по замечаниям совета: место перенесено, смета уменьшена.",
}
REJECTIONS = (
    "Участок принадлежит частному владельцу, разрешения на установку нет. Подайте "
    "идею снова с другим местом.",
    "Бұл жерде жылу желісі өтеді: күзет аймағында құрылыс салуға болмайды.",
    "Здесь уже строят такой объект по городской программе, дублировать нельзя.",
)
OVER_CAP = (
    "Смета превышает лимит {cap} млн тенге на одну инициативу даже после "
    "упрощения проекта."
)
COST_REVISION = (
    "Проектный центр пересчитал смету по ценам местного подрядчика и уменьшил "
    "площадь покрытия."
)
PROGRESS = {
    "waiting": "Готовится проектно-сметная документация, подрядчик выбран.",
    "started": "Мердігер жұмысты бастады: ескі жабдық бөлшектеліп, негіз дайындалуда.",
    "built": "Объект сдан и открыт для жителей. Спасибо всем, кто голосовал!",
}

# ---------------------------------------------------------------- demo people


@dataclass(frozen=True)
class Person:
    """A demo account; only the documented ones get DEMO_PASSWORD."""

    username: str
    first_name: str
    last_name: str
    language: str  # the language they write proposals in
    can_sign_in: bool = False
    is_staff: bool = False
    affiliation: str = ""  # set for expert council members


RESIDENTS = (
    Person("resident", "Айгерім", "Сейітқызы", "kk", can_sign_in=True),
    Person("erlan.zhumabaev", "Ерлан", "Жұмабаев", "kk"),
    Person("dinara.akhmetova", "Динара", "Ахметова", "ru"),
    Person("nurlan.kasymov", "Нұрлан", "Қасымов", "kk"),
    Person("gulnar.omarova", "Гүлнар", "Омарова", "kk"),
    Person("asel.bekova", "Асель", "Бекова", "ru"),
    Person("madina.nurlankyzy", "Мадина", "Нұрланқызы", "kk"),
    Person("dauren.toktarov", "Дәурен", "Тоқтаров", "kk"),
    Person("zhanar.sarsenova", "Жанар", "Сәрсенова", "kk"),
    Person("olga.kovalchuk", "Ольга", "Ковальчук", "ru"),
    Person("sergey.ivanov", "Сергей", "Иванов", "ru"),
    Person("natalya.petrenko", "Наталья", "Петренко", "ru"),
    Person("viktor.schulz", "Виктор", "Шульц", "ru"),
    Person("tatyana.mironova", "Татьяна", "Миронова", "ru"),
    Person("andrey.kim", "Андрей", "Ким", "ru"),
    Person("elena.sokolova", "Елена", "Соколова", "ru"),
)
COUNCIL = (
    Person(
        "expert", "Бауыржан", "Сұлтанов", "ru", can_sign_in=True,
        affiliation="Проектный центр Tugan Qala",
    ),
    Person(
        "akimat", "Ирина", "Лебедева", "ru", can_sign_in=True, is_staff=True,
        affiliation="Акимат города Аксу",
    ),
    Person(
        "plant.council", "Қайрат", "Әбенов", "kk",
        affiliation="Аксуский завод ферросплавов",
    ),
    Person(
        "public.council", "Людмила", "Гордеева", "ru",
        affiliation="Общественный совет города Аксу",
    ),
)  # fmt: skip

# ---------------------------------------------------------------- the five rounds

# What happens to each proposal of a round; see _decide.
DRAFT, SUBMITTED, IN_REVIEW, CHANGES = "draft", "submitted", "in_review", "changes"
REVISED, REVISED_ACCEPTED, ACCEPTED = "revised", "revised_accepted", "accepted"
COST_REVISED, OVER_CAP_REJECTED, REJECTED = "cost_revised", "over_cap", "rejected"


@dataclass(frozen=True)
class Round:
    """One demo campaign: the phase it is in today and how far its story goes."""

    phase: Phase
    fates: tuple[str, ...]
    ballots: int = 0
    budget: int = 100 * MILLION
    cap: int = 9 * MILLION
    ballot_type: str = BallotType.APPROVAL
    max_choices: int | None = 3
    rule: str = Rule.GREEDY


def _fates(**counts: int) -> tuple[str, ...]:
    """Fates by count; the keywords are the fate names above."""
    return tuple(fate for fate, n in counts.items() for _ in range(n))


ROUNDS = (
    Round(Phase.SUBMISSION, _fates(draft=1, submitted=11)),
    Round(
        Phase.REVIEW,
        _fates(
            submitted=3,
            in_review=4,
            changes=2,
            revised=1,
            accepted=3,
            cost_revised=1,
            over_cap=1,
            rejected=1,
        ),
        max_choices=4,
    ),
    Round(
        Phase.VOTING,
        _fates(accepted=13, revised_accepted=1, cost_revised=1, rejected=2, over_cap=1),
        ballots=240,
    ),
    Round(
        Phase.IMPLEMENTATION,
        _fates(accepted=21, revised_accepted=1, cost_revised=1, rejected=1, over_cap=1),
        ballots=360,
        max_choices=5,
        rule=Rule.EQUAL_SHARES,
    ),
    # An older round, as in 2021: at most 6 million per initiative, less money.
    Round(
        Phase.FINISHED,
        _fates(accepted=21, revised_accepted=1, rejected=2),
        ballots=300,
        budget=60 * MILLION,
        cap=6 * MILLION,
        ballot_type=BallotType.KNAPSACK,
        max_choices=None,
    ),
)
VOTERS = max(r.ballots for r in ROUNDS)


def labels(today: dt.date | None = None) -> list[tuple[str, dict[str, str]]]:
    """Each round's slug and titles, from the year and season its proposals opened.

    Two rounds opening in the same season are told apart by the month instead.
    """
    out, taken = [], set()
    for round_ in ROUNDS:
        start = schedule_with(round_.phase, today)["submission"][0]
        season = SEASON_OF_MONTH[start.month - 1]
        if (start.year, season) in taken:
            label = MONTHS["en"][start.month - 1].lower()
            names = {code: MONTHS[code][start.month - 1] for code in MONTHS}
        else:
            label, names = season, SEASONS[season]
        taken.add((start.year, season))
        titles = {
            "kk": f"Туған қала — Ақсу {start.year}, {names['kk']}",
            "ru": f"Родной город — Аксу {start.year}, {names['ru']}",
            "en": f"Tugan Qala — Aksu {start.year}, {names['en']}",
        }
        out.append((f"tugan-qala-{start.year}-{label}", titles))
    return out


# ---------------------------------------------------------------- loading


@dataclass
class Demo:
    """What one load works with: the town, its people, and what it added."""

    town: Town
    districts: dict[str, District]
    residents: list[User]
    council: list[tuple[User, str]]  # the person and whom they represent
    voters: list[tuple[User, str]]  # the account and its IIN
    counts: Counter
    out: Any  # a management command's stdout, or sys.stdout

    @property
    def expert(self) -> User:
        return self.council[0][0]

    @property
    def akimat(self) -> User:
        return self.council[1][0]


@dataclass
class Entry:
    """A demo proposal as planned: the idea, what happens to it, who wrote it."""

    idea: Idea
    fate: str
    author: User
    address: dict[str, object]
    pk: int = 0


def load(stdout: Any = None) -> dict[str, int]:
    """Add the Aksu demo rounds (and their people) that are not there yet."""
    out = stdout if stdout is not None else sys.stdout
    town = Town.objects.filter(slug=TOWN).first()
    if town is None:
        out.write("Budgeting demo: skipped, load the Aksu demo town first.\n")
        return {}
    with transaction.atomic():
        demo = _demo(town, out)
        for round_, (slug, titles) in zip(ROUNDS, labels(), strict=True):
            if not Campaign.objects.filter(town=town, slug=slug).exists():
                # Seeded by phase, not slug: the same story whatever day it loads.
                rng = random.Random(f"birge-demo-{round_.phase.value}")
                _run(demo, round_, slug, titles, rng)
    return dict(demo.counts)


def _demo(town: Town, out: Any) -> Demo:
    counts: Counter = Counter()
    return Demo(
        town=town,
        districts={d.slug: d for d in District.objects.filter(town=town)},
        residents=[_user(p, counts) for p in RESIDENTS],
        council=[(_user(p, counts), p.affiliation) for p in COUNCIL],
        voters=_voters(counts),
        counts=counts,
        out=out,
    )


def _user(person: Person, counts: Counter) -> User:
    """The person's account, created if missing (an existing one is left alone)."""
    user_model = get_user_model()
    user = user_model._default_manager.filter(username=person.username).first()
    if user is not None:
        return user
    counts["users"] += 1
    return user_model._default_manager.create_user(
        username=person.username,
        # None gives an unusable password: only the documented accounts sign in.
        password=DEMO_PASSWORD if person.can_sign_in else None,
        first_name=person.first_name,
        last_name=person.last_name,
        preferred_language=person.language,
        is_staff=person.is_staff,
    )


def _voters(counts: Counter) -> list[tuple[User, str]]:
    """Verified voters' accounts, each with a valid IIN of their own."""
    user_model = get_user_model()
    names = [f"voter-{n:03d}" for n in range(1, VOTERS + 1)]
    existing = {
        u.username: u for u in user_model._default_manager.filter(username__in=names)
    }
    voters = []
    for number, name in enumerate(names, start=1):
        user = existing.get(name)
        if user is None:
            user = user_model._default_manager.create_user(username=name, password=None)
            counts["users"] += 1
        voters.append((user, demo_iin(number)))
    return voters


def demo_iin(number: int) -> str:
    """A valid, made-up IIN: an adult's birth date, the number as serial, a check."""
    rng = random.Random(f"iin-{number}")
    while True:
        born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(55 * 365))
        century = 3 if born.year < 2000 else 5
        first = f"{born:%y%m%d}{century + rng.randrange(2)}{number:04d}"
        check = iin_check_digit(first)
        if check is not None:  # about 1 in 11 numbers has no check digit: redraw
            return f"{first}{check}"


def move_to(campaign: Campaign, phase: Phase) -> Campaign:
    """Time passes: the campaign's dates shift so that today is in ``phase``."""
    schedule = schedule_with(phase)
    Campaign.objects.filter(pk=campaign.pk).update(
        submission_start=schedule["submission"][0],
        submission_end=schedule["submission"][1],
        review_start=schedule["review"][0],
        review_end=schedule["review"][1],
        voting_start=schedule["voting"][0],
        voting_end=schedule["voting"][1],
        implementation_start=schedule["implementation"][0],
        implementation_end=schedule["implementation"][1],
    )
    campaign.refresh_from_db()
    return campaign


def _run(
    demo: Demo, round_: Round, slug: str, titles: dict[str, str], rng: random.Random
) -> None:
    """Create one round and play its story up to the phase it shows today."""
    clock = Clock(schedule_with(round_.phase))
    campaign = _campaign(demo, round_, slug, titles)
    entries = _plan(demo, round_, rng)
    with clock.step(campaign, "submission"):
        for entry in entries:
            _propose(demo, campaign, entry, round_, rng)
    steps = (
        (Phase.REVIEW, "review", lambda c: _review(demo, c, entries, rng)),
        (Phase.VOTING, "voting", lambda c: _vote(demo, c, entries, round_, rng)),
        (Phase.COUNTING, "counting", lambda c: services.results_publish(campaign=c)),
        (Phase.IMPLEMENTATION, "implementation", lambda c: _build(demo, c, round_)),
    )
    order = list(Phase)
    for phase, window, action in steps:
        if order.index(phase) > order.index(round_.phase):
            break
        campaign = move_to(campaign, phase)
        with clock.step(campaign, window):
            action(campaign)
    campaign = move_to(campaign, round_.phase)
    clock.settle(campaign)
    demo.out.write(f"Budgeting demo: added “{titles['en']}” ({slug}).\n")
    if round_.phase == Phase.VOTING:
        _issue_codes(demo, campaign, titles["en"])


def _campaign(demo: Demo, round_: Round, slug: str, titles: dict[str, str]) -> Campaign:
    numbers = {"budget": round_.budget // MILLION, "cap": round_.cap // MILLION}
    descriptions = {
        code: " ".join(_description(code, round_, numbers)) for code in DESCRIPTION
    }
    campaign = services.campaign_create(
        town=demo.town,
        slug=slug,
        titles=titles,
        descriptions=descriptions,
        budget=round_.budget,
        cap=round_.cap,
        ballot_type=round_.ballot_type,
        max_choices=round_.max_choices,
        rule=round_.rule,
        **_dates(Phase.SUBMISSION),
    )
    for category, names in CATEGORIES.items():
        services.category_add(campaign=campaign, slug=category, names=names)
    for names in CRITERIA:
        services.criterion_add(campaign=campaign, names=names)
    for user, affiliation in demo.council:
        services.council_member_add(
            campaign=campaign, user=user, affiliation=affiliation
        )
    demo.counts.update(
        campaigns=1,
        categories=len(CATEGORIES),
        criteria=len(CRITERIA),
        council_members=len(demo.council),
    )
    return campaign


def _dates(phase: Phase) -> dict[str, Any]:
    # Typed loosely on purpose: campaign_create takes these as keyword arguments.
    return schedule_with(phase)


def _description(code: str, round_: Round, numbers: dict[str, int]) -> list[str]:
    parts = [DESCRIPTION[code].format(**numbers)]
    parts.append(BALLOT_RULES[round_.ballot_type][code].format(n=round_.max_choices))
    if round_.rule == Rule.EQUAL_SHARES:
        parts.append(BALLOT_RULES[Rule.EQUAL_SHARES][code])
    return parts


def _plan(demo: Demo, round_: Round, rng: random.Random) -> list[Entry]:
    """Which ideas the round gets, what becomes of each, and who proposes it."""
    ideas = rng.sample(IDEAS, len(round_.fates))
    fates = list(round_.fates)
    rng.shuffle(fates)
    entries = []
    for idea, fate in zip(ideas, fates, strict=True):
        writers = [u for u in demo.residents if u.preferred_language == idea.language]
        street_kk, street_ru = rng.choice(STREETS)
        address = {
            "street": street_kk if idea.language == "kk" else street_ru,
            "house": rng.randint(1, 48),
            "school": rng.randint(1, 9),
        }
        entries.append(Entry(idea, fate, rng.choice(writers), address))
    _give_demo_resident_one(demo, round_, entries)
    return entries


def _give_demo_resident_one(demo: Demo, round_: Round, entries: list[Entry]) -> None:
    """The signed-in demo resident owns a proposal they can still act on."""
    wanted = {Phase.SUBMISSION: SUBMITTED, Phase.REVIEW: CHANGES}.get(round_.phase)
    candidates = [e for e in entries if e.fate == wanted] or entries[:1]
    kazakh = [e for e in candidates if e.idea.language == "kk"]
    (kazakh or candidates)[0].author = demo.residents[0]


def _propose(
    demo: Demo, campaign: Campaign, entry: Entry, round_: Round, rng: random.Random
) -> None:
    idea = entry.idea
    proposal = services.proposal_create(
        campaign=campaign,
        author=entry.author,
        title=idea.title.format(**entry.address),
        description=idea.description.format(**entry.address),
        language=idea.language,
        category=campaign.categories.get(slug=idea.category),
        geometry=_place(demo, idea, rng),
        cost_estimate=_cost(idea, entry.fate, round_, rng),
        submit=entry.fate != DRAFT,
    )
    entry.pk = proposal.pk
    demo.counts["proposals"] += 1


def _cost(idea: Idea, fate: str, round_: Round, rng: random.Random) -> int:
    """A cost in the idea's range, scaled to the round's cap; over it on purpose."""
    if fate in (COST_REVISED, OVER_CAP_REJECTED):
        return _tenge(round_.cap * rng.uniform(1.04, 1.25))
    scale = round_.cap / (9 * MILLION)
    low, high = (max(m * MILLION * scale, CHEAPEST) for m in idea.cost)
    return min(_tenge(rng.uniform(low, high)), round_.cap)


def _tenge(amount: float) -> int:
    """Rounded to 10 000 tenge, as estimates are written."""
    return round(amount / 10_000) * 10_000


# ---------------------------------------------------------------- places


def _place(demo: Demo, idea: Idea, rng: random.Random) -> AcceptedGeometry:
    """A shape for the idea inside one of its districts, through the intake."""
    known = [demo.districts[s] for s in idea.districts if s in demo.districts]
    district = rng.choice(known or list(demo.districts.values()))
    boundary = district.boundary
    for _attempt in range(200):
        lon, lat = _point_in(boundary, rng)
        shape = _shape(idea, lon, lat, rng)
        if boundary.contains(_geos(shape)):
            return accept_geometry(shape, allowed=KINDS, place=demo.town)
    # A district too thin for this shape: fall back to a point that surely fits.
    centre = boundary.point_on_surface
    point = {"type": "Point", "coordinates": [centre.x, centre.y]}
    return accept_geometry(point, allowed=KINDS, place=demo.town)


def _point_in(boundary: GEOSGeometry, rng: random.Random) -> tuple[float, float]:
    """A random point of the district (sampled in its extent until inside)."""
    west, south, east, north = boundary.extent
    for _attempt in range(500):
        lon, lat = rng.uniform(west, east), rng.uniform(south, north)
        if boundary.contains(_geos({"type": "Point", "coordinates": [lon, lat]})):
            return lon, lat
    centre = boundary.point_on_surface
    return centre.x, centre.y


def _shape(idea: Idea, lon: float, lat: float, rng: random.Random) -> dict:
    """GeoJSON for the idea around a point: a point, a winding path or a plot."""
    if idea.kind == "Point":
        return {"type": "Point", "coordinates": _rounded([(lon, lat)])[0]}
    heading = rng.uniform(0, math.tau)
    if idea.kind == "LineString":
        length = idea.size * rng.uniform(0.8, 1.2)
        vertices, x, y = [(0.0, 0.0)], 0.0, 0.0
        for _leg in range(4):
            heading += rng.uniform(-0.4, 0.4)  # streets and paths bend a little
            x, y = (
                x + length / 4 * math.cos(heading),
                y + length / 4 * math.sin(heading),
            )
            vertices.append((x, y))
        return {"type": "LineString", "coordinates": _offsets(vertices, lon, lat)}
    width = idea.size * rng.uniform(0.8, 1.2)
    depth = width * rng.uniform(0.6, 1.0)
    corners = [(0, 0), (width, 0), (width, depth), (0, depth), (0, 0)]
    cos, sin = math.cos(heading), math.sin(heading)
    turned = [(x * cos - y * sin, x * sin + y * cos) for x, y in corners]
    return {"type": "Polygon", "coordinates": [_offsets(turned, lon, lat)]}


def _offsets(metres: Iterable[tuple[float, float]], lon: float, lat: float) -> list:
    """Offsets in metres from (lon, lat) as positions in degrees (small shapes)."""
    per_degree_lat = 111_320.0
    per_degree_lon = per_degree_lat * math.cos(math.radians(lat))
    return _rounded(
        (lon + dx / per_degree_lon, lat + dy / per_degree_lat) for dx, dy in metres
    )


def _rounded(positions: Iterable[tuple[float, float]]) -> list[list[float]]:
    # Six decimals is about 10 cm: what a phone's drawing would send.
    return [[round(x, 6), round(y, 6)] for x, y in positions]


def _geos(shape: dict) -> GEOSGeometry:
    return GEOSGeometry(json.dumps(shape), srid=4326)


# ---------------------------------------------------------------- expert review


def _fresh(pk: int) -> Proposal:
    """The proposal as it is now, with its campaign's current dates."""
    return Proposal.objects.select_related("campaign__town").get(pk=pk)


def _review(
    demo: Demo, campaign: Campaign, entries: Sequence[Entry], rng: random.Random
) -> None:
    """The council scores proposals and decides, each as its fate says."""
    criteria = list(campaign.criteria.values_list("pk", flat=True))
    for entry in entries:
        if entry.fate in (DRAFT, SUBMITTED):
            continue
        for user, _affiliation in _reviewers(demo, rng):
            scores = {pk: _score(entry.idea, rng) for pk in criteria}
            services.review_save(
                proposal=_fresh(entry.pk),
                reviewer=user,
                scores=scores,
                comment=rng.choice(REVIEW_COMMENTS),
            )
            demo.counts["reviews"] += 1
        _decide(demo, campaign, entry, rng)


def _reviewers(demo: Demo, rng: random.Random) -> list[tuple[User, str]]:
    # The demo expert reviews everything, so their account shows the whole workload.
    return [demo.council[0], *rng.sample(demo.council[1:], 1)]


def _score(idea: Idea, rng: random.Random) -> int:
    return max(0, min(5, round(idea.appeal + rng.uniform(1.0, 3.0))))


def _decide(demo: Demo, campaign: Campaign, entry: Entry, rng: random.Random) -> None:
    """The council's decision on a reviewed proposal, as its fate says."""
    expert = demo.expert
    fate = entry.fate
    if fate in (CHANGES, REVISED, REVISED_ACCEPTED):
        services.proposal_request_changes(
            proposal=_fresh(entry.pk),
            reviewer=expert,
            reason=rng.choice(CHANGE_REQUESTS),
        )
        if fate != CHANGES:
            _revise_as_author(demo, entry, rng)
    elif fate == COST_REVISED:
        services.proposal_revise_cost(
            proposal=_fresh(entry.pk),
            reviewer=expert,
            cost=_tenge(campaign.cap * rng.uniform(0.85, 0.98)),
            reason=COST_REVISION,
        )
    elif fate in (REJECTED, OVER_CAP_REJECTED):
        reason = rng.choice(REJECTIONS)
        if fate == OVER_CAP_REJECTED:
            reason = OVER_CAP.format(cap=campaign.cap // MILLION)
        services.proposal_reject(
            proposal=_fresh(entry.pk), reviewer=expert, reason=reason
        )
    if fate in (ACCEPTED, COST_REVISED, REVISED_ACCEPTED):
        services.proposal_accept(proposal=_fresh(entry.pk), reviewer=expert)


def _revise_as_author(demo: Demo, entry: Entry, rng: random.Random) -> None:
    """The author moves the place, trims the cost and sends it back."""
    proposal = _fresh(entry.pk)
    services.proposal_update(
        proposal=proposal,
        author=entry.author,
        description=f"{proposal.description}\n\n{REVISIONS[entry.idea.language]}",
        geometry=_place(demo, entry.idea, rng),
        cost_estimate=max(_tenge(proposal.cost * rng.uniform(0.8, 0.9)), CHEAPEST),
    )
    services.proposal_submit(proposal=_fresh(entry.pk), author=entry.author)


# ---------------------------------------------------------------- voting


def _vote(
    demo: Demo,
    campaign: Campaign,
    entries: Sequence[Entry],
    round_: Round,
    rng: random.Random,
) -> None:
    """Open the ballot and let verified residents vote, favouring popular ideas."""
    services.voting_open(campaign=campaign)
    costs = dict(
        campaign.proposals.filter(status=ProposalStatus.ON_BALLOT).values_list(
            "pk", "cost"
        )
    )
    # Squared, so that a few projects clearly lead, as they do in real votes.
    appeal = {
        e.pk: (e.idea.appeal * rng.uniform(0.6, 1.4)) ** 2
        for e in entries
        if e.pk in costs
    }
    for user, iin in demo.voters[: round_.ballots]:
        services.voter_verify_iin(campaign=campaign, user=user, iin=iin)
        chosen = _choices(appeal, costs, round_, rng)
        services.ballot_submit(
            campaign=campaign, user=user, choices=dict.fromkeys(chosen, 1)
        )
        demo.counts["ballots"] += 1


def _choices(
    appeal: dict[int, float], costs: dict[int, int], round_: Round, rng: random.Random
) -> list[int]:
    """One voter's picks: weighted by appeal, within the ballot's limits."""
    most = round_.max_choices or 6
    wanted = rng.randint(1, most)
    left, spent, chosen = dict(appeal), 0, list[int]()
    while left and len(chosen) < wanted:
        pk = rng.choices(list(left), weights=list(left.values()))[0]
        del left[pk]
        if spent + costs[pk] <= round_.budget:
            chosen.append(pk)
            spent += costs[pk]
    return chosen


def _issue_codes(demo: Demo, campaign: Campaign, title: str) -> None:
    """One-time codes a demo visitor can vote with; only their hashes are kept."""
    codes = services.voting_codes_issue(campaign=campaign, count=VOTING_CODES)
    demo.counts["voting_codes"] += len(codes)
    page = settings.BIRGE_SITE_URL + reverse(
        "codesign:vote", kwargs={"town": campaign.town.slug, "slug": campaign.slug}
    )
    demo.out.write(
        f"Budgeting demo: one-time voting codes for “{title}”: sign in (e.g. as "
        f"resident / {DEMO_PASSWORD}) and enter one at {page}\n"
    )
    for code in codes:
        demo.out.write(f"  {code}\n")


# ---------------------------------------------------------------- building


def _build(demo: Demo, campaign: Campaign, round_: Round) -> None:
    """The akimat builds the winners: all of them in a finished round."""
    akimat = demo.akimat
    winners = campaign.proposals.filter(status=ProposalStatus.SELECTED).order_by(
        "result__funded_order"
    )
    for index, proposal in enumerate(winners.select_related("campaign")):
        stage = "built" if round_.phase == Phase.FINISHED else _stage(index)
        if stage == "waiting":
            _note(demo, proposal, PROGRESS["waiting"])
            continue
        proposal = services.proposal_start_work(proposal=proposal, user=akimat)
        _note(demo, proposal, PROGRESS["started"])
        if stage == "built":
            proposal = services.proposal_mark_built(proposal=proposal, user=akimat)
            _note(demo, proposal, PROGRESS["built"])


def _stage(index: int) -> str:
    # Those funded first were built first; the last ones still wait for a contractor.
    return ("built", "started", "started", "waiting")[index % 4]


def _note(demo: Demo, proposal: Proposal, text: str) -> None:
    services.progress_note_add(proposal=proposal, user=demo.akimat, text=text)
    demo.counts["progress_notes"] += 1


# ---------------------------------------------------------------- the calendar


class Clock:
    """Dates rows as if each step happened in its own phase, not all today.

    The services stamp rows with the time they run; a visitor reading a 2025 round
    should see proposals from its proposals phase and ballots from its vote. Rows a
    step adds get times spread, in order, over the step's window (never the future).
    """

    STAMPED: tuple[tuple[type[Model], str], ...] = (
        (Proposal, "campaign"),
        (ProposalVersion, "proposal__campaign"),
        (Review, "proposal__campaign"),
        (VoterRegistration, "campaign"),
        (Ballot, "campaign"),
        (ProgressNote, "proposal__campaign"),
    )

    def __init__(self, schedule: dict[str, tuple]) -> None:
        voting_end = schedule["voting"][1]
        self.windows = {
            "submission": schedule["submission"],
            "review": schedule["review"],
            "voting": schedule["voting"],
            "counting": (voting_end + dt.timedelta(days=1),) * 2,
            "implementation": schedule["implementation"],
        }

    @contextmanager
    def step(self, campaign: Campaign, window: str) -> Iterator[None]:
        """Run one phase's actions, then date the rows they added in that phase."""
        marks = {
            model: model._default_manager.aggregate(n=Max("pk"))["n"] or 0
            for model, _lookup in self.STAMPED
        }
        yield
        self.stamp(campaign, window, marks)

    def span(self, window: str) -> tuple[dt.datetime, dt.datetime]:
        first, last = self.windows[window]
        now = timezone.now()
        start = _moment(first, 9)
        end = _moment(last or first, 18)
        return min(start, now), min(end, now)

    def stamp(
        self, campaign: Campaign, window: str, marks: dict[type[Model], int]
    ) -> None:
        start, end = self.span(window)
        for model, lookup in self.STAMPED:
            rows = model._default_manager.filter(
                pk__gt=marks[model], **{lookup: campaign}
            )
            bounds = rows.aggregate(low=Min("pk"), high=Max("pk"))
            if bounds["high"] is None:
                continue
            step = (end - start) / max(bounds["high"] - bounds["low"], 1)
            stamp = ExpressionWrapper(
                V(start)
                + ExpressionWrapper(
                    (F("pk") - bounds["low"]) * V(step), output_field=DurationField()
                ),
                output_field=DateTimeField(),
            )
            changes = {"created": stamp}
            if model is not ProposalVersion:
                changes["modified"] = stamp
            rows.update(**changes)
        Proposal.objects.filter(
            campaign=campaign, pk__gt=marks[Proposal], submitted_at__isnull=False
        ).update(submitted_at=F("created"))
        if window == "counting":
            ResultEntry.objects.filter(campaign=campaign).update(computed=start)

    def settle(self, campaign: Campaign) -> None:
        """Announced a fortnight before proposals opened; proposals as last changed."""
        announced = _moment(self.windows["submission"][0] - dt.timedelta(days=14), 10)
        Campaign.objects.filter(pk=campaign.pk).update(
            created=announced, modified=announced
        )
        last_change = ProposalVersion.objects.filter(proposal=OuterRef("pk"))
        campaign.proposals.update(
            modified=Subquery(last_change.order_by("-created").values("created")[:1])
        )


def _moment(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))
