import functools

from csp.decorators import csp_replace
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, Q, Subquery
from django.http import FileResponse, Http404, HttpResponseBadRequest, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from rules.contrib.views import permission_required

from petitions import mass_signing, receipts, services, sharing, timeline
from petitions.charts import petition_charts
from petitions.filters import ModerationQueueFilter, PetitionFilter
from petitions.forms import (
    HideForm,
    InvalidateForm,
    PetitionForm,
    ReceiptForm,
    RejectForm,
    ResponseForm,
    ReturnForm,
    SignalsForm,
    SignForm,
)
from petitions.limits import TOO_MANY_SIGNATURES, may_sign_now
from petitions.models import GroundVersion, Petition, PetitionEvent, Signature, SignatureLogLine
from petitions.workspace import STEPS
from portal import opendata
from portal.follows import follows_filter
from portal.models import Follow, StateBody
from portal.pagecache import (
    cached_for_visitors,
    is_rendering_shell,
    kept_for_audience,
    same_for_everyone,
)
from portal.paging import IndexedPaginator
from portal.prepared import PreparedQuery
from portal.rules import has_work
from portal.templatetags.follows import followed
from portal.views import confirm_page
from portal.workdays import working_days_left

PAGE_SIZE = 20
# How long browsers and other sites' caches keep an embedded count.
EMBED_SECONDS = 300
SEARCH_COUNT_CAP = 1000


def _visible_petition(request, pk):
    """The petition if this person may see it; 404 otherwise, so that nothing leaks."""
    petition = get_object_or_404(
        Petition.objects.select_related("addressee", "category", "region", "author",
                                        "rejection_reason"), pk=pk
    )  # fmt: skip
    if not request.user.has_perm("petitions.see_petition", petition):
        raise Http404
    return petition


def _fail(request, error):
    messages.error(request, error.message)


@cached_for_visitors("petitions", personal=same_for_everyone)
def petition_list(request):
    """The public list: search, filters, sort and pages; only listed petitions appear."""
    # The API's list reads the same FilterSet, so both give the same rows in the same order.
    filterset = PetitionFilter(request.GET, queryset=Petition.objects.with_list_data())
    petitions = filterset.qs
    # A bad value is named on the page; the valid filters still apply.
    invalid = [filterset.form[name].label for name in filterset.errors]
    # A search counts its matches up to SEARCH_COUNT_CAP: "more than" past that.
    cap = SEARCH_COUNT_CAP if filterset.form.cleaned_data.get("q") else None
    paginator = IndexedPaginator(petitions, PAGE_SIZE, count_cap=cap)
    # Counted and read only if the template's cached part is not already kept.
    page = SimpleLazyObject(lambda: paginator.get_page(request.GET.get("page")))
    return render(
        request,
        "petitions/petition_list.html",
        {"form": filterset.form, "page": page, "invalid": invalid,
         "feed_query": _without_page(request.GET)},
    )  # fmt: skip


def _without_page(query):
    """The list's filters as a query string, for its feed: the same rows, no page."""
    query = query.copy()
    query.pop("page", None)
    return query.urlencode()


def _signer_context(request, petition, signature, following):
    """What a petition's page shows this person of their own: their signature, whether and
    how they may sign or withdraw, what their identity still lacks, and what they follow."""
    user = request.user
    # Late by the law though the nightly job has not moved it yet: no sign button, say why.
    window_closed = services.signing_window_closed(petition)
    context = {
        "petition": petition,
        "is_author": petition.author_id == user.pk,
        "signature": signature,
        "following": following,
        "window_closed": window_closed,
        "sign_form_fields": _sign_form_fields(translation.get_language()),
        "can_sign": window_closed is None and user.has_perm("petitions.sign_petition", petition),
        "can_withdraw_signature": window_closed is None
        and signature is not None
        and signature.status == "valid"
        and user.has_perm("petitions.withdraw_signature", petition),
        "identity": None,
        "signable_statuses": Petition.SIGNABLE,
    }
    if user.is_authenticated and petition.status in Petition.SIGNABLE:
        from portal.identity import get_identity_provider

        context["identity"] = get_identity_provider().check(user)
    return context


@functools.lru_cache(maxsize=8)
def _sign_form_fields(language):
    """The sign form's fields, drawn once per process and language: an empty form is the same
    for everyone, and its token is the page's own."""
    return render_to_string("portal/form_fields.html", {"form": SignForm()})


def _mine_query(petition_id, addressee_id, user_id):
    """The person's signature on the petition and whether they follow it and its addressee, in
    one row (their roles came with them: portal/auth.py). The ids are the query's constants,
    so that PostgreSQL plans each part once."""
    signature = Signature.objects.filter(petition_id=petition_id, user_id=user_id).order_by("pk")
    follows = Follow.objects.filter(user_id=user_id)
    return (
        get_user_model()
        .objects.filter(pk=user_id)
        .order_by()
        .values(
            signature_status=Subquery(signature.values("status")[:1]),
            signature_at=Subquery(signature.values("created_at")[:1]),
            follows_petition=Exists(follows.filter(follows_filter(Petition, petition_id))),
            follows_addressee=Exists(follows.filter(follows_filter(StateBody, addressee_id))),
        )
    )


# A signed-in reader's own parts of a petition's page, in one query built once (see
# portal/prepared.py).
MINE = PreparedQuery(Signature, _mine_query)


def _signer_part(request, facts, pk):
    """The personal parts of a petition's page for someone who sees it as a visitor does
    (neither its author nor anyone with work in the portal); None for anyone else, and for
    a signer whose signature is newer than the shell (they see it counted at once). The
    petition is the one kept with the page's shell."""
    user = request.user
    petition = facts["petition"] if facts else None
    if petition is None or petition.author_id == user.pk:
        return None
    rows = MINE.rows(petition.pk, petition.addressee_id, user.pk)
    if not rows:
        return None
    status, signed_at, follows_petition, follows_addressee = rows[0]
    if has_work(user) or (signed_at is not None and signed_at >= facts["drawn_at"]):
        return None
    signature = Signature(status=status, created_at=signed_at) if status else None
    following = set()
    if follows_petition:
        following.add((Petition._meta.label_lower, petition.pk))
    if follows_addressee:
        following.add((StateBody._meta.label_lower, petition.addressee_id))
    context = _signer_context(request, petition, signature, following)
    # Everything the sign box and the follow buttons show of the person: everyone with the
    # same sees the same parts (portal/pagecache.py draws them once for all of them).
    identity, window_closed = context["identity"], context["window_closed"]
    context["situation"] = (
        signature and (signature.status, signature.created_at),
        window_closed and str(window_closed.message),
        context["can_sign"],
        context["can_withdraw_signature"],
        identity and (identity.ok, identity.code, str(identity.message)),
        context["is_author"],
        frozenset(following),
    )
    return context


@cached_for_visitors("petitions", personal=_signer_part)
def petition_detail(request, pk):
    """A petition's page: progress, charts, history, response, and the sign button."""
    petition = _visible_petition(request, pk)
    user = request.user
    events = PetitionEvent.objects.filter(petition=petition).visible_to(user)
    public_signers = (
        Signature.objects.filter(petition=petition, status="valid", show_name=True)
        .order_by("-created_at")
        .values_list("public_name", "region__name_kk", "created_at")[:20]
    )
    signature = None
    if user.is_authenticated:
        signature = Signature.objects.filter(petition=petition, user=user).first()
    following = followed(user, petition, petition.addressee)
    context = {
        **_signer_context(request, petition, signature, following),
        "steps": timeline.steps(petition),
        "clocks": timeline.clocks(petition),
        "events": events.select_related("actor"),
        # Drawn only if the template's cached part is not already kept.
        "charts": functools.partial(petition_charts, petition),
        "public_signers": public_signers,
        "initial_support": settings.PETITION_INITIAL_SUPPORT,
        "user_is_moderator": user.has_perm("petitions.moderate_petitions"),
        "moderator_actions": [
            (action, label)
            for action, (permission, label, _form, _done) in MODERATION.items()
            if user.has_perm(permission, petition)
        ],
    }
    if petition.status == Petition.Status.DRAFT and petition.author_id == user.pk:
        # Without JavaScript the author still sees possible duplicates before submitting.
        context["similar"] = (
            Petition.objects.listed().exclude(pk=petition.pk).similar_to(petition.title)
        )
    if petition.status in Petition.SIGNABLE:
        context["share"] = _share(petition)
    response = render(request, "petitions/petition_detail.html", context)
    if is_rendering_shell(request):
        # Kept with the shell: what its personal parts need to know of the petition.
        response.shell_facts = {"petition": petition, "drawn_at": timezone.now()}
    return response


def _share(petition):
    """The share panel's link, messenger links, QR code and embed snippets."""
    name = _("Signatures: %(title)s") % {"title": petition.title}
    return {
        "url": sharing.petition_url(petition),
        "links": sharing.messenger_links(petition),
        "qr": sharing.qr_svg(petition, _("QR code of the petition's link")),
        "embed": sharing.embed_snippets(petition, name),
    }


def _embeddable(pk):
    """A public petition, for the embedded count: drafts, moderation and hidden ones are 404."""
    # Whoever asks, it shows what a visitor may see, the same to everyone.
    return get_object_or_404(Petition.objects.visible_to(AnonymousUser()), pk=pk)


def _embed_language(view):
    """Serve the embedded count in the language the embedding site asks for (?lang=kk|ru|en),
    or the visitor's; any other value is a 400 that says which are known."""

    @functools.wraps(view)
    def wrapped(request, pk):
        language = request.GET.get("lang")
        if language is None:
            return view(request, pk)
        if language not in dict(settings.LANGUAGES):
            return HttpResponseBadRequest(
                _("Unknown language: use one of %(codes)s.")
                % {"codes": ", ".join(code for code, _name in settings.LANGUAGES)},
                content_type="text/plain; charset=utf-8",
            )
        with translation.override(language):
            response = view(request, pk)
            response["Content-Language"] = language
            return response

    return wrapped


# Another site may frame the count (this page alone): no X-Frame-Options, any ancestor.
@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@cache_control(public=True, max_age=EMBED_SECONDS)
@require_safe
@_embed_language
def petition_embed(request, pk):
    """A small public page with a petition's count and a link to sign, for an <iframe>."""
    petition = _embeddable(pk)
    context = {"petition": petition, "signable": Petition.SIGNABLE}
    return render(request, "petitions/embed.html", context)


@cache_control(public=True, max_age=EMBED_SECONDS)
@require_safe
@_embed_language
def petition_badge(request, pk):
    """A petition's count as an SVG badge, for an <img> on another site."""
    petition = _embeddable(pk)
    label = ngettext("%(count)s signature", "%(count)s signatures", petition.signature_count) % {
        "count": intcomma(petition.signature_count)
    }
    context = {"label": label, "width": 64 + 7 * len(label), "petition": petition}
    return render(request, "petitions/badge.svg", context, content_type="image/svg+xml")


def _preview(request, form, petition):
    """The petition as its page will show it, from the form's data, saved nowhere."""
    preview = Petition(author=request.user, **form.cleaned_data)
    context = {"form": form, "petition": petition, "preview": preview,
               "threshold": preview.addressee.petition_threshold}  # fmt: skip
    return render(request, "petitions/petition_form.html", context)


@login_required
@permission_required("petitions.file_petition", raise_exception=True)
def petition_create(request):
    """Write a new petition; it is saved as a draft."""
    form = PetitionForm(request.POST or None, initial={"language": request.user.preferred_language})
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            return _preview(request, form, None)
        try:
            petition = services.create_petition(author=request.user, **form.cleaned_data)
        except services.PetitionError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your draft is saved. Check it, then submit it."))
            return redirect(petition)
    return render(request, "petitions/petition_form.html", {"form": form, "petition": None})


@login_required
def petition_edit(request, pk):
    """Edit a draft."""
    petition = _visible_petition(request, pk)
    if not request.user.has_perm("petitions.edit_petition", petition):
        raise PermissionDenied
    initial = {name: getattr(petition, name) for name in services.EDITABLE_FIELDS}
    form = PetitionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            return _preview(request, form, petition)
        try:
            services.update_petition(petition=petition, editor=request.user, **form.cleaned_data)
        except services.PetitionError as error:
            _fail(request, error)
        else:
            messages.success(request, _("Your draft is saved."))
            return redirect(petition)
    return render(request, "petitions/petition_form.html", {"form": form, "petition": petition})


def similar_petitions(request):
    """Existing petitions whose titles resemble the one being written (a page fragment)."""
    title = request.GET.get("title", "").strip()[:150]
    petitions = []
    if len(title) >= 5:
        petitions = Petition.objects.visible_to(request.user).filter(
            status__in=Petition.LISTED
        ).similar_to(title)  # fmt: skip
    return render(request, "petitions/similar_petitions.html", {"similar": petitions})


# The author's irreversible steps, asked about first: permission, question, consequence, button.
CONFIRMED_ACTIONS = {
    "delete": ("petitions.delete_draft", gettext_lazy("Delete the draft?"),
               gettext_lazy("The draft is deleted for good: this cannot be undone."),
               gettext_lazy("Delete the draft")),
    "withdraw": ("petitions.withdraw_petition", gettext_lazy("Withdraw the petition?"),
                 gettext_lazy("The petition stops collecting signatures for good and will not "
                              "be considered. This cannot be undone."),
                 gettext_lazy("Withdraw the petition")),
}  # fmt: skip

AUTHOR_ACTIONS = {
    "submit": (services.submit_petition, gettext_lazy("Your petition is sent to the moderators.")),
    "delete": (services.delete_petition, gettext_lazy("The draft is deleted.")),
    "withdraw": (services.withdraw_petition, gettext_lazy("Your petition is withdrawn.")),
}


@login_required
@require_http_methods(["GET", "POST"])
def petition_action(request, pk, action):
    """The author's steps: submit, delete a draft, withdraw an open petition (these two
    asked about first, on a page of their own)."""
    petition = _visible_petition(request, pk)
    if action not in AUTHOR_ACTIONS:
        raise Http404
    if request.method == "GET":
        if action not in CONFIRMED_ACTIONS:
            return HttpResponseNotAllowed(["POST"])
        permission, question, consequence, button = CONFIRMED_ACTIONS[action]
        if not request.user.has_perm(permission, petition):
            raise PermissionDenied
        return confirm_page(request, question=question, subject=petition.title,
                            back=petition.get_absolute_url(), consequence=consequence,
                            button=button)  # fmt: skip
    service, success = AUTHOR_ACTIONS[action]
    try:
        service(petition=petition, actor=request.user)
    except services.PetitionError as error:
        _fail(request, error)
        return redirect(petition)
    messages.success(request, str(success))
    if action == "delete":
        return redirect("my_petitions")
    return redirect(petition)


@login_required
@require_POST
def sign(request, pk):
    """Sign a petition, once."""
    petition = _visible_petition(request, pk)
    form = SignForm(request.POST)
    if not may_sign_now(request):
        messages.error(request, TOO_MANY_SIGNATURES)
        return redirect(petition)
    if form.is_valid():
        try:
            result = services.sign_petition(
                petition=petition, user=request.user, **form.cleaned_data,
                network_digest=mass_signing.request_network_digest(request, petition.pk),
            )  # fmt: skip
        except services.PetitionError as error:
            _fail(request, error)
        else:
            # Shown this once (and emailed): the receipt is never stored.
            messages.success(
                request,
                _("Thank you: your signature is counted. Your receipt code is %(code)s: keep it "
                  "to check your signature on the petition's receipt page.")
                % {"code": result.receipt},
                extra_tags="receipt",
            )  # fmt: skip
    return redirect(petition)


@login_required
@require_http_methods(["GET", "POST"])
def unsign(request, pk):
    """Withdraw one's signature while the petition is open, asked about first."""
    petition = _visible_petition(request, pk)
    if request.method == "GET":
        if not request.user.has_perm("petitions.withdraw_signature", petition):
            raise PermissionDenied
        return confirm_page(
            request, question=_("Withdraw your signature?"), subject=petition.title,
            back=petition.get_absolute_url(), button=_("Withdraw my signature"),
            consequence=_("Your signature stops counting at once. You may sign again while "
                          "the petition is open."),
        )  # fmt: skip
    try:
        services.withdraw_signature(petition=petition, user=request.user)
    except services.PetitionError as error:
        _fail(request, error)
    else:
        messages.success(request, _("Your signature is withdrawn."))
    return redirect(petition)


def receipt(request, pk):
    """Check a receipt against the petition's log: counted, withdrawn or invalidated, and
    on which day; never who signed."""
    petition = _visible_petition(request, pk)
    form = ReceiptForm(request.GET or None)
    lines = None
    if form.is_valid():
        digest = receipts.receipt_digest(petition.pk, form.cleaned_data["code"])
        lines = list(
            SignatureLogLine.objects.filter(petition=petition, receipt_digest=digest)
            .order_by("seq")
            .only("seq", "event", "day", "status", "hash")
        )
    context = {"petition": petition, "form": form, "lines": lines}
    return render(request, "petitions/receipt.html", context)


def signature_log(request, pk, format):
    """The petition's signature log as open data, with the count and head it adds up to."""
    if format not in opendata.FORMATS:
        raise Http404
    petition = _visible_petition(request, pk)
    # The lines up to the head read now: lines added while it streams wait for the next one.
    dataset = opendata.Dataset(
        slug=f"petition-{petition.pk}-signature-log",
        title=gettext_lazy("Signature log"),
        description="",
        fields=receipts.LOG_FIELDS,
        source=lambda: _log_lines(petition),
        rows=lambda: opendata.read(_log_lines(petition).values(*receipts.LOG_FIELDS)),
    )
    response = opendata.download(dataset, format)
    response["X-Signature-Count"] = str(petition.signature_count)
    response["X-Signature-Log-Head"] = petition.log_head
    response["X-Signature-Log-Length"] = str(petition.log_length)
    return response


def _log_lines(petition):
    return SignatureLogLine.objects.filter(
        petition=petition, seq__lte=petition.log_length
    ).order_by("seq")


@login_required
def my_petitions(request):
    """The petitions this person wrote, in every state."""
    petitions = Petition.objects.filter(author=request.user).with_list_data()
    page = Paginator(petitions, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "petitions/my_petitions.html", {"page": page})


@login_required
def my_signatures(request):
    """The petitions this person signed."""
    signatures = (
        Signature.objects.filter(user=request.user)
        .exclude(status=Signature.Status.WITHDRAWN)
        .select_related("petition", "petition__addressee")
        .order_by("-created_at")
    )
    page = Paginator(signatures, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "petitions/my_signatures.html", {"page": page})


# Moderation


QUEUE_PAGE_SIZE = 50


def _petition_moderators(request):
    """Every moderator sees the same queue (the permission is checked before)."""
    return "petition-moderators"


@login_required
@permission_required("petitions.moderate_petitions", raise_exception=True)
@kept_for_audience("petitions", audience=_petition_moderators)
def moderation_queue(request):
    """The petition moderators' queue: oldest first, with the legal clocks."""
    today = timezone.localdate()
    # The API's queue reads the same FilterSet: search, step, addressee and missed clocks.
    filterset = ModerationQueueFilter(
        request.GET, queryset=Petition.objects.with_list_data().select_related("author")
    )
    invalid = [filterset.form[name].label for name in filterset.errors]
    # Counted and read only if the template's cached part (the same for every moderator) is
    # not already kept.
    page = SimpleLazyObject(lambda: _queue_page(filterset.qs, request.GET.get("page"), today))
    return render(
        request,
        "petitions/moderation_queue.html",
        {"page": page, "form": filterset.form, "invalid": invalid, "today": today},
    )


def _queue_page(waiting, number, today):
    """A page of the queue, oldest first, each petition with its legal clock."""
    page = Paginator(waiting.order_by("submitted_at", "pk"), QUEUE_PAGE_SIZE).get_page(number)
    for petition in page.object_list:
        deadline = (
            petition.moderation_deadline
            if petition.status == Petition.Status.IN_MODERATION
            else petition.consideration_deadline
        )
        petition.clock_deadline = deadline
        petition.working_days_left = working_days_left(deadline, today) if deadline else None
        petition.days_overdue = -(petition.working_days_left or 0)
    return page


@login_required
@permission_required("petitions.moderate_petitions", raise_exception=True)
def review_queue(request):
    """Signatures the moderators must look at, with why: an IIN proven by someone else, or a
    declared IIN replaced by a proven one. Keep them counted here, or invalidate them."""
    if request.method == "POST":
        ids = [int(pk) for pk in request.POST.getlist("signature") if pk.isdigit()]
        kept = services.keep_signatures(moderator=request.user, signature_ids=ids)
        messages.success(request, ngettext(
            "%(count)s signature is kept counted.", "%(count)s signatures are kept counted.", kept
        ) % {"count": kept})  # fmt: skip
        return redirect("signature_review_queue")
    waiting = (
        Signature.objects.filter(status=Signature.Status.VALID)
        .exclude(review_reason="")
        .select_related("petition", "region")
        .order_by("review_since", "pk")
    )
    page = Paginator(waiting, 100).get_page(request.GET.get("page"))
    return render(request, "petitions/review_queue.html", {"page": page})


# action: (permission, button label, form, message when done)
MODERATION = {
    "publish": ("petitions.publish_petition", gettext_lazy("Publish"), None,
                gettext_lazy("The petition is published.")),
    "return": ("petitions.return_petition", gettext_lazy("Return for changes"), ReturnForm,
               gettext_lazy("The petition is returned to its author.")),
    "reject": ("petitions.reject_petition", gettext_lazy("Reject"), RejectForm,
               gettext_lazy("The petition is rejected.")),
    "respond": ("petitions.record_response", gettext_lazy("Record the response"), ResponseForm,
                gettext_lazy("The response is published.")),
    "invalidate": ("petitions.invalidate_signatures", gettext_lazy("Invalidate signatures"),
                   InvalidateForm, gettext_lazy("The signatures are invalidated.")),
    "hide": ("petitions.hide_petition", gettext_lazy("Hide"), HideForm,
             gettext_lazy("The petition is hidden.")),
    "restore": ("petitions.restore_petition", gettext_lazy("Restore"), None,
                gettext_lazy("The petition is restored.")),
}  # fmt: skip


def _moderate(petition, moderator, action, data):
    """Call the service for a moderator's action with the form's cleaned data."""
    if action == "publish":
        return services.publish_petition(petition=petition, moderator=moderator)
    if action == "return":
        return services.return_petition(petition=petition, moderator=moderator, **data)
    if action == "reject":
        return services.reject_petition(petition=petition, moderator=moderator, **data)
    if action == "hide":
        return services.hide_petition(petition=petition, moderator=moderator, **data)
    if action == "restore":
        return services.restore_petition(petition=petition, moderator=moderator)
    if action == "respond":
        return services.record_response(petition=petition, moderator=moderator, **data)
    return services.invalidate_signatures(petition=petition, moderator=moderator, **data)


@login_required
@permission_required("petitions.moderate_petitions", raise_exception=True)
def moderate(request, pk, action):
    """A moderator's page for one action on one petition: its form, then the service."""
    if action not in MODERATION:
        raise Http404
    petition = _visible_petition(request, pk)
    _permission, label, form_class, done = MODERATION[action]
    context = {"petition": petition, "action": action, "label": label}
    # The review queue links here with the signatures and the reason filled in.
    initial = {
        key: request.GET[key][:2000] for key in ("signature_ids", "reason") if key in request.GET
    }
    if action == "invalidate" and request.method == "GET" and "cluster" in request.GET:
        initial = _preselect_cluster(request, petition, context)
    extra = {"petition": petition} if form_class is RejectForm else {}
    form = form_class(request.POST or None, initial=initial, **extra) if form_class else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            _moderate(petition, request.user, action, form.cleaned_data if form else {})
        except services.PetitionError as error:
            _fail(request, error)
        else:
            messages.success(request, str(done))
            return redirect(petition)
    context["form"] = form
    if action == "invalidate":
        _add_signals(request, petition, context)
    return render(request, "petitions/moderate.html", context)


def _preselect_cluster(request, petition, context):
    """The invalidation form's initial signatures: those of the group named by ?cluster=."""
    cluster = mass_signing.parse_cluster(request.GET["cluster"])
    ids = mass_signing.cluster_signature_ids(petition, cluster) if cluster else []
    if not ids:
        messages.error(request, _("This group holds no valid signatures now."))
        return {}
    context["preselected"] = (mass_signing.cluster_label(cluster), len(ids))
    return {"signature_ids": " ".join(str(pk) for pk in ids)}


def _add_signals(request, petition, context):
    """The invalidation page's signals of mass signing and its latest signatures; no IIN or
    email is ever shown."""
    # A bad date is named under its field; the chart then shows the last week of signing.
    week = SignalsForm(request.GET if "day" in request.GET else None)
    last_day = week.cleaned_data["day"] if week.is_valid() else None
    context["signals"] = mass_signing.petition_signals(petition, last_day=last_day)
    context["week"] = week
    # The latest signatures, to spot a burst.
    context["signatures"] = (
        Signature.objects.filter(petition=petition, status=Signature.Status.VALID)
        .select_related("region")
        .order_by("-created_at")[:200]
    )


# The state body's workspace (the page itself is composed in qogam/views.py)

WORKSPACE_DONE = {
    "answer": gettext_lazy("The response is published."),
    "discussion": gettext_lazy(
        "The public discussion is scheduled; the author and the signers who asked are told."
    ),
    "media": gettext_lazy("The media statement is published."),
    "signed-answer": gettext_lazy("The signed answer is attached."),
}


@login_required
@require_POST
def workspace_step(request, pk, step):
    """One of the addressee's steps on a petition, posted from the body's workspace."""
    if step not in STEPS:
        raise Http404
    petition = _visible_petition(request, pk)
    permission, form_class, service = STEPS[step]
    if not request.user.has_perm("portal.open_workspace", petition.addressee):
        raise PermissionDenied
    back = redirect(f"{reverse('state_body_workspace', args=[petition.addressee.slug])}"
                    f"#petition-{petition.pk}")  # fmt: skip
    form = form_class(request.POST, request.FILES, prefix=f"p{petition.pk}-{step}")
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return back
    try:
        service(petition=petition, actor=request.user, **form.cleaned_data)
    except services.PetitionError as error:
        _fail(request, error)
    else:
        messages.success(request, str(WORKSPACE_DONE[step]))
    return back


def signed_answer(request, pk):
    """The signed answer of a petition, as a PDF the browser shows but never runs as a page."""
    petition = _visible_petition(request, pk)
    if not petition.signed_answer:
        raise Http404
    response = FileResponse(
        petition.signed_answer.open("rb"), content_type="application/pdf",
        filename=f"petition-{petition.pk}-answer.pdf",
    )  # fmt: skip
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    return response


def grounds(request):
    """The register: the grounds on which a petition is rejected, in force today, and those
    announced from a later day, each with its legal basis and dates."""
    today = timezone.localdate()
    # One query: the register's versions that are in force today or start later.
    versions = list(
        GroundVersion.objects.in_register()
        .filter(Q(effective_until__isnull=True) | Q(effective_until__gte=today))
        .select_related("ground")
    )
    in_force = [version for version in versions if version.effective_from <= today]
    coming = [version for version in versions if version.effective_from > today]
    return render(
        request, "petitions/grounds.html",
        {"in_force": in_force, "coming": coming, "today": today},
    )  # fmt: skip
