"""Where the tests find Pabulib files: the copy in this folder comes first."""

from __future__ import annotations

import os
from pathlib import Path

PABULIB_FILES = (
    "France_Toulouse_2022_17_Mirail.pb",
    "Poland_Katowice_2020_Dab.pb",
    "Poland_Warszawa_2019_Muranow.pb",
    "Poland_Wieliczka_2023_Green_Budget.pb",
    "US_Stanford_Dataset_2022_Jersey_City_Ward_B_vote_knapsacks.pb",
)
_REPO = Path(__file__).resolve().parents[3]


def pabulib_dir() -> Path:
    """The first folder holding every file: $BIRGE_PABULIB_DIR, here, ../shared."""
    override = os.environ.get("BIRGE_PABULIB_DIR")
    candidates = [Path(override)] if override else []
    candidates += [
        Path(__file__).resolve().parent / "pabulib",
        _REPO.parent / "shared" / "data" / "pabulib",
        Path("/work/shared/data/pabulib"),
    ]
    for folder in candidates:
        if all((folder / name).is_file() for name in PABULIB_FILES):
            return folder
    raise FileNotFoundError("no folder holds the Pabulib test files")


def pabulib_text(name: str) -> str:
    """A file's text, undecoded beyond UTF-8 (BOM and CRLF are the parser's job)."""
    return (pabulib_dir() / name).read_bytes().decode("utf-8")
