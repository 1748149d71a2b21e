"""The moderators' signals against mass signing (design §4): valid signatures per hour, the
accounts opened shortly before they signed, and clusters by email domain and by network.

A signer's network is the /24 (IPv4) or /48 (IPv6) prefix of the address the signing rate
limit counts (allauth's, which trusts TRUSTED_PROXY_COUNT proxies). Only its keyed digest is
stored: HMAC-SHA256 under NETWORK_KEY of the petition's id and the prefix. The key is one for
the site, so that a petition's clusters stay comparable for its whole life; the petition's id
in the message makes the digests of one network unlinkable from one petition to the next,
which clustering never needs. Without the key the 2^24 IPv4 prefixes cannot be tried; the
address itself is never written anywhere, and the public log never carries the digest.

Every figure is one SQL aggregate (GROUP BY), whatever the number of signatures.
"""

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, Max, Min, Q, Value
from django.db.models.functions import Lower, StrIndex, Substr, TruncHour
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from petitions.models import Signature
from portal.charts import bar_chart

# Hex characters of a network digest: 64 bits, no collisions among one petition's networks.
DIGEST_LENGTH = 16
PREFIX_BITS = {4: 24, 6: 48}
# The chart's span: a week of hours, 168 bars, still legible on a phone.
CHART_HOURS = 7 * 24
PEAK_HOURS = 10
CLUSTERS = 10
# The fresh accounts' signatures listed one by one; the count covers them all.
FRESH_LISTED = 100
# The most a cluster preselects: the invalidation form's own limit.
MOST_PRESELECTED = 10000


def network_prefix(address):
    """The address's /24 (IPv4) or /48 (IPv6) network as text, or None if not an address."""
    try:
        ip = ipaddress.ip_address(address)
        if ip.version == 6 and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        # A zone (fe80::1%eth0) names the signer's own interface, not a network.
        bare = ipaddress.ip_address(str(ip).split("%")[0])
        return str(ipaddress.ip_network((bare, PREFIX_BITS[ip.version]), strict=False))
    except ValueError:
        return None


def network_digest(petition_id, address):
    """The keyed digest of the address's network on this petition; "" without an address."""
    prefix = network_prefix(address)
    if prefix is None:
        return ""
    message = f"{petition_id}:{prefix}".encode()
    digest = hmac.new(settings.NETWORK_KEY.encode(), message, hashlib.sha256).hexdigest()
    return digest[:DIGEST_LENGTH]


def request_network_digest(request, petition_id):
    """The network digest of the address signing through this request, as the limits see it."""
    try:
        address = get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return ""
    return network_digest(petition_id, address)


# The signals


def _valid(petition):
    return Signature.objects.filter(petition=petition, status=Signature.Status.VALID)


def fresh_window():
    """How long before signing an account must have been opened to count as fresh."""
    return timedelta(hours=settings.PETITION_FRESH_ACCOUNT_HOURS)


def _fresh():
    # Opened within the window before the signature (a signature never precedes its account).
    return Q(user__date_joined__gte=F("created_at") - fresh_window())


def _domain():
    # The part after the "@", which is all that is ever shown of an address.
    return Lower(Substr("user__email", StrIndex("user__email", Value("@")) + 1))


@dataclass(frozen=True)
class Cluster:
    """Valid signatures sharing an email domain or a network; `key` selects them again."""

    kind: str
    key: str
    label: str
    count: int
    fresh: int


@dataclass(frozen=True)
class Signals:
    """What the invalidation page shows: counts, the hourly chart, peaks and clusters."""

    valid: int
    fresh: int
    fresh_hours: int
    chart: object
    window: tuple
    peaks: list
    fresh_signatures: list
    domains: list
    networks: list


def petition_signals(petition, *, last_day=None):
    """Every signal for a petition's valid signatures, in six queries; the chart shows the
    week up to `last_day` (by default the last day anyone signed)."""
    valid = _valid(petition)
    totals = valid.aggregate(
        count=Count("pk"), fresh=Count("pk", filter=_fresh()),
        first=Min("created_at"), last=Max("created_at"),
    )  # fmt: skip
    chart, window, peaks = None, None, []
    if totals["count"]:
        chart, window = _hourly_chart(valid, totals["first"], totals["last"], last_day)
        peaks = [
            (row["hour"], row["n"])
            for row in _by_hour(valid).order_by("-n", "hour")[:PEAK_HOURS]
        ]  # fmt: skip
    fresh_signatures = list(
        valid.filter(_fresh())
        .select_related("region")
        .annotate(account_opened=F("user__date_joined"))
        .order_by("-created_at", "-pk")[:FRESH_LISTED]
    )
    return Signals(
        valid=totals["count"], fresh=totals["fresh"],
        fresh_hours=settings.PETITION_FRESH_ACCOUNT_HOURS,
        chart=chart, window=window, peaks=peaks, fresh_signatures=fresh_signatures,
        domains=_clusters(valid.exclude(user=None).annotate(key=_domain()), "domain"),
        networks=_clusters(valid.exclude(network_digest="").annotate(key=F("network_digest")),
                           "network"),
    )  # fmt: skip


def _by_hour(signatures):
    return signatures.annotate(hour=TruncHour("created_at")).values("hour").annotate(n=Count("pk"))


def _hourly_chart(valid, first, last, last_day):
    """The hourly bar chart of the week ending on `last_day`, or on the last signing day."""
    zone = timezone.get_current_timezone()
    first_hour = timezone.localtime(first).replace(minute=0, second=0, microsecond=0)
    if last_day is None:
        end = timezone.localtime(last).replace(minute=0, second=0, microsecond=0)
    else:
        end = datetime.combine(last_day, time(23), tzinfo=zone)
    start = max(first_hour, end - timedelta(hours=CHART_HOURS - 1))
    counts = {}
    if start <= end:
        rows = _by_hour(
            valid.filter(created_at__gte=start, created_at__lt=end + timedelta(hours=1))
        )
        counts = {row["hour"]: row["n"] for row in rows}
    hours = []
    hour = start
    while hour <= end:
        hours.append(hour)
        hour = timezone.localtime(hour + timedelta(hours=1), zone)
    chart = bar_chart(
        [(date_format(hour, "d.m H:00"), counts.get(hour, 0)) for hour in hours],
        title=_("Valid signatures per hour"), width=480,
    )  # fmt: skip
    # A week before the first signature is drawn empty, and has no span to name.
    return chart, (start, end) if hours else None


def _clusters(signatures, kind):
    """The largest groups of at least two valid signatures by `key`, with their fresh ones."""
    rows = (
        signatures.values("key")
        .annotate(count=Count("pk"), fresh=Count("pk", filter=_fresh()))
        .filter(count__gte=2)
        .order_by("-count", "key")[:CLUSTERS]
    )
    return [
        Cluster(kind=kind, key=row["key"], label=_cluster_label(kind, row["key"]),
                count=row["count"], fresh=row["fresh"])
        for row in rows
    ]  # fmt: skip


def _cluster_label(kind, key):
    if kind == "domain":
        return key
    # A network is named by the start of its digest: nothing of the address is known.
    return _("network %(digest)s") % {"digest": key[:8]}


def parse_cluster(value):
    """("fresh", ""), ("domain", name) or ("network", digest) from ?cluster=, or None."""
    kind, _sep, key = (value or "").partition(":")
    if kind == "fresh" and not key:
        return kind, key
    if kind in ("domain", "network") and key and len(key) <= 255:
        return kind, key
    return None


def cluster_signature_ids(petition, cluster):
    """The ids of the cluster's valid signatures (one query), for the invalidation form."""
    kind, key = cluster
    valid = _valid(petition)
    if kind == "fresh":
        signatures = valid.filter(_fresh())
    elif kind == "domain":
        signatures = valid.exclude(user=None).alias(key=_domain()).filter(key=key.lower())
    else:
        signatures = valid.filter(network_digest=key)
    return list(signatures.order_by("pk").values_list("pk", flat=True)[:MOST_PRESELECTED])


def cluster_label(cluster):
    """How the page names a cluster."""
    kind, key = cluster
    if kind == "fresh":
        return _("accounts opened shortly before signing")
    return _cluster_label(kind, key)
