from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class LanguageMiddleware:
    """Choose the interface language: the visitor's choice, else the account's, else Kazakh.

    The browser's Accept-Language is not consulted: the portal opens in the state language
    and the switcher on every page changes it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in SUPPORTED:
            user = getattr(request, "user", None)
            language = (
                user.preferred_language
                if user is not None and user.is_authenticated
                else settings.LANGUAGE_CODE
            )
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response


# The methods the site answers; TRACE and CONNECT (or any other) are refused with 405.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# gunicorn refuses a longer request line itself (limit_request_line); the development server
# and a deployment that raises that limit are held to the same length here.
MAX_URL_LENGTH = 4094


class HostileInputMiddleware:
    """Refuse, before any view reads it, a request no page or endpoint can use: a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE (413), an address over MAX_URL_LENGTH (414), a NUL byte in the
    path or query (400: PostgreSQL cannot hold one), a method the site never answers (405).

    Each answer is the site's error page in the reader's language, or its JSON under /api/.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from portal.error_views import error_page

        status = self.refusal(request)
        if status is None:
            return self.get_response(request)
        response = error_page(request, status)
        if status == 405:
            response["Allow"] = ", ".join(METHODS)
        return response

    def refusal(self, request):
        """The status that refuses this request, or None to let it through."""
        if request.method not in METHODS:
            return 405
        query = request.META.get("QUERY_STRING", "")
        if len(request.path_info) + len(query) > MAX_URL_LENGTH:
            return 414
        if "\x00" in request.path_info or "%00" in query or "\x00" in query:
            return 400
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 400
        if limit is not None and length > limit:
            return 413
        return None
