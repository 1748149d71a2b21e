"""The API's filter backend, apart from portal/api.py so that the REST framework's settings can
name it without importing the viewsets (which read those settings)."""

from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from rest_framework import exceptions
from rest_framework.settings import api_settings


class FilterBackend(filters.DjangoFilterBackend):
    """django-filter's backend, refusing a filter or order given with an empty value (400):
    `?status=` is a mistake to name, not a filter to drop silently."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        names = set(filterset_class.base_filters) if filterset_class else set()
        names.add(api_settings.ORDERING_PARAM)
        given = request.query_params
        empty = sorted(
            name for name in names if name in given and not "".join(given.getlist(name)).strip()
        )
        if empty:
            raise exceptions.ValidationError(
                {name: [_("Give this filter a value, or leave it out.")] for name in empty},
                code="blank",
            )
        return super().filter_queryset(request, queryset, view)
