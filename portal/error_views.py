"""The error pages: in the site's layout and the reader's language, as JSON under /api/.

qogam/urls.py names them as Django's handler400/403/404/500, allauth's handler429 and
settings.CSRF_FAILURE_VIEW. The 500 page touches no database: it may be what the database
being down looks like.
"""

import sys

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal import health

PAGES = {
    400: (
        _("Bad request"),
        _(
            "The portal could not understand this request. Check the address or the form "
            "and try again."
        ),
        "bad_request",
    ),
    403: (
        _("Access denied"),
        _("You may not open this page. If you think you should, sign in with the right account."),
        "forbidden",
    ),
    404: (
        _("Page not found"),
        _("There is no page at this address. It may have moved, or the link may be mistyped."),
        "not_found",
    ),
    405: (
        _("Method not allowed"),
        _("This address does not answer this kind of request."),
        "method_not_allowed",
    ),
    413: (
        _("Request too large"),
        _("The request is larger than the portal accepts. Shorten the text and try again."),
        "too_large",
    ),
    414: (
        _("Address too long"),
        _("The address is longer than the portal accepts. Shorten the search and try again."),
        "uri_too_long",
    ),
    429: (
        _("Too many requests"),
        _("Too many attempts in a short time. Wait a minute, then try again."),
        "throttled",
    ),
    500: (
        _("Server error"),
        _(
            "Something went wrong on our side. The error is logged; please try again in a "
            "few minutes."
        ),
        "error",
    ),
}  # fmt: skip
CSRF_MESSAGE = _(
    "The form was sent without its security token, or the token had expired. Go back, reload "
    "the page and send the form again; your browser must accept cookies from this site."
)
LANGUAGES = {code for code, _name in settings.LANGUAGES}


def _reader_language(request):
    """The language LanguageMiddleware chose, else the cookie's, else Kazakh; no query."""
    chosen = getattr(request, "LANGUAGE_CODE", None) or request.COOKIES.get(
        settings.LANGUAGE_COOKIE_NAME
    )
    return chosen if chosen in LANGUAGES else settings.LANGUAGE_CODE


def _api_error(request, status, code, message):
    from portal.api import use_request_language

    with translation.override(_reader_language(request)):
        use_request_language(request)
        response = JsonResponse({"detail": str(message), "code": code}, status=status)
        response["Content-Language"] = translation.get_language()
    return response


def error_page(request, status, *, message=None):
    """The error page for `status`, or its JSON under /api/; makes no database query."""
    title, default_message, code = PAGES[status]
    message = message or default_message
    if request.path_info.startswith("/api/"):
        return _api_error(request, status, code, message)
    language = _reader_language(request)
    with translation.override(language):
        # Rendered without context processors: they may read the session or the account.
        context = {
            "request": request,
            "csrf_token": get_token(request),
            "LANGUAGES": settings.LANGUAGES,
            "status": status,
            "title": title,
            "message": message,
        }
        # The header shows who is signed in, but the 500 page reads no session: the
        # database may be what failed.
        if status != 500 and hasattr(request, "user"):
            context["user"] = request.user
        content = loader.render_to_string("errors/error.html", context)
    response = HttpResponse(content, status=status)
    response["Content-Language"] = language
    return response


def bad_request(request, exception=None):
    return error_page(request, 400)


def permission_denied(request, exception=None):
    return error_page(request, 403)


def page_not_found(request, exception=None):
    return error_page(request, 404)


def too_many_requests(request, exception=None):
    return error_page(request, 429)


def server_error(request):
    """The 500 page; the 503 page when the error is the database being out of reach (raised
    in a middleware, which the outage middleware's process_exception does not see)."""
    if isinstance(sys.exc_info()[1], health.UNAVAILABLE):
        return health.database_unavailable(request)
    return error_page(request, 500)


def csrf_failure(request, reason=""):
    """Django's CSRF check refused a form: explain what to do, as a 403."""
    return error_page(request, 403, message=CSRF_MESSAGE)
