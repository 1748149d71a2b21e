"""What a person may follow (design §4.6): each app registers its kinds at start-up.

The core cannot import the apps, so petitions and platforms call `register` from their
AppConfig.ready with the model, the QuerySet of what a given person may follow (what they
may see), and the sentence naming it; the Follow rows (portal/models.py) point at them
through contenttypes.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q


@dataclass(frozen=True)
class Followable:
    """A kind of thing people may follow: its model and what a person may see of it."""

    kind: str
    model: type
    visible_to: Callable
    # Where following it leads back to, for models without their own page.
    url: Callable


KINDS: dict[str, Followable] = {}


def register(kind, model, *, visible_to, url=None):
    """Let people follow `model` under the name `kind` (in URLs), as far as they see it."""
    KINDS[kind] = Followable(
        kind=kind, model=model, visible_to=visible_to,
        url=url or (lambda target: target.get_absolute_url()),
    )  # fmt: skip


def kind_of(target):
    """The registered kind of a followed object."""
    for followable in KINDS.values():
        if isinstance(target, followable.model):
            return followable
    raise LookupError(type(target).__name__)


def target_filter(*targets):
    """A Q matching the Follow rows of these objects, joined to their content types by name
    (no lookup of its own, so a page's query count does not depend on a warm cache)."""
    match = Q(pk__in=[])
    for target in targets:
        match |= follows_filter(type(target), target.pk)
    return match


def follows_filter(model, object_id):
    """A Q matching the Follow rows of one object of `model` (`object_id` may be an
    OuterRef), joined to the content type by name as `target_filter` does."""
    meta = model._meta
    return Q(content_type__app_label=meta.app_label, content_type__model=meta.model_name,
             object_id=object_id)  # fmt: skip


def content_type(target):
    """The content type of a followed object."""
    return ContentType.objects.get_for_model(target)
