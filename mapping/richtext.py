"""Organisers' rich text: a small HTML subset, sanitised with nh3 (docs/security.md).

Campaign, community and contest descriptions may carry paragraphs, emphasis,
lists, third-level headings, quotations and links. Services and the admin store
them through ``clean`` and templates show them through ``|richtext`` (``render``),
which cleans again, so rows written another way (an old import) are safe as well.
Edit forms show ``editable`` of what is stored: the text as the person typed it
(``&`` rather than ``&amp;``), which cleans back to exactly what is stored.
Residents' texts (proposals, concerns) stay plain text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import nh3
from django import forms
from django.utils.safestring import SafeString, mark_safe

from .languages import LANGUAGE_CODES

TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h3", "blockquote"}
ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow noopener"
# Elements dropped with everything inside them, not just their tags: their text is
# code or markup, never prose worth keeping.
DROPPED_WITH_CONTENT = {
    "script",
    "style",
    "svg",
    "math",
    "iframe",
    "object",
    "embed",
    "noscript",
    "template",
    "textarea",
    "select",
}
# A path on this site: "/" not followed by "/" or "\" (browsers read "//x" and
# "/\x" as another host), and no backslash, space or control character anywhere
# (browsers drop tabs and newlines inside a URL, which could join "/" and "/").
SAME_SITE_PATH = re.compile(r"/(?![/\\])[^\s\\\x00-\x1f\x7f]*")
BLOCKS = re.compile(r"<(?:p|br|ul|ol|h3|blockquote)\b")
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n+")
# What nh3's serialiser writes for a character; editable() writes the character back.
REFERENCES = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&nbsp;": "\xa0"}
REFERENCE = re.compile("|".join(re.escape(ref) for ref in REFERENCES))
# The rel clean() adds to every link: the person did not type it.
ADDED_REL = re.compile(r'(<a\b[^<>]*?) rel="' + LINK_REL + '"(?=>)')
# Removing a tag can leave a tree the parser builds differently (an <li> in an <li>);
# a second pass settles it (a third was never needed in 200 000 random fragments).
MAX_PASSES = 4
MAX_REFERENCES_TRIED = 200


def _same_site(url: str) -> str | None:
    """Relative links are kept only as paths on this site ("/kk/towns/aksu/")."""
    return url if SAME_SITE_PATH.fullmatch(url) else None


CLEANER = nh3.Cleaner(
    tags=TAGS,
    clean_content_tags=DROPPED_WITH_CONTENT,
    attributes=ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    # Every other link names its scheme: http, https or mailto.
    url_relative=_same_site,
    link_rel=LINK_REL,
    strip_comments=True,
)


def clean(html: str) -> str:
    """The text with only the allowed tags, attributes and links left.

    Idempotent: cleaning what ``clean`` returned gives it back unchanged, so a
    form saved again without changes stores the same text.
    """
    cleaned = CLEANER.clean(html)
    for _pass in range(MAX_PASSES):
        again = CLEANER.clean(cleaned)
        if again == cleaned:
            break
        cleaned = again
    return cleaned


def clean_each(values: Mapping[str, str]) -> dict[str, str]:
    """The per-language texts of one field ({"kk": ..., "ru": ...}), each cleaned."""
    return {code: clean(text or "") for code, text in values.items()}


def editable(html: str) -> str:
    """Stored HTML as its author typed it: ``&`` not ``&amp;``, ``5 < 7`` not ``&lt;``.

    A reference is written back as its character only where cleaning the result
    still gives the stored text (``&lt;b&gt;`` typed on purpose stays), so
    ``clean(editable(x)) == clean(x)``.
    """
    stored = clean(html or "")
    base = ADDED_REL.sub(r"\1", stored)
    if clean(base) != stored:
        base = stored
    refs = REFERENCE.findall(base)
    if not refs:
        return base
    texts = REFERENCE.split(base)

    def joined(chosen: list[str]) -> str:
        return "".join(t + c for t, c in zip(texts, [*chosen, ""], strict=True))

    typed = joined([REFERENCES[ref] for ref in refs])
    if clean(typed) == stored:
        return typed  # the usual case: every reference stands for plain text
    chosen = list(refs)
    for index, ref in enumerate(refs[:MAX_REFERENCES_TRIED]):
        chosen[index] = REFERENCES[ref]
        if clean(joined(chosen)) != stored:
            chosen[index] = ref
    return joined(chosen)


def render(html: str) -> SafeString:
    """Cleaned HTML ready for a page; plain text gets paragraphs at blank lines."""
    cleaned = clean(html or "").strip()
    if cleaned and not BLOCKS.search(cleaned):
        # Text typed without tags (most descriptions) keeps its line breaks.
        cleaned = clean(
            "".join(
                "<p>" + part.strip().replace("\n", "<br>") + "</p>"
                for part in PARAGRAPH_BREAK.split(cleaned)
            )
        )
    return mark_safe(cleaned)  # nh3 has just cleaned it


class RichTextFormMixin(forms.BaseForm):
    """A (model or admin) form whose rich-text fields show and store like the pages.

    ``rich_text_fields`` names model fields ("description"); their per-language
    form fields ("description_kk", ...) are included. The form shows
    ``editable`` of the stored text and stores ``clean`` of what is sent.
    """

    rich_text_fields: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in self._rich_names():
            value = self.initial.get(name)
            if isinstance(value, str):
                self.initial[name] = editable(value)

    def _rich_names(self) -> list[str]:
        wanted = set(self.rich_text_fields)
        wanted |= {f"{name}_{code}" for name in wanted for code in LANGUAGE_CODES}
        return [name for name in self.fields if name in wanted]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or self.cleaned_data
        for name in self._rich_names():
            if isinstance(cleaned.get(name), str):
                cleaned[name] = clean(cleaned[name])
        return cleaned
