"""What the platforms app's pages share: the page size, how a refusal is shown, and how a
platform is found."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404

from platforms.models import Platform

PAGE_SIZE = 30


def fail(request, error):
    messages.error(request, error.message)


def require(request, permission, obj):
    """404 unless this person has the permission: what they may not do, they do not see."""
    if not request.user.has_perm(permission, obj):
        raise Http404


def platform_or_404(slug):
    """The platform at this address, with its host."""
    return get_object_or_404(Platform.objects.select_related("host"), slug=slug)
