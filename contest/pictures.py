"""Child-like pictures for the demo: crayon skies, wobbly trees, swings and benches.

Each picture is drawn from a theme (a playground, the park at night, the Irtysh
embankment...) and a seed, so the 61 demo drawings differ and stay the same from
one load to the next. Small files: 640 x 480 pixels, a few tens of kilobytes.
"""

from __future__ import annotations

import io
import math
import random
from collections.abc import Callable, Sequence

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 640, 480
Point = tuple[float, float]
Colour = tuple[int, int, int]

PAPER = (250, 247, 238)
SKY_DAY = [(110, 170, 235), (80, 150, 230), (140, 200, 245)]
GRASS = [(80, 170, 70), (60, 150, 60), (120, 190, 80)]
CRAYONS = [
    (220, 50, 50),
    (240, 140, 30),
    (250, 210, 40),
    (150, 80, 190),
    (240, 100, 170),
    (40, 120, 210),
    (30, 170, 160),
]


class Sheet:
    """A sheet of paper and a child's hand: lines wobble, fills are scribbled."""

    def __init__(self, rng: random.Random, background: Colour = PAPER) -> None:
        self.rng = rng
        self.image = Image.new("RGB", (WIDTH, HEIGHT), background)
        self.pen = ImageDraw.Draw(self.image)

    def wobble(self, points: Sequence[Point], amount: float = 2.5) -> list[Point]:
        return [
            (
                x + self.rng.uniform(-amount, amount),
                y + self.rng.uniform(-amount, amount),
            )
            for x, y in points
        ]

    def line(self, points: Sequence[Point], colour: Colour, width: int = 5) -> None:
        self.pen.line(self.wobble(points), fill=colour, width=width, joint="curve")

    def blob(
        self, cx: float, cy: float, r: float, colour: Colour, outline: bool = True
    ) -> None:
        """A hand-drawn round shape: a polygon with an uneven edge."""
        steps = 18
        points = [
            (
                cx + r * self.rng.uniform(0.9, 1.1) * math.cos(i * math.tau / steps),
                cy + r * self.rng.uniform(0.9, 1.1) * math.sin(i * math.tau / steps),
            )
            for i in range(steps)
        ]
        self.pen.polygon(points, fill=colour)
        if outline:
            self.line([*points, points[0]], _darker(colour), 3)

    def box(self, x0: float, y0: float, x1: float, y1: float, colour: Colour) -> None:
        self.pen.polygon(
            self.wobble([(x0, y0), (x1, y0), (x1, y1), (x0, y1)]), fill=colour
        )
        self.line(
            [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)], _darker(colour), 3
        )

    def scribble(
        self, top: float, bottom: float, colour: Colour, step: int = 9
    ) -> None:
        """Fill a band with back-and-forth crayon strokes, as children colour skies."""
        y = top
        while y < bottom:
            points = [
                (x, y + self.rng.uniform(-3, 3)) for x in range(-10, WIDTH + 20, 40)
            ]
            self.line(points, colour, width=step + 3)
            y += step

    def png(self) -> bytes:
        out = io.BytesIO()
        self.image.save(out, "PNG", compress_level=1)
        return out.getvalue()


def _darker(colour: Colour, by: float = 0.65) -> Colour:
    r, g, b = colour
    return (int(r * by), int(g * by), int(b * by))


# --- Things children draw ----------------------------------------------------------


def sun(s: Sheet, night: bool = False) -> None:
    x = s.rng.choice([70, 90, WIDTH - 90, WIDTH - 70])
    y = s.rng.uniform(55, 80)
    if night:
        s.blob(x, y, 32, (245, 240, 200))
        for _ in range(25):
            sx, sy = s.rng.uniform(0, WIDTH), s.rng.uniform(0, HEIGHT * 0.45)
            s.pen.text((sx, sy), "*", fill=(255, 240, 150))
        return
    for i in range(12):
        angle = i * math.tau / 12
        s.line(
            [
                (x + 45 * math.cos(angle), y + 45 * math.sin(angle)),
                (x + 70 * math.cos(angle), y + 70 * math.sin(angle)),
            ],
            (245, 180, 20),
            4,
        )
    s.blob(x, y, 38, (252, 215, 40))
    if s.rng.random() < 0.5:  # a smiling sun
        s.pen.ellipse((x - 14, y - 12, x - 6, y - 4), fill=(60, 40, 20))
        s.pen.ellipse((x + 6, y - 12, x + 14, y - 4), fill=(60, 40, 20))
        s.pen.arc(
            (x - 18, y - 10, x + 18, y + 20), 20, 160, fill=(200, 60, 40), width=4
        )


def clouds(s: Sheet) -> None:
    for _ in range(s.rng.randint(1, 3)):
        x, y = s.rng.uniform(150, WIDTH - 150), s.rng.uniform(50, 120)
        for dx in (-30, 0, 30):
            s.blob(x + dx, y + s.rng.uniform(-8, 8), 28, (255, 255, 255))


def rainbow(s: Sheet) -> None:
    x, y = s.rng.uniform(200, WIDTH - 200), HEIGHT * 0.62
    for i, colour in enumerate(CRAYONS):
        r = 230 - i * 12
        s.pen.arc((x - r, y - r, x + r, y + r), 180, 360, fill=colour, width=11)


def birds(s: Sheet) -> None:
    for _ in range(s.rng.randint(2, 5)):
        x, y = s.rng.uniform(120, WIDTH - 120), s.rng.uniform(60, 170)
        s.line([(x - 12, y - 6), (x, y), (x + 12, y - 6)], (40, 40, 40), 3)


def tree(s: Sheet, x: float, ground: float, fir: bool = False) -> None:
    height = s.rng.uniform(90, 150)
    s.box(x - 9, ground - height * 0.45, x + 9, ground, (130, 80, 40))
    green = s.rng.choice(GRASS)
    if fir:
        for level in range(3):
            top = ground - height + level * height * 0.22
            s.pen.polygon(
                s.wobble(
                    [
                        (x, top),
                        (x - 45 + level * 5, top + 60),
                        (x + 45 - level * 5, top + 60),
                    ]
                ),
                fill=(30, 110, 60),
            )
        return
    cy = ground - height * 0.65
    for dx, dy in ((-25, 5), (25, 5), (0, -25), (0, 10)):
        s.blob(x + dx, cy + dy, 32, green, outline=False)
    if s.rng.random() < 0.4:  # apples
        for _ in range(5):
            s.blob(
                x + s.rng.uniform(-35, 35),
                cy + s.rng.uniform(-30, 25),
                6,
                (220, 40, 40),
                False,
            )


def bench(s: Sheet, x: float, ground: float) -> None:
    brown = (150, 90, 45)
    s.box(x - 45, ground - 38, x + 45, ground - 28, brown)
    s.box(x - 45, ground - 60, x + 45, ground - 50, brown)
    for lx in (x - 38, x + 38):
        s.line([(lx, ground - 28), (lx, ground)], _darker(brown), 5)


def swing(s: Sheet, x: float, ground: float) -> None:
    frame = s.rng.choice(CRAYONS)
    s.line(
        [
            (x - 60, ground),
            (x - 45, ground - 120),
            (x + 45, ground - 120),
            (x + 60, ground),
        ],
        frame,
        7,
    )
    s.line([(x - 15, ground - 118), (x - 15, ground - 45)], (80, 80, 80), 3)
    s.line([(x + 15, ground - 118), (x + 15, ground - 45)], (80, 80, 80), 3)
    s.box(x - 22, ground - 48, x + 22, ground - 40, s.rng.choice(CRAYONS))


def slide(s: Sheet, x: float, ground: float) -> None:
    colour = s.rng.choice(CRAYONS)
    s.line([(x - 40, ground), (x - 40, ground - 110)], (90, 90, 90), 5)
    s.line([(x - 20, ground), (x - 20, ground - 110)], (90, 90, 90), 5)
    for step in range(5):
        s.line(
            [(x - 40, ground - 20 - step * 20), (x - 20, ground - 20 - step * 20)],
            (90, 90, 90),
            3,
        )
    s.pen.polygon(
        s.wobble(
            [
                (x - 20, ground - 110),
                (x + 70, ground - 5),
                (x + 80, ground - 15),
                (x - 10, ground - 120),
            ]
        ),
        fill=colour,
    )


def child(s: Sheet, x: float, ground: float) -> None:
    shirt = s.rng.choice(CRAYONS)
    s.blob(x, ground - 68, 12, (250, 210, 170))
    s.line([(x, ground - 56), (x, ground - 25)], shirt, 6)
    s.line([(x - 18, ground - 50), (x, ground - 45), (x + 18, ground - 55)], shirt, 4)
    s.line([(x - 12, ground), (x, ground - 25), (x + 12, ground)], (50, 60, 120), 4)


def flowers(s: Sheet, ground: float) -> None:
    for _ in range(s.rng.randint(5, 14)):
        x = s.rng.uniform(10, WIDTH - 10)
        y = ground + s.rng.uniform(15, HEIGHT - ground - 15)
        s.line([(x, y), (x, y - 18)], (40, 130, 50), 3)
        colour = s.rng.choice(CRAYONS)
        for i in range(5):
            angle = i * math.tau / 5
            s.blob(
                x + 7 * math.cos(angle), y - 22 + 7 * math.sin(angle), 5, colour, False
            )
        s.blob(x, y - 22, 4, (250, 220, 50), False)


def lamp(s: Sheet, x: float, ground: float, lit: bool = False) -> None:
    s.line([(x, ground), (x, ground - 130)], (60, 60, 70), 5)
    s.line([(x, ground - 130), (x + 20, ground - 130)], (60, 60, 70), 5)
    if lit:
        s.pen.polygon(
            [(x + 20, ground - 125), (x - 10, ground), (x + 50, ground)],
            fill=(250, 240, 170),
        )
    s.blob(x + 20, ground - 125, 9, (250, 230, 90))


def fountain(s: Sheet, x: float, ground: float) -> None:
    s.box(x - 70, ground - 30, x + 70, ground, (150, 150, 160))
    for side in (-1, 1):
        for i in range(3):
            points = [
                (
                    x + side * t * (20 + i * 15),
                    ground - 30 - 80 * math.sin(t * math.pi * 0.9),
                )
                for t in (0, 0.25, 0.5, 0.75, 1.0)
            ]
            s.line(points, (60, 150, 230), 4)
    s.line([(x, ground - 30), (x, ground - 110)], (60, 150, 230), 5)


def building(s: Sheet, x: float, ground: float) -> None:
    width, height = s.rng.uniform(60, 95), s.rng.uniform(150, 260)
    s.box(x, ground - height, x + width, ground, s.rng.choice(CRAYONS))
    for wy in range(int(ground - height + 15), int(ground - 25), 30):
        for wx in range(int(x + 10), int(x + width - 18), 24):
            s.box(wx, wy, wx + 14, wy + 16, (250, 245, 180))


def bicycle(s: Sheet, x: float, ground: float) -> None:
    colour = s.rng.choice(CRAYONS)
    for wx in (x - 28, x + 28):
        s.pen.ellipse(
            (wx - 20, ground - 42, wx + 20, ground - 2), outline=(40, 40, 40), width=4
        )
    s.line(
        [
            (x - 28, ground - 22),
            (x, ground - 22),
            (x + 28, ground - 22),
            (x + 10, ground - 50),
            (x - 12, ground - 50),
            (x - 28, ground - 22),
        ],
        colour,
        4,
    )


def snowman(s: Sheet, x: float, ground: float) -> None:
    s.blob(x, ground - 35, 35, (255, 255, 255))
    s.blob(x, ground - 95, 26, (255, 255, 255))
    s.blob(x, ground - 140, 19, (255, 255, 255))
    s.pen.polygon(
        s.wobble([(x, ground - 140), (x + 25, ground - 136), (x, ground - 133)]),
        fill=(240, 130, 30),
    )


def football(s: Sheet, x: float, ground: float) -> None:
    s.line(
        [
            (x - 60, ground),
            (x - 60, ground - 90),
            (x + 60, ground - 90),
            (x + 60, ground),
        ],
        (255, 255, 255),
        7,
    )
    for gx in range(int(x - 55), int(x + 60), 15):
        s.line([(gx, ground - 88), (gx, ground - 5)], (200, 200, 200), 1)
    s.blob(x + 100, ground - 15, 14, (255, 255, 255))


def river(s: Sheet, ground: float) -> None:
    top = ground + 25
    s.pen.polygon(
        s.wobble([(0, top), (WIDTH, top + 15), (WIDTH, top + 85), (0, top + 70)], 6),
        fill=(70, 140, 220),
    )
    for _ in range(8):
        wx, wy = s.rng.uniform(20, WIDTH - 40), s.rng.uniform(top + 15, top + 60)
        s.line([(wx, wy), (wx + 12, wy - 5), (wx + 24, wy)], (230, 240, 255), 3)


def path(s: Sheet, ground: float) -> None:
    x = s.rng.uniform(200, WIDTH - 200)
    s.pen.polygon(
        s.wobble(
            [(x - 15, ground), (x + 15, ground), (x + 120, HEIGHT), (x - 120, HEIGHT)],
            5,
        ),
        fill=(225, 200, 150),
    )


# --- Themes: what a drawing shows, as a sequence of strokes ----------------------


def _spots(s: Sheet, n: int) -> list[float]:
    """n places along the ground, spread out with a little disorder."""
    gap = WIDTH / (n + 1)
    return [gap * (i + 1) + s.rng.uniform(-gap / 4, gap / 4) for i in range(n)]


def _scene(s: Sheet, night: bool = False, winter: bool = False) -> float:
    ground = s.rng.uniform(HEIGHT * 0.6, HEIGHT * 0.7)
    if night:
        s.pen.rectangle((0, 0, WIDTH, ground), fill=(30, 40, 90))
    else:
        s.scribble(0, s.rng.uniform(90, ground), s.rng.choice(SKY_DAY))
    s.pen.rectangle(
        (0, ground, WIDTH, HEIGHT),
        fill=(245, 248, 252) if winter else s.rng.choice(GRASS),
    )
    if not winter:
        for _ in range(40):  # grass strokes
            gx, gy = s.rng.uniform(0, WIDTH), s.rng.uniform(ground + 5, HEIGHT)
            s.line([(gx, gy), (gx + s.rng.uniform(-4, 4), gy - 10)], (40, 120, 40), 2)
    sun(s, night=night)
    return ground


def playground(s: Sheet) -> None:
    ground = _scene(s)
    clouds(s)
    a, b, c, d = _spots(s, 4)
    swing(s, a, ground + 20)
    slide(s, c, ground + 30)
    child(s, b, ground + 40)
    tree(s, d, ground + 10)


def park(s: Sheet) -> None:
    ground = _scene(s)
    if s.rng.random() < 0.4:
        rainbow(s)
    path(s, ground)
    spots = _spots(s, 5)
    for x in spots[::2]:
        tree(s, x, ground + 5)
    bench(s, spots[1], ground + 45)
    lamp(s, spots[3], ground + 30)
    flowers(s, ground)
    birds(s)


def fountain_square(s: Sheet) -> None:
    ground = _scene(s)
    clouds(s)
    a, b, c = _spots(s, 3)
    tree(s, a, ground + 5)
    fountain(s, b, ground + 50)
    bench(s, c, ground + 45)
    child(s, b + 90, ground + 70)
    flowers(s, ground)


def future_town(s: Sheet) -> None:
    ground = _scene(s)
    for x in _spots(s, 5):
        building(s, x - 40, ground + 5)
    tree(s, s.rng.uniform(40, 120), ground + 40)
    bicycle(s, s.rng.uniform(200, 440), ground + 70)
    birds(s)


def embankment(s: Sheet) -> None:
    ground = _scene(s)
    river(s, ground)
    a, b, c = _spots(s, 3)
    bench(s, a, ground + 20)
    lamp(s, b, ground + 20)
    tree(s, c, ground + 15)
    birds(s)


def night_park(s: Sheet) -> None:
    ground = _scene(s, night=True)
    spots = _spots(s, 4)
    for x in spots[::2]:
        lamp(s, x, ground + 40, lit=True)
    tree(s, spots[1], ground + 10)
    bench(s, spots[3], ground + 50)


def winter_park(s: Sheet) -> None:
    ground = _scene(s, winter=True)
    a, b, c = _spots(s, 3)
    tree(s, a, ground + 10, fir=True)
    snowman(s, b, ground + 60)
    tree(s, c, ground + 10, fir=True)
    for _ in range(40):
        x, y = s.rng.uniform(0, WIDTH), s.rng.uniform(0, HEIGHT)
        s.blob(x, y, 3, (255, 255, 255), False)


def sports_ground(s: Sheet) -> None:
    ground = _scene(s)
    clouds(s)
    a, b, c = _spots(s, 3)
    football(s, b, ground + 60)
    child(s, a, ground + 80)
    child(s, c, ground + 75)


def bike_lane(s: Sheet) -> None:
    ground = _scene(s)
    s.pen.rectangle((0, ground + 45, WIDTH, ground + 95), fill=(120, 120, 130))
    for x in range(0, WIDTH, 60):
        s.line([(x, ground + 70), (x + 30, ground + 70)], (255, 255, 255), 4)
    a, b, c = _spots(s, 3)
    bicycle(s, a, ground + 90)
    bicycle(s, c, ground + 90)
    tree(s, b, ground + 30)


THEMES: dict[str, Callable[[Sheet], None]] = {
    "playground": playground,
    "park": park,
    "fountain": fountain_square,
    "town": future_town,
    "embankment": embankment,
    "night": night_park,
    "winter": winter_park,
    "sport": sports_ground,
    "bikes": bike_lane,
}


def child_drawing(theme: str, seed: int | str) -> bytes:
    """A PNG of a child's drawing of the theme; the same seed gives the same picture."""
    sheet = Sheet(random.Random(f"contest-picture-{theme}-{seed}"))
    THEMES[theme](sheet)
    return sheet.png()
