"""`{% cached_part %}`: a part of a page that is the same for everyone, kept in the cache;
`{% personal %}`: a part of a page that is each person's own.

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


class PersonalNode(template.Node):
    def __init__(self, name):
        self.name = name

    def render(self, context):
        name = self.name.resolve(context)
        if pagecache.is_rendering_shell(context.get("request")):
            return mark_safe(f"<!--personal:{name}-->")  # noqa: S308 (a template's name)
        return context.template.engine.get_template(name).render(context)


@register.tag
def personal(parser, token):
    """{% personal "portal/account_nav.html" %}: the template, drawn with the page's context,
    or a hole that portal/pagecache.py fills for each signed-in person when the page is a
    shell. The template gets the same context either way: the page's, or the one the page's
    `personal` function gives."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError(f"{bits[0]} takes the name of a template.")
    return PersonalNode(parser.compile_filter(bits[1]))
