"""What synthetic rows say, in Kazakh and Russian as residents write them.

Templates take ``{n}``, a house number. Kept free of tabs, newlines and backslashes:
they go into COPY text as they are.
"""

from __future__ import annotations

CAMPAIGN_TITLES = {
    "kk": "Синтетикалық жүктеме сынағы",
    "ru": "Синтетический нагрузочный тест",
    "en": "Synthetic load test",
}
CAMPAIGN_DESCRIPTIONS = {
    "kk": "Өнімділікті өлшеуге арналған жасанды ұсыныстар; нақты емес.",
    "ru": "Искусственные предложения для замеров производительности; не настоящие.",
    "en": "Made-up proposals for benchmarks and load tests; not real ones.",
}
COMMUNITY_NAMES = {
    "kk": "Синтетикалық қауымдастық",
    "ru": "Синтетическое сообщество",
    "en": "Synthetic community",
}

# slug: (names, share of proposals, title templates)
CATEGORIES: dict[str, tuple[dict[str, str], float, dict[str, str]]] = {
    "playgrounds": (
        {"kk": "Балалар ойын алаңдары", "ru": "Детские площадки", "en": "Playgrounds"},
        0.30,
        {"kk": "№{n} балалар ойын алаңы", "ru": "Детская площадка №{n}"},
    ),
    "sport": (
        {"kk": "Спорт алаңдары", "ru": "Спортивные площадки", "en": "Sport"},
        0.20,
        {"kk": "№{n} аулаға спорт алаңы", "ru": "Спортивная площадка во дворе №{n}"},
    ),
    "greenery": (
        {"kk": "Көгалдандыру", "ru": "Озеленение", "en": "Greenery"},
        0.20,
        {"kk": "№{n} үй жанындағы саябақ", "ru": "Сквер у дома №{n}"},
    ),
    "lighting": (
        {"kk": "Көше жарығы", "ru": "Освещение", "en": "Lighting"},
        0.15,
        {"kk": "№{n} аулаға жарық", "ru": "Освещение двора дома №{n}"},
    ),
    "benches": (
        {
            "kk": "Орындықтар мен демалыс орындары",
            "ru": "Скамейки и места отдыха",
            "en": "Benches and seating",
        },
        0.15,
        {"kk": "Ауладағы орындықтар, №{n} үй", "ru": "Скамейки во дворе дома №{n}"},
    ),
}

# Concern category: (share of concerns, text templates)
CONCERNS: dict[str, tuple[float, dict[str, str]]] = {
    "heating": (
        0.15,
        {"kk": "№{n} үйде батареялар суық", "ru": "Холодные батареи в доме №{n}"},
    ),
    "yards": (
        0.15,
        {
            "kk": "№{n} үйдің ауласындағы алаң бұзылған",
            "ru": "Во дворе дома №{n} разбита площадка",
        },
    ),
    "roads": (
        0.12,
        {
            "kk": "№{n} үй жанындағы жолда шұңқыр бар",
            "ru": "Яма на дороге у дома №{n}",
        },
    ),
    "lighting": (
        0.10,
        {
            "kk": "№{n} үй жанындағы шамдар жанбайды",
            "ru": "Не горят фонари у дома №{n}",
        },
    ),
    "snow": (
        0.10,
        {"kk": "№{n} үй жанынан қар шығарылмаған", "ru": "Не вывезен снег у дома №{n}"},
    ),
    "waste": (
        0.10,
        {
            "kk": "№{n} үй жанындағы қоқыс шығарылмайды",
            "ru": "Не вывозят мусор у дома №{n}",
        },
    ),
    "transport": (
        0.08,
        {
            "kk": "№{n} үй жанындағы аялдамаға автобус сирек келеді",
            "ru": "Автобус к остановке у дома №{n} ходит редко",
        },
    ),
    "water": (
        0.07,
        {"kk": "№{n} үйде ыстық су жоқ", "ru": "Нет горячей воды в доме №{n}"},
    ),
    "green": (
        0.05,
        {
            "kk": "№{n} үй жанындағы ағаштар кесілді",
            "ru": "Спилили деревья у дома №{n}",
        },
    ),
    "air": (
        0.04,
        {"kk": "№{n} үй жанында түтін мен иіс", "ru": "Дым и запах у дома №{n}"},
    ),
    "other": (
        0.04,
        {
            "kk": "№{n} үй жанында қаңғыбас иттер",
            "ru": "Бродячие собаки у дома №{n}",
        },
    ),
}
