"""Whole public pages kept in the shared cache for visitors who are not signed in.

A visitor without a session sees the same page at the same address in the same language, so
the rendered page is kept for PAGE_CACHE_SECONDS and served from the cache (Redis in
production) without touching the database.

What invalidates what:
- Every page names the parts of the portal it shows (`petitions`, `platforms`). Each part has a
  version number in the cache, read with the kept page in one round trip and kept with it.
  Any change to a row of that part (through a service, the admin or the ORM) bumps it after
  the transaction commits, so the next visitor gets a fresh page: a petition moderated,
  answered or hidden, a platform or a meeting changed, a threshold crossed, signatures
  invalidated. See `bump` and the signal receivers in portal/apps.py.
- Signature counts are the one thing that does not bump the version (a viral petition would
  never be served from the cache otherwise): a visitor's page shows a count about
  PAGE_CACHE_SECONDS old (plus the moment it takes one request to draw the page anew while
  the others are served the kept one), which design §4.3 allows. Signed-in people get the
  same counts, except a signer, who sees their own signature counted at once.
- Requests with a session, pending messages or credentials, other methods than GET and HEAD,
  and answers other than 200 (or that set a cookie) are never cached or served from the cache.

The CSRF token in a cached page (the language switcher's form) is replaced by a fresh one for
each visitor, so forms keep working and no visitor gets another's token.

Signed-in people see the same pages with a few parts of their own: the header's account menu,
messages, a petition's sign box. A page that declares how to fill those parts (`personal`)
is kept once more as a shell: the visitor's page with each part of its own left as a hole
(`{% personal %}`, in portal/templatetags/cached_parts.py). A signed-in person gets the shell
with the holes rendered for them, which costs their few queries instead of the whole page's.

Staff pages that are the same for everyone of an audience (the petition moderators' queue, a
platform's workspace for its moderators) are kept as a shell too, drawn by the first of them
to ask and served to the others (`kept_for_audience`).
"""

import copy
import hashlib
import logging
import re
import threading
import time
from collections import OrderedDict
from functools import wraps

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.middleware.csrf import get_token
from django.template import RequestContext, engines
from django.utils.translation import get_language

from portal.rules import has_work

logger = logging.getLogger(__name__)
PARTS = ("petitions", "platforms")
TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[^"]*(")')
MARK = b"\x00csrf\x00"
KEPT_HEADERS = ("Content-Type", "Content-Language", "Vary", "Allow")
# A page past PAGE_CACHE_SECONDS may be served this much longer while it is drawn anew (its
# signature counts only: any other change makes a new key); the drawing request holds the
# right to draw it for DRAWING_SECONDS at most; a request finding no page at all while it is
# being drawn waits up to WAIT_STEPS x WAIT_STEP_SECONDS for it, then draws it itself.
STALE_SECONDS = 30
DRAWING_SECONDS = 10
WAIT_STEPS, WAIT_STEP_SECONDS = 40, 0.05
# What is kept of a page, in this order.
KEPT = ("content", "headers", "facts", "stamp", "fresh_until")
# A hole in a shell: the template that fills it. People's text is escaped in every page, so
# no "<!--" written by a person can pose as one.
HOLE = re.compile(rb"<!--personal:([\w/.-]+)-->")


def _version_key(part):
    return f"pagecache:version:{part}"


def bump(*parts):
    """Make every cached page that shows these parts stale, once the transaction commits."""

    def now():
        for part in parts:
            key = _version_key(part)
            try:
                try:
                    cache.incr(key)
                except ValueError:
                    # The first bump, or the cache lost the number: any new value will do.
                    cache.set(key, 1, timeout=None)
            except Exception as error:  # noqa: BLE001
                # The change itself is committed; an unreachable cache only means pages
                # stay as they were for PAGE_CACHE_SECONDS more.
                logger.warning("Cached %s pages not invalidated: %r", part, error)

    if settings.PAGE_CACHE_SECONDS:
        transaction.on_commit(now)


# Signature counts lag instead (see above); user rows change at every sign-in.
UNVERSIONED = {
    "petitions.signature", "petitions.dailysignaturecount", "petitions.regionsignaturecount",
}  # fmt: skip
SHARED = {"portal.region", "portal.statebody"}


def part_of(model):
    """The parts of the portal whose pages show this model's rows."""
    label = model._meta.label_lower
    if label in UNVERSIONED:
        return ()
    if label in SHARED:
        return PARTS
    app = model._meta.app_label
    return (app,) if app in PARTS else ()


def model_changed(sender, **kwargs):
    """Signal receiver: a row was saved or deleted (migrations' historical models aside)."""
    if sender.__module__ == "__fake__":
        return
    parts = part_of(sender)
    if parts and not kwargs.get("raw"):
        bump(*parts)


def is_visitor(request):
    """Whether the request is a visitor's, who is not signed in and has nothing of their own
    to see: no session, no message waiting, no credentials."""
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME not in cookies
        and "messages" not in cookies
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable(request):
    if not settings.PAGE_CACHE_SECONDS or request.method not in ("GET", "HEAD"):
        return False
    return is_visitor(request)


def _shell_serves(request):
    """Whether a signed-in person's page may come from a shell: a page read with a session,
    not an API client's or a form's answer."""
    return (
        settings.PAGE_CACHE_SECONDS
        and request.method in ("GET", "HEAD")
        and "HTTP_AUTHORIZATION" not in request.META
        and request.user.is_authenticated
    )


def versions(*parts, request=None):
    """The parts' current versions, as one string for a cache key: one round trip to the
    cache, or none for a request that read them with its page (`_read`)."""
    known = getattr(request, "_page_versions", None)
    if known is None:
        found = cache.get_many([_version_key(part) for part in parts])
        known = {part: found.get(_version_key(part), 0) for part in parts}
    return ":".join(str(known[part]) for part in parts)


def _key(request, kind="page"):
    address = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"pagecache:{kind}:{get_language()}:{address}"


def is_rendering_shell(request):
    """Whether the page is being drawn as a shell: its personal parts are left as holes."""
    return getattr(request, "_shell", False)


def _read(request, key, parts):
    """The versions of the page's parts and what is kept under `key`, in one round trip to
    the cache (the versions of every part are kept on the request for the rest of it)."""
    names = {part: _version_key(part) for part in PARTS}
    found = cache.get_many([*names.values(), key])
    request._page_versions = {part: found.get(name, 0) for part, name in names.items()}
    stamp = versions(*parts, request=request)
    return stamp, _current(found.get(key), stamp)


def _current(kept, stamp):
    """What was kept, if it was drawn since the last change to its parts (`stamp`) and in
    this release's shape; otherwise None."""
    if kept is None or len(kept) != len(KEPT) or kept[KEPT.index("stamp")] != stamp:
        return None
    return kept


def _kept(request, key, parts):
    """The page's stamp, and what is kept under `key` if it may be served now: None when
    this request is to draw the page. One request at a time draws a page: the others
    meanwhile get the page that is past PAGE_CACHE_SECONDS (for at most STALE_SECONDS more),
    or wait a moment for the new one, so that a page's expiry under load does not make every
    request draw it at once. A page drawn before a change to its parts is never served."""
    stamp, kept = _read(request, key, parts)
    if kept is not None and kept[KEPT.index("fresh_until")] > time.time():
        return stamp, kept
    if _take_drawing(key):
        return stamp, None
    if kept is not None:
        return stamp, kept
    for _step in range(WAIT_STEPS):
        time.sleep(WAIT_STEP_SECONDS)
        kept = _current(cache.get(key), stamp)
        if kept is not None:
            return stamp, kept
    return stamp, None


def _take_drawing(key):
    """Take the right to draw the page under `key`: False if another request holds it."""
    return cache.add(f"{key}:drawing", 1, DRAWING_SECONDS)


def _keep(key, stamp, response):
    """Keep a rendered page's content and headers (and a shell's facts) if it may be shared;
    what was kept, or None. Either way the page is no longer being drawn."""
    try:
        if response.status_code != 200 or response.streaming or response.cookies:
            return None
        content = TOKEN.sub(rb"\1" + MARK + rb"\2", response.content)
        headers = {name: response[name] for name in KEPT_HEADERS if name in response}
        fresh_until = time.time() + settings.PAGE_CACHE_SECONDS
        kept = (content, headers, getattr(response, "shell_facts", None), stamp, fresh_until)
        cache.set(key, kept, settings.PAGE_CACHE_SECONDS + STALE_SECONDS)
        return kept
    finally:
        cache.delete(f"{key}:drawing")


def _serve_shell(request, view, args, kwargs, parts, personal, audience=None):
    """A signed-in person's page: the shared shell, its holes filled for them; or the live
    page when the shell cannot serve them (`personal` says so by returning None). Without an
    audience the shell is the visitors' page; with one, the page of everyone in it."""
    key = _key(request, kind=f"shell:{audience}" if audience else "shell")
    stamp, kept = _kept(request, key, parts)
    if kept is None:
        # Drawn as a visitor would see it (what anyone may see), or as this member of the
        # audience sees it (what all of them see), with the holes left open.
        shell_request = copy.copy(request)
        if audience is None:
            shell_request.user = AnonymousUser()
        shell_request._shell = True
        try:
            kept = _keep(key, stamp, view(shell_request, *args, **kwargs))
        except (Http404, PermissionDenied):
            cache.delete(f"{key}:drawing")
        if kept is None:
            # Not a page for visitors (a draft, a hidden petition): drawn live for this person.
            return view(request, *args, **kwargs)
    content, headers, facts, _stamp, _fresh_until = kept
    context = personal(request, facts, *args, **kwargs)
    if context is None:
        return view(request, *args, **kwargs)
    # One token for the page and its parts: each masking of it costs 32 random letters.
    token = get_token(request)
    content = content.replace(MARK, token.encode())
    context = {**context, "csrf_token": token}
    filled = _fill_holes(request, context, set(HOLE.findall(content)), (key, stamp))
    return HttpResponse(HOLE.sub(lambda hole: filled[hole.group(1)], content), headers=headers)


# Personal parts that are the same for everyone in the same situation (a citizen who has not
# signed and follows nothing; anyone without work in the header), drawn once per process for
# each page, language and situation and then given to each with their own form token: most
# readers are in a few situations, and drawing templates was most of a shell's cost. The
# shell's key and stamp are part of theirs, so a change to what the page shows draws them
# anew.
SITUATIONS = OrderedDict()
SITUATIONS_KEPT = 4096
_situations_lock = threading.Lock()


def _situation(request, name, context):
    """What decides hole `name` for this person, as a key shared by everyone it fits; None
    when the hole is theirs alone. The page's `personal` context names its situation."""
    if name == b"portal/account_nav.html":
        # No name in it: only the links to a person's work differ.
        return None if has_work(request.user) else "without work"
    if name == b"portal/messages.html":
        return None  # read once, then gone
    return context.get("situation")


def _fill_holes(request, context, names, page):
    """Each hole's template drawn for this person, in one context (the context processors
    run once for all of them), or copied from someone's in the same situation on the same
    page (its shell's key and stamp)."""
    filled, keys = {}, {}
    token = context["csrf_token"].encode()
    for name in sorted(names):
        situation = _situation(request, name, context)
        if situation is None:
            keys[name] = None
            continue
        key = (name, *page, situation)
        with _situations_lock:
            kept = SITUATIONS.get(key)
            if kept is not None:
                SITUATIONS.move_to_end(key)
        if kept is None:
            keys[name] = key
        else:
            filled[name] = kept.replace(MARK, token)
    if not keys:
        return filled
    engine = engines["django"].engine
    templates = {name: engine.get_template(name.decode()) for name in keys}
    drawing = RequestContext(request, context)
    with drawing.bind_template(next(iter(templates.values()))):
        for name, template in templates.items():
            filled[name] = template.render(drawing).encode()
    for name, key in keys.items():
        if key is not None:
            with _situations_lock:
                SITUATIONS[key] = TOKEN.sub(rb"\1" + MARK + rb"\2", filled[name])
                while len(SITUATIONS) > SITUATIONS_KEPT:
                    SITUATIONS.popitem(last=False)
    return filled


def same_for_everyone(request, facts, *args, **kwargs):
    """`personal` for a page that differs between people only in the site's header."""
    return {}


def _check_parts(parts):
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"Unknown parts: {unknown}")


def cached_for_visitors(*parts, choose_language=None, personal=None):
    """Serve the view's page from the cache to visitors who are not signed in.

    `choose_language(request)` activates the language the view will answer in, when the view
    chooses it itself (the API negotiates Accept-Language): the kept answer is keyed by it.

    `personal(request, facts, *args, **kwargs)` serves signed-in people from the page's
    shell: it returns the context of the page's personal parts for this person, or None when
    their page differs from a visitor's beyond those parts (then the page is drawn live).
    `facts` is what the view put on the shell's response as `shell_facts` (the objects the
    personal parts need, kept with the shell and as fresh as it).
    """
    _check_parts(parts)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if personal is not None and _shell_serves(request):
                return _serve_shell(request, view, args, kwargs, parts, personal)
            if not _cacheable(request) or request.user.is_authenticated:
                return view(request, *args, **kwargs)
            if choose_language is not None:
                choose_language(request)
            key = _key(request)
            stamp, kept = _kept(request, key, parts)
            if kept is None:
                try:
                    response = view(request, *args, **kwargs)
                    if hasattr(response, "render") and not response.is_rendered:
                        response.render()  # the API's answers render late
                except BaseException:
                    cache.delete(f"{key}:drawing")
                    raise
                _keep(key, stamp, response)
                return response
            content, headers, _facts, _stamp, _fresh_until = kept
            if MARK in content:
                content = content.replace(MARK, get_token(request).encode())
            return HttpResponse(content, headers=headers)

        return wrapper

    return decorator


def kept_for_audience(*parts, audience):
    """Serve a signed-in page that is the same for everyone in an audience from one shell.

    `audience(request, *args, **kwargs)` names the audience the person belongs to for this
    page (everyone in it may see it and sees the same page, but for the personal parts), or
    returns None: then the view answers, and decides what they see. The first of an audience
    to ask draws the shell; the others get it with their own header and messages.
    """
    _check_parts(parts)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if _shell_serves(request):
                name = audience(request, *args, **kwargs)
                if name is not None:
                    return _serve_shell(
                        request, view, args, kwargs, parts, same_for_everyone, audience=name
                    )
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
