"""Placeholders in .po files: a translation keeps every %(name)s, {x} and tag."""

import re
from collections import Counter

PLACEHOLDER = re.compile(
    r"%\([^)]+\)[-#0 +]*\d*(?:\.\d+)?[sdifr]"  # %(name)s, %(count)d, %(value)r
    r"|%[sdifr]"  # %s, %d, %r
    r"|\{[^{}]*\}"  # {name}, {}
    r"|<[^>]+>"  # HTML tags
)
ESCAPES = {"n": "\n", "t": "\t", '"': '"', "\\": "\\"}


def unquote(s):
    s = s.strip()
    if not (s.startswith('"') and s.endswith('"')):
        raise ValueError(f"bad string line: {s!r}")
    return re.sub(r"\\(.)", lambda m: ESCAPES.get(m.group(1), m.group(0)), s[1:-1])


def parse(path):
    entries, cur, field = [], None, None

    def flush():
        if cur and "msgid" in cur:
            entries.append(cur)

    with open(path, encoding="utf-8") as f:
        lines = f.read().splitlines()
    for lineno, line in enumerate(lines, 1):
        if not line.strip():
            flush()
            cur, field = None, None
            continue
        if cur is None:
            cur = {"msgstr": {}, "line": lineno, "obsolete": False}
        if line.startswith("#~"):
            cur["obsolete"] = True
            continue
        if line.startswith("#"):
            continue
        m = re.match(
            r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")$', line
        )
        if m:
            key, idx, value = m.group(1), m.group(2), unquote(m.group(3))
            if key.startswith("msgstr"):
                field = ("msgstr", int(idx) if idx is not None else 0)
                cur["msgstr"][field[1]] = value
            else:
                field = (key, None)
                cur[key] = value
        elif line.startswith('"') and field:
            value = unquote(line)
            if field[0] == "msgstr":
                cur["msgstr"][field[1]] += value
            else:
                cur[field[0]] += value
        else:
            raise ValueError(f"{path}:{lineno}: cannot parse {line!r}")
    flush()
    return [e for e in entries if not e["obsolete"] and e["msgid"]]


def check(path) -> list[str]:
    """Entries of a .po file whose translation changes, drops or adds a placeholder."""
    problems = []
    for e in parse(path):
        src_single = Counter(PLACEHOLDER.findall(e["msgid"]))
        src_plural = Counter(PLACEHOLDER.findall(e.get("msgid_plural", e["msgid"])))
        for i, text in sorted(e["msgstr"].items()):
            if not text:
                problems.append(
                    f"{path}:{e['line']}: empty msgstr[{i}] for {e['msgid']!r}"
                )
                continue
            got = Counter(PLACEHOLDER.findall(text))
            expected = src_single if (i == 0 or "msgid_plural" not in e) else src_plural
            # A plural form may match either source form.
            if got != expected and not (
                "msgid_plural" in e and got in (src_single, src_plural)
            ):
                problems.append(
                    f"{path}:{e['line']}: msgstr[{i}] of {e['msgid']!r} has "
                    f"{dict(got)}, expected {dict(expected)}"
                )
    return problems
