"""The core's own pages: the person's profile, the language switch, the health check."""

import base64

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language
from rest_framework.authtoken.models import Token
from rules.contrib.views import permission_required

from portal import follows, services
from portal.forms import IINForm, ProfileForm
from portal.rules import is_citizen


def confirm_page(request, *, question, subject, back, consequence, button, form=None):
    """Ask before an irreversible step, without JavaScript: the page's form posts the same
    address, whose POST is the step itself (with `form`'s fields, such as a reason, if any)."""
    context = {"question": question, "subject": subject, "back": back, "form": form,
               "consequence": consequence, "button": button}  # fmt: skip
    return render(request, "portal/confirm.html", context)


@require_POST
def set_language(request):
    """Switch the interface language; a signed-in person's choice is remembered."""
    response = django_set_language(request)
    language = request.POST.get("language")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        services.set_preferred_language(user=request.user, language=language)
    return response


@login_required
@permission_required("portal.view_profile", raise_exception=True)
def profile(request):
    """The person's own page: name, region, language, IIN, and links to account settings."""
    user = request.user
    profile_form = ProfileForm(
        initial={
            "first_name": user.first_name,
            "last_name": user.last_name,
            "region": user.region_id,
            "preferred_language": user.preferred_language,
        }
    )
    iin_form = IINForm()
    if request.method == "POST" and request.POST.get("action") == "profile":
        profile_form = ProfileForm(request.POST)
        if profile_form.is_valid():
            services.update_profile(user=user, **profile_form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("profile")
    elif request.method == "POST" and request.POST.get("action") == "api_token":
        if not is_citizen(user):
            raise PermissionDenied
        services.issue_api_token(user=user)
        messages.success(request, _("Your API key is ready."))
        return redirect("profile")
    elif request.method == "POST" and request.POST.get("action") == "revoke_api_token":
        services.revoke_api_token(user=user)
        messages.success(request, _("Your API key is revoked."))
        return redirect("profile")
    elif request.method == "POST" and request.POST.get("action") == "iin":
        if not request.user.has_perm("portal.declare_iin"):
            raise PermissionDenied
        iin_form = IINForm(request.POST)
        if iin_form.is_valid():
            try:
                services.declare_iin(user=user, iin=iin_form.cleaned_data["iin"])
            except services.IINError as error:
                iin_form.add_error("iin", str(error))
            else:
                messages.success(request, _("Your IIN is declared."))
                return redirect("profile")
    memberships = user.ngo_memberships.select_related("organization").order_by(
        "organization__name_kk"
    )
    seats = user.platform_memberships.filter(status__in=["applied", "approved"]).select_related(
        "platform", "organization"
    )
    return render(
        request,
        "portal/profile.html",
        {
            "profile_form": profile_form,
            "iin_form": iin_form,
            "memberships": memberships,
            "seats": seats,
            "moderated": user.moderated_platforms.order_by("name_kk"),
            "official_posts": user.official_posts.current().select_related("body"),
            "is_citizen": is_citizen(user),
            "eds_enabled": _eds_enabled(),
            "api_token": Token.objects.filter(user=user).values_list("key", flat=True).first(),
        },
    )


# Follows


@login_required
@require_POST
def follow(request, kind, pk):
    """Follow or stop following a petition, platform, recommendation or state body."""
    followable = follows.KINDS.get(kind)
    if followable is None:
        raise Http404
    target = get_object_or_404(followable.visible_to(request.user), pk=pk)
    if request.POST.get("action") == "unfollow":
        services.unfollow(user=request.user, target=target)
        messages.success(request, _("You no longer follow it."))
    else:
        services.follow(user=request.user, target=target)
        messages.success(request, _("You follow it now: you will be emailed when it changes."))
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        back = followable.url(target)
    return redirect(back)


@require_http_methods(["GET", "POST"])
def unfollow_link(request, token):
    """An email's unfollow link, without signing in: the link shows what it stops and one
    button; the button's POST (no JavaScript needed) unfollows. Twice is harmless."""
    if request.method == "GET":
        target = services.followed_by_token(token=token)
        status = 200 if target is not None else 400
        context = {"target": target, "token": token, "confirm": True}
        return render(request, "portal/unfollowed.html", context, status=status)
    return _unfollowed(request, token)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unfollow_one_click(request, token):
    """RFC 8058's one-click unfollow: mail programs POST to the email's List-Unsubscribe
    address, with no session nor CSRF cookie; the signed token is the only credential, so
    CSRF has nothing to protect here (and only here). A GET only leads to the confirmation."""
    if request.method == "GET":
        return redirect("unfollow", token)
    return _unfollowed(request, token)


def _unfollowed(request, token):
    target = services.unfollow_by_token(token=token)
    status = 200 if target is not None else 400
    return render(request, "portal/unfollowed.html", {"target": target}, status=status)


# Proving the IIN with a digital signature (EDS) through NCALayer


def _eds_enabled():
    from portal.eds import EDSProvider
    from portal.identity import get_identity_provider

    return isinstance(get_identity_provider(), EDSProvider)


@login_required
def prove_identity(request):
    """The page where a person signs a one-time challenge in NCALayer to prove their IIN.

    GET gives the page with a fresh challenge; the page's script posts the CMS signature back
    here (with the challenge's nonce), and the answer is the page again with what happened.
    """
    from portal import eds

    if not _eds_enabled():
        raise Http404
    if not request.user.has_perm("portal.prove_iin"):
        raise PermissionDenied
    # Before anything is stored or verified: a challenge row per page, a CMS check per post.
    refused = ratelimit.consume_or_429(
        request, action="prove_identity", user=request.user, limit_get=True
    )
    if refused:
        return refused
    if request.session.session_key is None:
        request.session.save()
    error = None
    if request.method == "POST":
        try:
            data = eds.consume_challenge(
                user=request.user, session_key=request.session.session_key,
                nonce=request.POST.get("nonce", ""),
            )  # fmt: skip
            person = eds.verify_signature(request.POST.get("cms", "")[:200_000], data)
            services.prove_iin(user=request.user, person=person)
        except (eds.EDSRefused, services.IINError) as refusal:
            error = str(getattr(refusal, "message", refusal))
        else:
            messages.success(request, _("Your IIN is proven with your digital signature."))
            return redirect("profile")
    nonce = eds.issue_challenge(user=request.user, session_key=request.session.session_key)
    challenge = base64.b64encode(eds.challenge_text(nonce)).decode()
    response = render(
        request, "portal/prove_identity.html",
        {"nonce": nonce, "challenge": challenge, "error": error,
         "ncalayer_url": settings.EDS_NCALAYER_URL},
        status=400 if error else 200,
    )  # fmt: skip
    response["Cache-Control"] = "no-store"
    # The page's script talks to NCALayer on the person's own machine.
    response._csp_update = {"connect-src": [settings.EDS_NCALAYER_URL]}
    return response
