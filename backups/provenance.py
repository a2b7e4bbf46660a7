"""Which Birge made a backup: its version and, where the checkout has one, commit."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from django.conf import settings


def birge() -> dict[str, str | None]:
    """Birge's version from pyproject.toml and the commit of the checkout."""
    root = Path(settings.BASE_DIR)
    version = None
    try:
        with (root / "pyproject.toml").open("rb") as handle:
            version = tomllib.load(handle).get("project", {}).get("version")
    except (OSError, tomllib.TOMLDecodeError):
        pass
    return {
        "version": version,
        "commit": os.environ.get("BIRGE_COMMIT") or _commit(root),
    }


def _commit(root: Path) -> str | None:
    # Read from .git's files: a deployment may have no git program to ask.
    git = root / ".git"
    try:
        head = (git / "HEAD").read_text().strip()
        if not head.startswith("ref: "):
            return head or None
        ref = head.removeprefix("ref: ")
        if (git / ref).is_file():
            return (git / ref).read_text().strip() or None
        for line in (git / "packed-refs").read_text().splitlines():
            commit, _, name = line.partition(" ")
            if name == ref:
                return commit
    except OSError:
        pass
    return None
