"""`{% cached_part %}`: a part of a page that is the same for everyone, kept in the cache.

    {% load cached_parts %}
    {% cached_part "petitions" "petition-body" petition.pk %} ... {% endcached_part %}

The first argument names the portal's part the fragment shows (see portal/pagecache.py): any
change there makes it stale at once, as for whole pages; the rest say what else it depends
on. It is kept PAGE_CACHE_SECONDS per language, so signed-in people, whose pages are never
kept whole, get the costly, shared parts of a page from the cache too. Nothing personal (no
form with a CSRF token, no "you signed") may go inside.
"""

import hashlib

from django import template
from django.conf import settings
from django.core.cache import cache
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from portal import pagecache

register = template.Library()


class CachedPartNode(template.Node):
    def __init__(self, nodelist, part, name, vary_on):
        self.nodelist, self.part, self.name, self.vary_on = nodelist, part, name, vary_on

    def render(self, context):
        seconds = settings.PAGE_CACHE_SECONDS
        if not seconds:
            return self.nodelist.render(context)
        part, name = self.part.resolve(context), self.name.resolve(context)
        if part not in pagecache.PARTS:
            raise template.TemplateSyntaxError(f"Unknown part of the portal: {part!r}")
        vary = repr([value.resolve(context) for value in self.vary_on])
        key = (
            f"pagecache:part:{name}:{get_language()}:{pagecache.versions(part)}:"
            f"{hashlib.sha256(vary.encode()).hexdigest()}"
        )
        content = cache.get(key)
        if content is None:
            content = self.nodelist.render(context)
            cache.set(key, str(content), seconds)
        return mark_safe(content)  # noqa: S308 (rendered by the template engine above)


@register.tag
def cached_part(parser, token):
    bits = token.split_contents()
    if len(bits) < 3:
        raise template.TemplateSyntaxError(f"{bits[0]} takes a part, a name and what it varies on.")
    nodelist = parser.parse(("endcached_part",))
    parser.delete_first_token()
    part, name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return CachedPartNode(nodelist, part, name, vary_on)
