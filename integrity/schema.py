"""The Idempotency-Key header in the OpenAPI schema of every API POST.

A drf-spectacular view extension: each APIView with a ``post`` is replaced, for
schema generation only, by a subclass whose ``post`` schema adds the optional
header and the 422 a reused key gets. Loaded by IntegrityConfig.ready().
"""

from __future__ import annotations

import functools
from typing import Any

from drf_spectacular.extensions import OpenApiViewExtension
from drf_spectacular.plumbing import get_class
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework.views import APIView

from .keys import HEADER

KEY_PARAMETER = OpenApiParameter(
    name=HEADER,
    type={"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    location=OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique value, such as a UUID, to make a retry safe: the first POST "
        "with a key is run and its answer kept for 24 hours; a retry with the "
        "same key and body gets that answer again, with the header "
        "`Idempotent-Replayed: true`, and creates nothing twice. A retry sent "
        "while the first is still running waits for it. Answers 4xx give the "
        "key back. Keys belong to the signed-in account (or the session or "
        "address of an anonymous client)."
    ),
)
KEY_REUSED = OpenApiResponse(
    description=(
        "The Idempotency-Key was already used with a different body: "
        '{"error": {"code": "idempotency_key_reused", "message"}}'
    )
)


class IdempotentPostSchema:
    """Schema mixin: the header on POST, and the 422 beside its other answers."""

    method: str

    def get_override_parameters(self) -> list[Any]:
        parameters = super().get_override_parameters()  # type: ignore[misc]
        return [*parameters, KEY_PARAMETER] if self.method == "POST" else parameters

    def get_response_serializers(self) -> Any:
        responses = super().get_response_serializers()  # type: ignore[misc]
        if self.method == "POST" and isinstance(responses, dict):
            return {**responses, 422: KEY_REUSED}
        return responses


class IdempotentPosts(OpenApiViewExtension):
    target_class = "rest_framework.views.APIView"
    match_subclasses = True

    def view_replacement(self) -> type[APIView]:
        target: type[APIView] = self.target
        original = getattr(target, "post", None)
        if original is None:
            return target
        kwargs = getattr(original, "kwargs", {})
        base = get_class(kwargs.get("schema") or target.schema)
        schema = type("IdempotentSchema", (IdempotentPostSchema, base), {})

        @functools.wraps(original)
        def post(view: APIView, *args: Any, **kw: Any) -> Any:
            return original(view, *args, **kw)

        post.kwargs = {**kwargs, "schema": schema}  # type: ignore[attr-defined]
        return type(
            target.__name__,
            (target,),
            {"post": post, "__module__": target.__module__, "__doc__": target.__doc__},
        )
