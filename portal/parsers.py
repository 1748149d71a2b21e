"""The API's body parser (settings.REST_FRAMEWORK), apart from portal/api.py: DRF reads the
setting while that module's views are being defined."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, parsers

TOO_DEEP = _("The request body is not valid JSON: it is nested too deeply.")


class JSONParser(parsers.JSONParser):
    """DRF's JSON parser, with a body nested too deeply for Python's parser (`[` * 5000)
    answered 400 like any other malformed body, not 500."""

    def parse(self, stream, media_type=None, parser_context=None):
        try:
            return super().parse(stream, media_type, parser_context)
        except RecursionError:
            raise exceptions.ParseError(TOO_DEEP) from None
