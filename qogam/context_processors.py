"""What the site's header shows a signed-in person besides the menu: the pages of their work
(the petition moderation queue, the platforms they moderate, their state bodies' workspaces),
each with the count of what waits there, read in one query when the header is drawn."""

from types import SimpleNamespace

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Exists, F, Func, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from petitions.models import Petition
from platforms.models import Platform, PlatformMembership, Proposal, Recommendation
from platforms.workspace import AWAITING
from portal import pagecache
from portal.models import StateBody, StateBodyOfficial, TranslatedNames
from portal.prepared import PreparedQuery
from portal.rules import PETITION_MODERATORS, has_work

# What the moderation queue lists: petitions waiting for the moderators or for the addressee.
QUEUE = (Petition.Status.IN_MODERATION, Petition.Status.UNDER_CONSIDERATION)
COLUMNS = ("work", "key", "label_kk", "label_ru", "label_en", "waiting")
NAMES = {"label_kk": F("name_kk"), "label_ru": F("name_ru"), "label_en": F("name_en")}


def _count(queryset):
    """The number of rows of `queryset`, as a subquery (0 when there are none)."""
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())
    return Coalesce(Subquery(queryset.order_by().values(n=count)), 0)


def _queue(user_id):
    """One row with the queue's count if the person moderates petitions, else none."""
    User = get_user_model()
    moderates = Q(is_superuser=True) | Exists(
        User.groups.through.objects.filter(user_id=OuterRef("pk"), group__name=PETITION_MODERATORS)
    )
    return (
        User.objects.filter(moderates, pk=user_id, is_active=True)
        .annotate(
            work=Value("queue"),
            key=Value(""),
            label_kk=Value(""),
            label_ru=Value(""),
            label_en=Value(""),
            waiting=_count(Petition.objects.filter(status__in=QUEUE)),
        )  # fmt: skip
        .values(*COLUMNS)
    )


def _platforms(user_id):
    """A row per platform the person moderates: applications and proposals to decide."""
    applied = PlatformMembership.objects.filter(
        platform=OuterRef("pk"), status=PlatformMembership.Status.APPLIED
    )
    proposed = Proposal.objects.filter(platform=OuterRef("pk"), status=Proposal.Status.SUBMITTED)
    return (
        Platform.objects.filter(moderators=user_id)
        .annotate(
            work=Value("platform"),
            key=F("slug"),
            **NAMES,
            waiting=_count(applied) + _count(proposed),
        )  # fmt: skip
        .values(*COLUMNS)
    )


def _bodies(user_id):
    """A row per state body the person serves: petitions and recommendations to answer."""
    considered = Petition.objects.filter(
        addressee=OuterRef("pk"), status=Petition.Status.UNDER_CONSIDERATION
    )
    awaiting = Recommendation.objects.filter(addressee=OuterRef("pk"), status__in=AWAITING)
    posts = StateBodyOfficial.objects.current().filter(user_id=user_id).values("body")
    return (
        StateBody.objects.filter(pk__in=posts)
        .annotate(
            work=Value("body"),
            key=F("slug"),
            **NAMES,
            waiting=_count(considered) + _count(awaiting),
        )  # fmt: skip
        .values(*COLUMNS)
    )


class WorkLinks(list):
    """The header's links to the person's work: (label, url, waiting) in order, and `total`."""

    def __init__(self, rows):
        order = {"queue": 0, "platform": 1, "body": 2}
        links = []
        for row in sorted(rows, key=lambda row: (order[row["work"]], row["label_kk"])):
            if row["work"] == "queue":
                label, url = _("Petition moderation queue"), reverse("moderation_queue")
            else:
                # The row's names, in the reader's language as a model shows them.
                names = {f"name_{code}": row[f"label_{code}"] for code in ("kk", "ru", "en")}
                name = TranslatedNames.name.fget(SimpleNamespace(**names))
                if row["work"] == "platform":
                    label = _("Moderation: %(name)s") % {"name": name}
                    url = reverse("platform_workspace", args=[row["key"]])
                else:
                    label = _("Workspace: %(name)s") % {"name": name}
                    url = reverse("state_body_workspace", args=[row["key"]])
            links.append((label, url, row["waiting"]))
        super().__init__(links)
        self.total = sum(waiting for _label, _url, waiting in links)


def _work_query(someone):
    """The three kinds of work as one UNION ALL, for the person with this id."""
    # No part may carry its model's ordering into a UNION (SQLite refuses it).
    parts = (part(someone).order_by() for part in (_queue, _platforms, _bodies))
    first, *others = parts
    return first.union(*others, all=True)


# Built once per process (portal/prepared.py): the header of every staff page runs it.
WORK = PreparedQuery(Petition, _work_query)


def work_links(user, request=None):
    """The person's work links, in one query (the three kinds as one UNION ALL); none, and
    no query, for someone whose roles say they have no work (most people).

    The counts are kept in the cache as the pages are: any change to petitions or platforms
    shows at once, and a seat given or taken within PAGE_CACHE_SECONDS. The counts cost a
    scan of what waits, on every page a staff member opens."""
    if not has_work(user):
        return WorkLinks([])
    seconds, rows = settings.PAGE_CACHE_SECONDS, None
    if seconds:
        key = f"work:{user.pk}:{pagecache.versions(*pagecache.PARTS, request=request)}"
        rows = cache.get(key)
    if rows is None:
        rows = [tuple(row) for row in WORK.rows(user.pk)]
        if seconds:
            cache.set(key, rows, seconds)
    return WorkLinks([dict(zip(COLUMNS, row, strict=True)) for row in rows])


def work(request):
    """`work_links` for the header: nothing for visitors, read only if a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"work_links": SimpleLazyObject(lambda: work_links(user, request))}
