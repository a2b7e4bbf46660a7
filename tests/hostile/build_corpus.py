"""Write the hostile-input corpus under tests/hostile/corpus/ and its manifest.

Run it after changing a payload (in tests/hostile/payloads/), from the checkout:
``.venv/bin/python -m tests.hostile.build_corpus``. The files it writes are
committed; the tests read them through ``manifest.json``, which names each
payload, the endpoints it goes to, the statuses it may get, the words the refusal
must hold and, for the geometry intake, the place it names.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from .payloads import bodies, geometry, photos, plans, queries, tables
from .payloads.common import CORPUS, ENTRIES


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    CORPUS.mkdir()
    geometry.geometries()
    bodies.bodies()
    photos.photos()
    with tempfile.TemporaryDirectory() as folder:
        plans.plans(Path(folder))
        tables.imports(Path(folder))
    queries.queries()
    (CORPUS / "manifest.json").write_text(
        json.dumps({"payloads": ENTRIES}, ensure_ascii=False, indent=1) + "\n",
        encoding="utf-8",
    )
    kinds = Counter(entry["kind"] for entry in ENTRIES)
    print(f"{len(ENTRIES)} payloads: {dict(kinds)}", file=sys.stderr)


if __name__ == "__main__":
    main()
