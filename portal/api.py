"""The API kit (design §6): what every endpoint of every app shares, and the core's own.

Shared here: the caller's language, the write throttles, the two kinds of pages, the error
shape and the exception handler, the schema's error answers, the base classes of viewsets,
and the core's own endpoints (regions, state bodies, tokens). Each app's serializers,
filters and viewsets live in its own api module; qogam/api.py routes them all under /api/v1/.
"""

import base64
import binascii
import contextlib
import json
import logging
from datetime import UTC, date, datetime
from urllib.parse import urlsplit, urlunsplit

from allauth.core import ratelimit
from django.conf import settings
from django.contrib.auth import authenticate
from django.core.exceptions import ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import F, OrderBy, Q
from django.http import Http404, HttpResponsePermanentRedirect, JsonResponse
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.encoding import iri_to_uri, punycode
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header
from django.views.decorators.csrf import csrf_exempt
from django_filters import rest_framework as filters
from django_filters.fields import IsoDateTimeField
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import exceptions, generics, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, UserRateThrottle
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from portal import services
from portal.adapters import login_attempts_key
from portal.errors import Refused
from portal.health import UNAVAILABLE
from portal.models import Region, StateBody, StateBodyOfficial, User
from portal.rules import is_citizen, refusal

logger = logging.getLogger("django.request")

LANGUAGES = {code for code, _name in settings.LANGUAGES}


# The caller's language


def _activate(request, language):
    translation.activate(language)
    request.LANGUAGE_CODE = language


def use_request_language(request):
    """Answer in the site's language cookie, else in the first of Accept-Language we speak.

    The pages ignore Accept-Language (they open in Kazakh); an API client has no switcher,
    so the header is how it chooses. Returns whether the caller chose at all.
    """
    if request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) in LANGUAGES:
        return True  # LanguageMiddleware has activated it
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        language = code.split("-")[0].lower()
        if language in LANGUAGES:
            _activate(request, language)
            return True
    return False


# Throttles: writes only, in the shared cache (Redis or the database table of settings.CACHES)


class WriteUserThrottle(UserRateThrottle):
    """Writes per account (per address for an anonymous caller)."""

    scope = "writes_user"

    def get_rate(self):
        # Read at each call, so that a deployment's or a test's settings apply.
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def allow_request(self, request, view):
        return request.method in SAFE_METHODS or super().allow_request(request, view)


class WriteIPThrottle(AnonRateThrottle):
    """Writes per IP address, signed in or not: many tokens behind one address share it."""

    scope = "writes_ip"
    get_rate = WriteUserThrottle.get_rate

    def allow_request(self, request, view):
        return request.method in SAFE_METHODS or super().allow_request(request, view)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


# Pages


class PagePagination(PageNumberPagination):
    """Numbered pages with the total count, for lists of moderate size."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters


def _cursor_value(value):
    """A sort value as JSON keeps it exactly (microseconds included)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


class CursorPagination(BasePagination):
    """Keyset pages for the long, hot lists: the cursor holds the last row's sort values.

    A page costs one query however deep it is (no OFFSET, no COUNT), and rows that join or
    leave the list do not shift the next page. The queryset's order_by names the keys: field
    or annotation names, or `F(name).asc/desc(nulls_last=True)` for a key that may be NULL
    (the pages' own orders, read from the same partial indexes), ending with the primary key.
    """

    page_size = 20
    max_page_size = 100
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"
    invalid_cursor_message = _("Invalid cursor")

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.page_size = self._page_size(request)
        self.keys = self._keys(queryset)
        self.fingerprint = ",".join(
            ("-" if descending else "") + name + ("~" if nullable else "")
            for name, descending, nullable in self.keys
        )
        values, self.backwards = self._decode(request, queryset)
        if values is not None:
            queryset = queryset.filter(self._beyond(values))
        if self.backwards:
            queryset = queryset.order_by(*self._reversed_order())
        rows = list(queryset[: self.page_size + 1])
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        if self.backwards:
            rows.reverse()
        came_from_a_page = values is not None
        has_next = more if not self.backwards else came_from_a_page
        has_previous = more if self.backwards else came_from_a_page
        self.next_cursor = self._encode(rows[-1], backwards=False) if rows and has_next else None
        self.previous_cursor = (
            self._encode(rows[0], backwards=True) if rows and has_previous else None
        )
        return rows

    def get_paginated_response(self, data):
        return Response(
            {"next": self._link(self.next_cursor), "previous": self._link(self.previous_cursor),
             "results": data}
        )  # fmt: skip

    def get_paginated_response_schema(self, schema):
        link = {"type": "string", "format": "uri", "nullable": True}
        return {
            "type": "object",
            "required": ["next", "previous", "results"],
            "properties": {"next": link, "previous": link, "results": schema},
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The `next` or `previous` link's cursor.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": "Rows per page.",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]

    def _page_size(self, request):
        try:
            size = int(request.query_params[self.page_size_query_param])
        except (KeyError, ValueError):
            return self.page_size
        return min(size, self.max_page_size) if size > 0 else self.page_size

    def _keys(self, queryset):
        """The order's keys as (name, descending, nullable): nullable keys sort NULLs last."""
        keys = []
        for key in queryset.query.order_by or queryset.model._meta.ordering:
            if isinstance(key, str):
                keys.append((key.lstrip("-"), key.startswith("-"), False))
            elif isinstance(key, OrderBy) and isinstance(key.expression, F) and key.nulls_last:
                keys.append((key.expression.name, key.descending, True))
            else:
                raise ImproperlyConfigured(
                    "Keyset pages need a list ordered by field names, NULLs last."
                )
        if not keys or keys[-1][0] not in ("pk", queryset.model._meta.pk.name):
            raise ImproperlyConfigured("Keyset pages need the primary key as the last key.")
        return keys

    def _reversed_order(self):
        """The order read backwards: each key turned round, NULLs first."""
        order = []
        for name, descending, nullable in self.keys:
            if nullable:
                order.append(F(name).asc(nulls_first=True) if descending
                             else F(name).desc(nulls_first=True))  # fmt: skip
            else:
                order.append(name if descending else f"-{name}")
        return order

    def _field(self, queryset, name):
        if name == "pk":
            return queryset.model._meta.pk
        if name in queryset.query.annotations:
            return queryset.query.annotations[name].output_field
        return queryset.model._meta.get_field(name)

    def _decode(self, request, queryset):
        """The cursor's key values (checked against the fields) and its direction."""
        raw = request.query_params.get(self.cursor_query_param)
        if not raw:
            return None, False
        try:
            cursor = json.loads(base64.urlsafe_b64decode(raw.encode("ascii")))
            values = cursor["v"]
            if cursor["o"] != self.fingerprint or len(values) != len(self.keys):
                raise ValueError(raw)
            values = [
                None if value is None and nullable
                else self._field(queryset, name).to_python(value)
                for (name, _descending, nullable), value in zip(self.keys, values, strict=True)
            ]  # fmt: skip
            if any(
                value is None and not nullable
                for (_name, _descending, nullable), value in zip(self.keys, values, strict=True)
            ):
                raise ValueError(raw)
            return values, bool(cursor["b"])
        except (
            ValueError, TypeError, KeyError, UnicodeError, OverflowError, RecursionError,
            binascii.Error, DjangoValidationError,
        ):  # fmt: skip
            # A bad query parameter like any other: 400, naming it.
            raise exceptions.ValidationError(
                {self.cursor_query_param: [self.invalid_cursor_message]}, code="invalid_cursor"
            ) from None

    def _beyond(self, values):
        """Rows after the cursor in the list's order (before it when going backwards)."""
        condition, equal = Q(), Q()
        for (name, descending, nullable), value in zip(self.keys, values, strict=True):
            lookup = "lt" if descending != self.backwards else "gt"
            if value is None:
                # NULLs come last: only going backwards are there rows past a NULL.
                past = Q(**{f"{name}__isnull": False}) if self.backwards else None
                same = Q(**{f"{name}__isnull": True})
            else:
                past = Q(**{f"{name}__{lookup}": value})
                if nullable and not self.backwards:
                    past |= Q(**{f"{name}__isnull": True})
                same = Q(**{name: value})
            if past is not None:
                condition |= equal & past
            equal &= same
        return condition

    def _encode(self, row, *, backwards):
        values = [_cursor_value(getattr(row, name)) for name, _desc, _nullable in self.keys]
        data = {"v": values, "o": self.fingerprint, "b": int(backwards)}
        return base64.urlsafe_b64encode(json.dumps(data).encode()).decode("ascii")

    def _link(self, cursor):
        if cursor is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, cursor)


# Errors: always JSON, `{"detail": ..., "code": ...}`, in the caller's language


REFUSED_STATUS = {
    "forbidden": status.HTTP_403_FORBIDDEN,
    "conflict": status.HTTP_409_CONFLICT,
    "invalid": status.HTTP_400_BAD_REQUEST,
    # Too late to sign: the petition's legal window is over (petitions.services.WindowClosed).
    "window_closed": status.HTTP_403_FORBIDDEN,
}


def _flat_messages(detail):
    """A validation error's messages, each field's as a flat list of strings."""
    if isinstance(detail, dict):
        return {str(key): _strings(value) for key, value in detail.items()}
    return {api_settings.NON_FIELD_ERRORS_KEY: _strings(detail)}


def _strings(value):
    if isinstance(value, dict):
        return [str(message) for item in value.values() for message in _strings(item)]
    if isinstance(value, list | tuple):
        return [str(message) for item in value for message in _strings(item)]
    return [str(value)]


def _first_code(detail):
    while isinstance(detail, dict | list | tuple):
        detail = next(iter(detail.values() if isinstance(detail, dict) else detail), None)
    return getattr(detail, "code", None) or "invalid"


def exception_handler(exc, context):
    """Every failure as JSON with a clear `detail`: a service's refusal by its code
    (forbidden 403, conflict 409, invalid 400), a validation error with each field's
    messages, and an unexpected error as a logged 500."""
    if isinstance(exc, UNAVAILABLE):
        # A database (or replica) that cannot be reached: the 503 of DatabaseUnavailableMiddleware.
        return None
    if isinstance(exc, Refused):
        set_rollback()
        return Response(
            {"detail": str(exc.message), "code": exc.code},
            status=REFUSED_STATUS.get(exc.code, status.HTTP_409_CONFLICT),
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        exc = exceptions.ValidationError(messages)
    response = drf_exception_handler(exc, context)
    if response is None:
        set_rollback()
        request = context.get("request")
        logger.error(
            "Internal Server Error: %s", getattr(request, "path", "?"), exc_info=exc,
            extra={"status_code": 500, "request": getattr(request, "_request", None)},
        )  # fmt: skip
        return Response(
            {"detail": str(_("A server error occurred.")), "code": "error"},
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    if isinstance(exc, exceptions.ValidationError):
        errors = _flat_messages(exc.detail)
        field, messages = next(iter(errors.items()), ("", [str(_("Invalid input."))]))
        prefix = "" if field == api_settings.NON_FIELD_ERRORS_KEY else f"{field}: "
        response.data = {
            "detail": prefix + messages[0], "code": _first_code(exc.detail), "errors": errors
        }  # fmt: skip
    else:
        detail = getattr(exc, "detail", "")
        response.data = {"detail": str(detail), "code": getattr(detail, "code", "error")}
    return response


@csrf_exempt
def not_found(request, *args, **kwargs):
    """Any other address under /api/: a JSON 404, never the site's HTML page (but /api/docs
    without its slash is sent on, as CommonMiddleware would)."""
    if request.method in SAFE_METHODS and not request.path_info.endswith("/"):
        with contextlib.suppress(Resolver404):
            if resolve(request.path_info + "/").func is not not_found:
                return HttpResponsePermanentRedirect(request.get_full_path(force_append_slash=True))
    use_request_language(request)
    response = JsonResponse({"detail": str(_("Not found.")), "code": "not_found"}, status=404)
    response["Content-Language"] = translation.get_language()
    return response


# The schema: each operation documents its error answers


ERROR_DESCRIPTIONS = {
    400: "The input or a query parameter (a cursor too) is invalid.",
    401: "Not signed in, or the token is wrong.",
    403: "Signed in, but not allowed to do this.",
    404: "No such object, or not visible to the caller; or a page number past the end.",
    405: "The method is not one this address answers (TRACE, for one); `Allow` lists them.",
    409: "The object's state does not allow this now (for example: already signed).",
    413: "The body is larger than the API accepts.",
    414: "The address (with its query) is longer than the API accepts.",
    429: "Too many requests: try again after `Retry-After` seconds.",
}
ERROR_SCHEMA = {
    "type": "object",
    "description": "Every error answer of the API.",
    "required": ["detail", "code"],
    "properties": {
        "detail": {"type": "string", "description": "What went wrong, in the caller's language."},
        "code": {"type": "string", "description": "A stable machine-readable code."},
        "errors": {
            "type": "object",
            "description": "For 400: the messages for each field of the input.",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
    },
}


# Reads open only to moderators or representatives: they answer 403 to anyone else.
RESTRICTED_READS = ("/moderation-queue", "/signature-list", "/members", "/proposals")


def _error_codes(route, method, operation):
    """The errors an operation may answer: 401 for a bad token, 405 and 414 anywhere; for
    writes also 400, 403, 409, 429 and 413 for a body; 404 for an object in the path, or a
    list's page past the end; 403 for the reads only moderators or representatives make."""
    codes = {401, 405, 414}
    places = {parameter["in"] for parameter in operation.get("parameters", ())}
    if method.upper() not in SAFE_METHODS:
        codes |= {400, 403, 409, 429}
    if "requestBody" in operation:
        codes.add(413)
    elif route.rstrip("/").endswith(RESTRICTED_READS):
        codes.add(403)
    if "query" in places:
        codes |= {400, 404}
    if "path" in places:
        codes.add(404)
    return sorted(codes)


# Query parameters that are numbers but no object's id.
NOT_IDS = {"page", "page_size", "year"}


def _tighten(parameter):
    """What a parameter accepts, as the API checks it: ids from 1, no empty filter value."""
    schema = parameter.get("schema", {})
    if parameter["name"] in NOT_IDS:
        return
    if schema.get("type") == "integer" or schema.get("pattern") == "^[0-9]+$":
        schema.pop("pattern", None)
        schema.update(type="integer", minimum=1)
    elif parameter["in"] == "query" and schema.get("type") == "string":
        schema.setdefault("minLength", 1)


def add_error_responses(result, generator, request, public):
    """A drf-spectacular postprocessing hook: each operation's error answers, in one shape,
    and its parameters as tight as the API checks them."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for route, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            for parameter in operation.get("parameters", ()):
                _tighten(parameter)
            for code in _error_codes(route, method, operation):
                operation["responses"].setdefault(
                    str(code), {"description": ERROR_DESCRIPTIONS[code], "content": content}
                )
    return result


# What every endpoint shares


class Endpoint:
    """Mixed into every view of the API: write throttles, numbered pages, the language."""

    throttle_classes = (WriteUserThrottle, WriteIPThrottle)
    pagination_class = PagePagination

    def initial(self, request, *args, **kwargs):
        chosen = use_request_language(request)
        super().initial(request, *args, **kwargs)
        if not chosen and request.user.is_authenticated:
            # A token's owner is anonymous to LanguageMiddleware: use their account's choice.
            _activate(request, request.user.preferred_language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        patch_vary_headers(response, ("Accept-Language", "Authorization"))
        return response


class ViewSet(Endpoint, viewsets.GenericViewSet):
    """The base of every viewset of the API."""


class ReadOnlyViewSet(
    Endpoint, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """A list and a detail, for everyone."""


class APIView(Endpoint, generics.GenericAPIView):
    """The base of the API's views that are not viewsets."""


def require_signed_in(request):
    """401 unless the caller is signed in (by session or token)."""
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()


# Fields


def allowed(permission):
    """A DRF permission class built on the rules (portal.rules): the caller must hold
    `permission`, a step without an object such as moderating petitions; 401 for a visitor,
    403 for anyone else."""

    class Allowed(BasePermission):
        def has_permission(self, request, view):
            user = request.user
            return bool(user and user.is_authenticated and user.has_perm(permission))

    Allowed.__name__ = Allowed.__qualname__ = f"Allowed[{permission}]"
    return Allowed


def require_step(request, permission, obj=None):
    """401 unless signed in; then 403 unless the rules let the caller take the step on `obj`
    (409 when their role does but the object's state does not)."""
    require_signed_in(request)
    code = refusal(request.user, permission, obj)
    if code == "forbidden":
        raise exceptions.PermissionDenied()
    if code:
        raise Refused(_("The object's state does not allow this now."), code=code)


def as_uri(url):
    """A stored URL as an ASCII URI (what `format: uri` promises): an address with Cyrillic
    in its path or host, as Django's URLField accepts, is percent-encoded and punycoded."""
    if not url:
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host.isascii():
        with contextlib.suppress(UnicodeError):
            parts = parts._replace(netloc=parts.netloc.lower().replace(host, punycode(host)))
    return iri_to_uri(urlunsplit(parts))


def model_field(model, name, **kwargs):
    """The serializer field of a model's field, built as a ModelSerializer builds it (its limit
    and validators), for a serializer that is not that model's; `kwargs` add to it."""
    field_class, field_kwargs = serializers.ModelSerializer().build_standard_field(
        name, model._meta.get_field(name)
    )
    return field_class(**{**field_kwargs, **kwargs})


class URIField(serializers.URLField):
    """A URL in an answer, always as an ASCII URI."""

    def to_representation(self, value):
        return as_uri(value)


# Reference data: regions and state bodies


class RegionRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = Region
        fields = ["id", "code", "name"]


class StateBodyRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")

    class Meta:
        model = StateBody
        fields = ["id", "slug", "name"]


class RegionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    source_url = URIField(read_only=True, help_text="The source of the population figure.")

    class Meta:
        model = Region
        fields = ["id", "code", "name", "name_kk", "name_ru", "name_en", "kind", "centre_en",
                  "population", "population_date", "source_url"]  # fmt: skip


class StateBodySerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the caller's language.")
    region = RegionRefSerializer(read_only=True, allow_null=True)
    petition_threshold = serializers.SerializerMethodField(
        help_text="Signatures a petition to this body needs (design §4.2)."
    )
    population_source = URIField(
        read_only=True,
        allow_null=True,
        help_text="The source of a district's or city's population figure; null without one.",
    )
    threshold_is_fallback = serializers.BooleanField(
        read_only=True,
        help_text="True for a district or city body whose population is not on record: its "
        "threshold is then the fixed number for districts of more than 50,000 people.",
    )

    class Meta:
        model = StateBody
        fields = ["id", "slug", "name", "name_kk", "name_ru", "name_en", "kind", "level",
                  "region", "population", "population_date", "population_source",
                  "petition_threshold", "threshold_is_fallback"]  # fmt: skip

    def to_representation(self, body):
        data = super().to_representation(body)
        data["population_source"] = data["population_source"] or None
        return data

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_petition_threshold(self, body):
        try:
            return body.petition_threshold
        except (TypeError, KeyError):
            return None


class InstantField(IsoDateTimeField):
    """An ISO 8601 moment, read as UTC: Python takes offsets up to 24 hours, PostgreSQL only
    up to 15:59, and a moment so near year 1 that UTC falls outside the calendar is invalid."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(UTC)
        except (OverflowError, ValueError):
            raise DjangoValidationError(self.error_messages["invalid"], code="invalid") from None


class InstantFilter(filters.IsoDateTimeFilter):
    """A filter by a moment (ISO 8601), compared in UTC."""

    field_class = InstantField


class RegionFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Region.Kind.choices)
    code = filters.CharFilter(help_text="ISO 3166-2 code, e.g. KZ-71.")

    class Meta:
        model = Region
        fields = ["kind", "code"]


class RegionViewSet(ReadOnlyViewSet):
    """Kazakhstan's 17 oblasts and 3 cities of republican significance, with population."""

    queryset = Region.objects.all()
    serializer_class = RegionSerializer
    filterset_class = RegionFilter
    ordering_fields = ["name_kk", "name_ru", "name_en", "code", "population"]
    ordering = ["name_kk", "pk"]


class OfficialSerializer(serializers.ModelSerializer):
    user = serializers.PrimaryKeyRelatedField(
        queryset=User.objects.filter(is_active=True), help_text="The account's id."
    )
    name = serializers.CharField(source="user.full_name", read_only=True)

    class Meta:
        model = StateBodyOfficial
        fields = ["user", "name", "appointed_at"]
        read_only_fields = ["appointed_at"]


class StateBodyFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=StateBody.Kind.choices)
    level = filters.ChoiceFilter(choices=StateBody.Level.choices)
    region = filters.ModelChoiceFilter(queryset=Region.objects.all(), help_text="Region id.")

    class Meta:
        model = StateBody
        fields = ["kind", "level", "region"]


class StateBodyViewSet(ReadOnlyViewSet):
    """The Government, ministries, akimats and maslikhats: petitions' addressees."""

    queryset = StateBody.objects.select_related("region")
    serializer_class = StateBodySerializer
    filterset_class = StateBodyFilter
    ordering_fields = ["name_kk", "name_ru", "name_en", "level", "kind"]
    ordering = ["level", "kind", "name_kk", "pk"]

    def _appointer(self, request):
        """The body, for administrators and ministry staff only (401, 403 otherwise)."""
        require_signed_in(request)
        if not request.user.has_perm("portal.appoint_official"):
            raise exceptions.PermissionDenied()
        return self.get_object()

    @extend_schema(
        methods=["GET"],
        request=None,
        responses={200: OfficialSerializer(many=True)},
        summary="List a state body's officials",
        description="Administrators and ministry staff only.",
    )
    @extend_schema(
        methods=["POST"],
        request=OfficialSerializer,
        responses={201: OfficialSerializer},
        summary="Appoint an official to a state body",
        description="Administrators and ministry staff only; 409 if already appointed.",
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None, filterset_class=None,
            serializer_class=OfficialSerializer)  # fmt: skip
    def officials(self, request, pk=None):
        body = self._appointer(request)
        if request.method == "POST":
            serializer = OfficialSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            official = services.appoint_official(
                body=body, user=serializer.validated_data["user"], actor=request.user
            )
            return Response(OfficialSerializer(official).data, status=status.HTTP_201_CREATED)
        officials = body.officials.current().select_related("user")
        return Response(OfficialSerializer(officials, many=True).data)

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Remove an official from a state body",
        description="Administrators and ministry staff only; 409 if not an official.",
    )
    @action(detail=True, methods=["delete"], url_path=r"officials/(?P<user_id>[0-9]+)",
            url_name="official", filterset_class=None)  # fmt: skip
    def remove_official(self, request, pk=None, user_id=None):
        body = self._appointer(request)
        user = User.objects.filter(pk=user_id).first()
        if user is None:
            raise exceptions.NotFound()
        services.remove_official(body=body, user=user, actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# Tokens


class TokenRequestSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="Send it as `Authorization: Token <key>`.")


WRONG_CREDENTIALS = _("The email address and/or password you specified are not correct.")
TOO_MANY_ATTEMPTS = _("Too many failed login attempts. Try again later.")


class AuthTokenView(APIView):
    """A citizen's API key, from the email address and password of the account."""

    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: TokenSerializer},
        summary="Get the API token of an account",
        description="The same key every time until it is revoked. Wrong credentials answer 400 "
        "without saying whether the email has an account; attempts are rate-limited (429).",
    )
    def post(self, request):
        if not ratelimit.consume(request, action="login"):
            raise exceptions.Throttled(detail=TOO_MANY_ATTEMPTS)
        serializer = TokenRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        email = serializer.validated_data["email"].strip().lower()
        # The failures of one email, and of one address, are counted (allauth's login_failed).
        key = login_attempts_key(email)
        if not ratelimit.consume(request, action="login_failed", key=key, dry_run=True):
            raise exceptions.Throttled(detail=TOO_MANY_ATTEMPTS)
        user = authenticate(
            request._request, email=email, password=serializer.validated_data["password"]
        )
        if user is None:
            ratelimit.consume(request, action="login_failed", key=key)
            raise exceptions.ValidationError({"non_field_errors": [WRONG_CREDENTIALS]},
                                             code="wrong_credentials")  # fmt: skip
        if not is_citizen(user):
            raise exceptions.PermissionDenied(_("Verify your email address first."))
        return Response({"token": services.issue_api_token(user=user)})

    @extend_schema(
        request=None,
        responses={204: None},
        summary="Revoke the caller's API token",
    )
    def delete(self, request):
        require_signed_in(request)
        services.revoke_api_token(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# The core's endpoints, routed by qogam/api.py beside the apps' (prefix, viewset, basename).
ROUTES = [
    ("regions", RegionViewSet, "region"),
    ("state-bodies", StateBodyViewSet, "state-body"),
]
