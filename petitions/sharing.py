"""What helps a petition travel: its canonical link, messenger links, a QR code, and the
snippets that embed its signature count on another site."""

import functools
from urllib.parse import quote, urlencode

import segno
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.translation import get_language


def petition_url(petition):
    """The petition's canonical address, the one every share carries."""
    return f"{settings.SITE_URL}{petition.get_absolute_url()}"


def messenger_links(petition):
    """Telegram's and WhatsApp's share addresses for the petition: its title and its link."""
    url = petition_url(petition)
    return {
        "telegram": "https://t.me/share/url?" + urlencode({"url": url, "text": petition.title}),
        "whatsapp": "https://wa.me/?text=" + quote(f"{petition.title} {url}"),
    }


def qr_svg(petition, title):
    """The petition's link as a QR code, an inline SVG image named `title`."""
    return _qr_svg(petition_url(petition), str(title))


# Encoding a QR code takes milliseconds and a link's code never changes: each process keeps
# the latest ones (a few kilobytes each).
@functools.lru_cache(maxsize=512)
def _qr_svg(url, title):
    svg = segno.make_qr(url, error="m").svg_inline(
        scale=4, border=2, title=title, svgclass="qr-code"
    )
    # Named by its <title>, announced as one image.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def embed_snippets(petition, title):
    """The HTML another site pastes to show the petition's count: an <iframe> and an <img>."""
    # In the language of the page the snippet was copied from, whoever then sees it.
    query = f"?lang={get_language()}"
    base = settings.SITE_URL
    frame = f"{base}{reverse('petition_embed', args=[petition.pk])}{query}"
    badge = f"{base}{reverse('petition_badge', args=[petition.pk])}{query}"
    name = escape(str(title))
    return {
        "iframe": f'<iframe src="{frame}" title="{name}" width="320" height="200" '
        f'style="border:0" loading="lazy"></iframe>',
        "img": f'<a href="{petition_url(petition)}"><img src="{badge}" alt="{name}" '
        f'height="28"></a>',
        "badge": badge,
    }
