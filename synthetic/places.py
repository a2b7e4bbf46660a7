"""Where synthetic rows lie: clustered points and small yards inside a town.

Candidates are drawn in the town's UTM metres, so spreads and sizes are metres, and
kept only if they lie inside the boundary in EPSG:4326: the coordinates tested are
the very ones stored, so every row the sampler keeps is inside the stored boundary.
"""

from __future__ import annotations

import dataclasses
import math

import numpy as np
import shapely
from django.contrib.gis.geos import GEOSGeometry
from pyproj import Transformer

from mapping.models import Town

# Residents, roughly; a town's share of the rows follows them.
POPULATION: dict[str, int] = {
    "almaty": 2_200_000,
    "ust-kamenogorsk": 330_000,
    "rudny": 115_000,
    "aksu": 70_000,  # the town's 40,000 and its administration's villages
    "lisakovsk": 35_000,
    "khromtau": 25_000,
    "kachar": 10_000,
    "oktyabrsky": 3_000,
}
# A town not listed is weighted by its area, as if this many lived on a km².
DENSITY_PER_KM2 = 1_500
# The mixture the points come from: around the town centre, the district centres
# and a few neighbourhoods (blocks of flats), over a uniform background.
CENTRE_SHARE = 0.30
DISTRICT_SHARE = 0.30
NEIGHBOURHOOD_SHARE = 0.25
# Spread of a neighbourhood, metres; wider in a town more than 8 km across.
NEIGHBOURHOOD_SPREAD_M = (150.0, 500.0)
# Yards, squares and playgrounds: the longest distance across them, in metres.
ACROSS_M = (15.0, 150.0)
HEXAGON_SHARE = 0.3

Coordinates = tuple[np.ndarray, np.ndarray]


@dataclasses.dataclass(frozen=True)
class TownShape:
    """A town as the sampler sees it: boundary, metric frame and where people live."""

    pk: int
    slug: str
    boundary: shapely.Geometry  # EPSG:4326, prepared
    bounds: tuple[float, float, float, float]  # UTM metres
    to_lonlat: Transformer
    area_km2: float
    centres: np.ndarray  # (k, 2) UTM metres
    spreads: np.ndarray  # (k,) metres
    weights: np.ndarray  # (k + 1,): the last one is the uniform background
    districts: tuple[tuple[int, shapely.Geometry], ...]  # EPSG:4326, by pk

    @property
    def residents(self) -> float:
        return POPULATION.get(self.slug, self.area_km2 * DENSITY_PER_KM2)


def _geometry(value: GEOSGeometry) -> shapely.Geometry:
    geometry = shapely.from_wkb(bytes(value.wkb))
    shapely.prepare(geometry)
    return geometry


def _local(geometry: shapely.Geometry, to_utm: Transformer) -> shapely.Geometry:
    return shapely.transform(
        geometry, lambda xy: np.column_stack(to_utm.transform(*xy.T))
    )


def town_shape(town: Town, rng: np.random.Generator) -> TownShape:
    """The town's sampler; ``rng`` places its neighbourhoods."""
    to_utm = Transformer.from_crs(4326, town.utm_srid, always_xy=True)
    boundary = _geometry(town.boundary)
    local = _local(boundary, to_utm)
    districts = tuple(
        (district.pk, _geometry(district.boundary))
        for district in town.districts.order_by("pk")
    )
    uniform = TownShape(
        pk=town.pk,
        slug=town.slug,
        boundary=boundary,
        bounds=tuple(local.bounds),
        to_lonlat=Transformer.from_crs(town.utm_srid, 4326, always_xy=True),
        area_km2=local.area / 1e6,
        centres=np.empty((0, 2)),
        spreads=np.empty(0),
        weights=np.ones(1),
        districts=districts,
    )
    centres = [to_utm.transform(town.centre.x, town.centre.y)]
    spreads, weights = [0.18 * math.sqrt(local.area)], [CENTRE_SHARE]
    areas = [_local(geometry, to_utm) for _pk, geometry in districts]
    for area in areas:
        centre = area.point_on_surface()
        centres.append((centre.x, centre.y))
        spreads.append(0.3 * math.sqrt(area.area))
        weights.append(DISTRICT_SHARE * area.area / sum(a.area for a in areas))
    if not areas:
        weights[0] += DISTRICT_SHARE
    # Neighbourhoods anywhere in town; a larger town has more of them.
    count = int(np.clip(round(uniform.area_km2 / 4), 3, 40))
    x, y = _inside(uniform, count, rng)
    share = rng.gamma(2.0, size=count)
    scale = max(1.0, math.sqrt(local.area) / 8_000)
    return dataclasses.replace(
        uniform,
        centres=np.vstack([np.array(centres), np.column_stack([x, y])]),
        spreads=np.concatenate(
            [spreads, scale * rng.uniform(*NEIGHBOURHOOD_SPREAD_M, size=count)]
        ),
        weights=np.concatenate(
            [
                weights,
                NEIGHBOURHOOD_SHARE * share / share.sum(),
                [1.0 - CENTRE_SHARE - DISTRICT_SHARE - NEIGHBOURHOOD_SHARE],
            ]
        ),
    )


def _candidates(shape: TownShape, size: int, rng: np.random.Generator) -> Coordinates:
    """Points in UTM metres from the mixture, not yet tested against the boundary."""
    k = len(shape.spreads)
    which = rng.choice(k + 1, size=size, p=shape.weights)
    x, y = np.empty(size), np.empty(size)
    gauss = which < k
    picked = which[gauss]
    spread = shape.spreads[picked]
    x[gauss] = shape.centres[picked, 0] + rng.standard_normal(picked.size) * spread
    y[gauss] = shape.centres[picked, 1] + rng.standard_normal(picked.size) * spread
    flat = int((~gauss).sum())
    west, south, east, north = shape.bounds
    x[~gauss] = rng.uniform(west, east, flat)
    y[~gauss] = rng.uniform(south, north, flat)
    return x, y


def _inside(shape: TownShape, n: int, rng: np.random.Generator) -> Coordinates:
    """``n`` points in UTM metres whose EPSG:4326 coordinates lie inside the town."""
    xs, ys, have = [], [], 0
    while have < n:
        x, y = _candidates(shape, 2 * (n - have) + 64, rng)
        inside = shapely.contains_xy(shape.boundary, *shape.to_lonlat.transform(x, y))
        xs.append(x[inside][: n - have])
        ys.append(y[inside][: n - have])
        have += len(xs[-1])
    return np.concatenate([np.empty(0), *xs]), np.concatenate([np.empty(0), *ys])


def sample_points(shape: TownShape, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` points (EPSG:4326) strictly inside the town, clustered as people live."""
    x, y = _inside(shape, n, rng)
    return shapely.points(*shape.to_lonlat.transform(x, y))


def sample_polygons(shape: TownShape, n: int, rng: np.random.Generator) -> np.ndarray:
    """``n`` rotated rectangles and hexagons (EPSG:4326), valid and inside the town."""
    kept, have = [], 0
    while have < n:
        size = 2 * (n - have) + 64
        x, y = _candidates(shape, size, rng)
        across = np.exp(rng.uniform(math.log(ACROSS_M[0]), math.log(ACROSS_M[1]), size))
        angle = rng.uniform(0.0, math.pi, size=size)
        aspect = rng.uniform(1.0, 2.5, size=size)
        hexagon = rng.random(size) < HEXAGON_SHARE
        polygons = np.empty(size, dtype=object)
        # The longest distance across: the diagonal, or vertex to opposite vertex.
        turn = np.linspace(0.0, 2 * math.pi, 6, endpoint=False)
        radius = across[hexagon, None] / 2
        polygons[hexagon] = _rings(
            shape,
            (x[hexagon], y[hexagon], angle[hexagon]),
            radius * np.cos(turn),
            radius * np.sin(turn),
        )
        rect = ~hexagon
        half = across[rect, None] / 2 / np.sqrt(1 + aspect[rect, None] ** 2)
        polygons[rect] = _rings(
            shape,
            (x[rect], y[rect], angle[rect]),
            half * aspect[rect, None] * np.array([-1, 1, 1, -1]),
            half * np.array([-1, -1, 1, 1]),
        )
        good = shapely.is_valid(polygons) & shapely.contains(shape.boundary, polygons)
        kept.append(polygons[good][: n - have])
        have += len(kept[-1])
    return np.concatenate([np.empty(0, dtype=object), *kept])


def _rings(
    shape: TownShape,
    placed: tuple[np.ndarray, np.ndarray, np.ndarray],
    u: np.ndarray,
    v: np.ndarray,
) -> np.ndarray:
    """Polygons from corner offsets (u, v) in metres, turned and moved into place."""
    x, y, angle = placed
    u, v = np.hstack([u, u[:, :1]]), np.hstack([v, v[:, :1]])  # closed rings
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    px, py = x[:, None] + u * cos - v * sin, y[:, None] + u * sin + v * cos
    lon, lat = shape.to_lonlat.transform(px.ravel(), py.ravel())
    coords = np.stack([lon.reshape(px.shape), lat.reshape(px.shape)], axis=-1)
    return shapely.polygons(coords) if len(coords) else np.empty(0, dtype=object)


def districts_at(shape: TownShape, geometries: np.ndarray) -> np.ndarray:
    """The district of each geometry's point on surface (0 for none); lowest pk wins."""
    surface = shapely.point_on_surface(geometries)
    lon, lat = shapely.get_x(surface), shapely.get_y(surface)
    found = np.zeros(len(geometries), dtype=np.int64)
    for pk, boundary in reversed(shape.districts):
        found[shapely.intersects_xy(boundary, lon, lat)] = pk
    return found


def apportion(total: int, weights: list[float]) -> list[int]:
    """``total`` split in proportion to ``weights``, exactly (largest remainders)."""
    if total == 0 or not weights:
        return [0] * len(weights)
    exact = np.array(weights, dtype=float) / sum(weights) * total
    counts = np.floor(exact).astype(int)
    # Ties go to the earlier town, so the split never depends on float noise.
    order = np.argsort(-(exact - counts), kind="stable")
    counts[order[: total - counts.sum()]] += 1
    return [int(c) for c in counts]
