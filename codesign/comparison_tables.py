"""The architect's tables, shaped from a stored session analysis for the page and report.

Numbers stay numbers (templates format them; sortable columns sort by them);
names of kinds come in the page's language.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _

from mapping.languages import active_language

from .comparison import Comparison, kind
from .comparison.prepared import UNASSIGNED


def kind_name(slug: str) -> str:
    """A kind's name in the active language; the unassigned part of the site too."""
    if slug == UNASSIGNED:
        return _("Not assigned")
    return kind(slug).name(active_language())


def family_numbers(result: Mapping[str, Any]) -> dict[int, int]:
    """Concept id -> its family's number (1 for the largest family)."""
    return {
        member: number
        for number, family in enumerate(result.get("families", []), start=1)
        for member in family["members"]
    }


def metrics_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """One row per resident concept: its agreement with the official plan."""
    versus = result.get("vs_official") or {}
    numbers = family_numbers(result)
    rows = []
    for concept in result.get("concepts", []):
        metrics = versus.get(str(concept["id"]))
        row = {**concept, "family": numbers.get(concept["id"])}
        if metrics:
            scores = metrics["scores"]
            row.update(
                overall=metrics["overall"],
                quantity=metrics["quantity_disagreement"],
                allocation=metrics["allocation_disagreement"],
                fuzzy=metrics["fuzzy_agreement"],
                zones=scores["zones"],
                paths=scores["paths"],
                objects=scores["objects"],
            )
        rows.append(row)
    return rows


def pair_rows(comparison: Comparison) -> dict[str, list[dict[str, Any]]]:
    """Per kind drawn by either concept: the pair's zone, path and object metrics."""
    zones = [
        {"kind": slug, "name": kind_name(slug), **vars(z)}
        for slug, z in comparison.zones.items()
        if z.share_a or z.share_b
    ]
    paths = [
        {"kind": slug, "name": kind_name(slug), **vars(p)}
        for slug, p in comparison.paths.items()
        if p.length_a_m or p.length_b_m
    ]
    objects = [
        {"kind": slug, "name": kind_name(slug), **vars(o)}
        for slug, o in comparison.objects.items()
        if o.count_a or o.count_b
    ]
    return {"zones": zones, "paths": paths, "objects": objects}


def family_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Each family with its members' titles, its typical member and cohesion."""
    titles = {c["id"]: c for c in result.get("concepts", [])}
    return [
        {
            "number": number,
            "members": [titles[m] for m in family["members"] if m in titles],
            "medoid": titles.get(family["medoid"]),
            "cohesion": family["cohesion"],
            "vs_official": family["vs_official"],
        }
        for number, family in enumerate(result.get("families", []), start=1)
    ]


def composition_rows(result: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Per use: the residents' mean share of the site and the plan's share."""
    return [
        {**row, "name": kind_name(row["kind"])}
        for row in result.get("composition") or []
    ]


def similarity_matrix(result: Mapping[str, Any]) -> dict[str, Any]:
    """The pairwise similarity matrix with a short heading per concept."""
    described = {c["id"]: c for c in result.get("concepts", [])}
    if result.get("official"):
        described[result["official"]["id"]] = result["official"]
    order = result.get("order", [])
    heads = [described[i] for i in order if i in described]
    rows = [
        {"concept": described[i], "cells": cells}
        for i, cells in zip(order, result.get("similarity", []), strict=False)
        if i in described
    ]
    return {"heads": heads, "rows": rows}
