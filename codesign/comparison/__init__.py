"""Compare site concepts with the official plan and with each other (no Django).

- ``Concept``/``Element``: a site polygon and typed zones, paths and objects in
  metres; ``Concept.from_geojson`` reads a lon/lat FeatureCollection through a
  projection the caller passes, raising ``ConceptError`` with the feature index.
- ``KINDS``/``kind``: the vocabulary (slug, family, kk/ru/en names, colour, symbol).
- ``compare(a, b)`` -> ``Comparison``: composition shares and quantity disagreement,
  IoU/Dice per zone kind and allocation disagreement (Pontius & Millones 2011),
  fuzzy agreement on a raster (Hagen 2003), path Hausdorff and within-distance
  shares, object counts and nearest distances, and ``overall`` in [0, 1].
- ``compare_many(official, concepts)`` and ``distance_matrix(concepts)`` prepare
  each concept once.

Formulas and what a planner reads from them: docs/comparison.md.
"""

from codesign.comparison.concept import Concept, ConceptError, Element
from codesign.comparison.metrics import (
    Comparison,
    ZoneAgreement,
    compare,
    compare_many,
    distance_matrix,
)
from codesign.comparison.objects import ObjectAgreement
from codesign.comparison.paths import PathAgreement
from codesign.comparison.score import WEIGHTS
from codesign.comparison.vocabulary import (
    KINDS,
    OBJECT_KINDS,
    PATH_KINDS,
    ZONE_KINDS,
    Kind,
    kind,
)

__all__ = [
    "KINDS",
    "OBJECT_KINDS",
    "PATH_KINDS",
    "WEIGHTS",
    "ZONE_KINDS",
    "Comparison",
    "Concept",
    "ConceptError",
    "Element",
    "Kind",
    "ObjectAgreement",
    "PathAgreement",
    "ZoneAgreement",
    "compare",
    "compare_many",
    "distance_matrix",
    "kind",
]
