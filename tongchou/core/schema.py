"""The OpenAPI schema's view of the errors every route of a kind can give, so that no view has to
repeat them and none is forgotten (the API fuzz tests, core/tests/test_api_fuzz.py, hold it to that)."""

from __future__ import annotations

from typing import Any

from drf_spectacular import openapi
from rest_framework.permissions import AllowAny

from .rest import error_responses


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction: Any = "response") -> dict[str, Any]:
        responses = super()._get_response_bodies(direction)
        for status, response in error_responses(*self.implied_errors()).items():
            if str(status) not in responses:
                responses[str(status)] = self._get_response_for_code(response, str(status), direction=direction)
        return responses

    def _get_paginator(self) -> Any:
        # Only a read pages its answer: a write that returns a list returns all of it.
        return super()._get_paginator() if self.method == "GET" else None

    def implied_errors(self) -> list[int]:
        implied = []
        paginated = self.method == "GET" and self._is_list_view() and self._get_paginator() is not None
        # django-filter refuses a value its filter cannot take (an unknown id, a choice not offered).
        filtered = self.method == "GET" and bool(getattr(self.view, "filterset_class", None)
                                                 or getattr(self.view, "filterset_fields", None))
        # A query parameter whose value is outside its schema (core.query_params), such as a page size
        # that is not a positive number.
        queried = any(p["in"] == "query" for p in self._get_parameters())
        if paginated or filtered or queried:
            implied.append(400)
        if not all(p is AllowAny for p in self.view.permission_classes):
            implied.append(401)
        # A path parameter that names nothing, or nothing in scope; a page past the last.
        if paginated or "{" in self.path:
            implied.append(404)
        # A write whose body comes in a media type its parsers do not take (DRF answers 415).
        if self.method in ("POST", "PUT", "PATCH"):
            implied.append(415)
        return implied
