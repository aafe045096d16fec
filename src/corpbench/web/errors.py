"""The errors a route raises; the app turns them into an HTML page or, under ``/api/``, the one
JSON error envelope ``{"error": {"status", "code", "message"}}``."""

from __future__ import annotations


class WebError(Exception):
    status = 500
    code = "error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotSignedIn(WebError):
    status = 401
    code = "not_signed_in"


class Forbidden(WebError):
    status = 403
    code = "forbidden"


class NotFound(WebError):
    status = 404
    code = "not_found"


class BadRequest(WebError):
    status = 400
    code = "bad_request"


class TooManyRequests(WebError):
    status = 429
    code = "too_many_requests"


class PayloadTooLarge(WebError):
    status = 413
    code = "payload_too_large"
