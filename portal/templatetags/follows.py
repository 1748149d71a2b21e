"""Follow buttons: `{% followed user a b as followed %}` reads in one query which of the
page's objects the person follows; `{% follow_button a followed %}` draws a button."""

from django import template

from portal import follows
from portal.models import Follow

register = template.Library()


def _key(target):
    return (target._meta.label_lower, target.pk)


@register.simple_tag
def followed(user, *targets):
    """The keys of the targets this person follows (none, and no query, for a visitor)."""
    if not user.is_authenticated:
        return set()
    rows = Follow.objects.filter(follows.target_filter(*targets), user=user).values_list(
        "content_type__app_label", "content_type__model", "object_id"
    )
    return {(f"{app}.{model}", pk) for app, model, pk in rows}


@register.inclusion_tag("portal/follow_button.html", takes_context=True)
def follow_button(context, target, followed, label):
    """A signed-in person's button to follow the target or to stop; nothing for a visitor."""
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "shown": request.user.is_authenticated,
        "kind": follows.kind_of(target).kind,
        "target": target,
        "following": _key(target) in followed,
        "label": label,
    }
