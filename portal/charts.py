"""Charts drawn on the server as inline SVG: no JavaScript, no inline styles, a text twin.

Each function returns a Chart: the <svg> markup (role="img", named by its <title> and
<desc>), a one-sentence summary, and rows for a table under the chart, so that what the
chart shows can also be read, copied and heard. Strings for people come from the caller,
already translated; the few generic ones here go through gettext.
"""

import math
import re
from dataclasses import dataclass
from uuid import uuid4

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

BRAND = "#00586a"
DARK = "#003f4c"
GOLD = "#fec50c"
MUTED = "#4a5a64"
LINE = "#c9d6db"
INK = "#1b2a33"
WHITE = "#ffffff"

FONT_SIZE = 14
# Charts are drawn this wide and scaled to their column: on a 375 px phone (343 px of column)
# the text stays above 13 px, and the stylesheet keeps a chart under 28rem on wide screens.
WIDTH = 360
# A rough average advance of one character (Latin or Cyrillic) in the site's sans-serif
# fonts; SVG cannot measure text on the server, so layout and truncation estimate with it.
CHAR_WIDTH = 0.6 * FONT_SIZE
# Most bar charts are read by their dates, not by every date: eight labels stay legible.
MAX_X_LABELS = 8
# The shape of one bar in a short series: wider bars look like blocks, not bars.
MAX_BAR_WIDTH = 48

# XML 1.0 forbids these characters, and HTML would show them as replacement glyphs.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Chart:
    """An SVG chart with the sentence and the table that say the same in words."""

    svg: SafeString
    summary: str
    rows: list[tuple[str, str]]
    title: str


def bar_chart(
    points: list[tuple[str, int]],
    *,
    title: str,
    summary: str | None = None,
    width: int = WIDTH,
    height: int = 200,
) -> Chart:
    """Draw a time series as vertical bars, one per (label, value) point, oldest first."""
    _check_values(points)
    title = _clean(title)
    if not points:
        return _empty_chart(title, summary, width, height)

    labels = [_clean(label) for label, _value in points]
    values = [value for _label, value in points]
    high = max(values)
    total = sum(values)
    if summary is None:
        summary = ngettext(
            "%(title)s: %(count)s value, from %(low)s to %(high)s, %(total)s in all.",
            "%(title)s: %(count)s values, from %(low)s to %(high)s, %(total)s in all.",
            len(values),
        ) % {
            "title": title,
            "count": _number(len(values)),
            "low": _number(min(values)),
            "high": _number(high),
            "total": _number(total),
        }

    top, bottom = 10, height - 26
    left = len(_number(high)) * CHAR_WIDTH + 10
    right = width - 4
    plot_height = bottom - top
    slot = (right - left) / len(values)
    bar_width = min(slot * 0.8, MAX_BAR_WIDTH)

    parts = []
    # A gridline and its number for 0 and for the highest value: the bars are read
    # against these two, and the exact figures are in the table.
    gridlines = [(bottom, 0)] if high == 0 else [(bottom, 0), (top, high)]
    for y, value in gridlines:
        colour = MUTED if value == 0 else LINE
        parts.append(_line(left, y, right, y, colour, css_class="grid"))
        parts.append(
            _text_element(
                _number(value), left - 6, y + 5, anchor="end", fill=MUTED, css_class="axis-value"
            )
        )

    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        bar_height = value / high * plot_height if high else 0
        x = left + index * slot + (slot - bar_width) / 2
        parts.append(
            f'<rect class="bar" x="{_n(x)}" y="{_n(bottom - bar_height)}" '
            f'width="{_n(bar_width)}" height="{_n(bar_height)}" fill="{BRAND}">'
            f"<title>{escape(label)}: {escape(_number(value))}</title></rect>"
        )

    parts.extend(_x_labels(labels, left, right, bottom, slot, bar_width, width, height))

    rows = [(label, _number(value)) for label, value in zip(labels, values, strict=True)]
    return _chart(title, summary, rows, width, height, parts)


def horizontal_bar_chart(
    items: list[tuple[str, int]],
    *,
    title: str,
    summary: str | None = None,
    width: int = WIDTH,
    bar_height: int = 22,
) -> Chart:
    """Draw one horizontal bar per (label, value) item, in the caller's order."""
    _check_values(items)
    title = _clean(title)
    if not items:
        return _empty_chart(title, summary, width, 80)

    labels = [_clean(label) for label, _value in items]
    values = [value for _label, value in items]
    high = max(values)
    total = sum(values)
    if summary is None:
        leader = labels[values.index(high)]
        summary = ngettext(
            "%(title)s: %(count)s row, the largest %(label)s with %(high)s, %(total)s in all.",
            "%(title)s: %(count)s rows, the largest %(label)s with %(high)s, %(total)s in all.",
            len(values),
        ) % {
            "title": title,
            "count": _number(len(values)),
            "label": leader,
            "high": _number(high),
            "total": _number(total),
        }

    # Region names run long (Солтүстік Қазақстан облысы): 40% of the width is theirs.
    label_area = round(width * 0.4)
    max_chars = max(int((label_area - 10) // CHAR_WIDTH), 2)
    left = label_area
    bar_area = width - left - len(_number(high)) * CHAR_WIDTH - 12
    pitch = max(bar_height, FONT_SIZE + 4) + 8
    height = len(items) * pitch + 8

    parts = [_line(left, 0, left, height, MUTED, css_class="axis")]
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 4 + index * pitch + (pitch - bar_height) / 2
        baseline = y + bar_height / 2 + FONT_SIZE * 0.35
        length = value / high * bar_area if high else 0
        shown = label if len(label) <= max_chars else label[: max_chars - 1].rstrip() + "…"
        parts.append(
            f'<g class="chart-row"><title>{escape(label)}</title>'
            + _text_element(shown, left - 8, baseline, anchor="end", css_class="y-label")
            + f'<rect class="bar" x="{_n(left)}" y="{_n(y)}" width="{_n(length)}" '
            f'height="{_n(bar_height)}" fill="{BRAND}"/>'
            + _text_element(_number(value), left + length + 6, baseline, css_class="value")
            + "</g>"
        )

    rows = [(label, _number(value)) for label, value in zip(labels, values, strict=True)]
    return _chart(title, summary, rows, width, height, parts)


def stacked_bar_chart(
    points: list[tuple[str, list[int]]],
    *,
    parts: list[str],
    title: str,
    notes: list[str] | None = None,
    summary: str | None = None,
    width: int = 640,
    height: int = 200,
) -> Chart:
    """Draw a time series of wholes as vertical bars, oldest first: each (label, values) point
    one bar, its values stacked bottom up in the order of `parts`, an optional note (a share,
    say) above it, and a legend naming the parts below."""
    for _label, values in points:
        _check_values([(None, value) for value in values])
        if len(values) != len(parts):
            raise ValueError("Each point needs one value per part.")
    if notes is not None and len(notes) != len(points):
        raise ValueError("One note per point.")
    title = _clean(title)
    if not points:
        return _empty_chart(title, summary, width, 80)

    parts = [_clean(part) for part in parts]
    labels = [_clean(label) for label, _values in points]
    notes = [_clean(note) for note in notes] if notes is not None else [""] * len(points)
    totals = [sum(values) for _label, values in points]
    high = max(totals)
    rows = [
        (
            label,
            "; ".join(
                [f"{part} {_number(value)}" for part, value in zip(parts, values, strict=True)]
                + ([note] if note else [])
            ),
        )
        for (label, values), note in zip(points, notes, strict=True)
    ]
    if summary is None:
        summary = _("%(title)s: %(first)s: %(first_values)s; %(last)s: %(last_values)s.") % {
            "title": title,
            "first": labels[0],
            "first_values": rows[0][1],
            "last": labels[-1],
            "last_values": rows[-1][1],
        }

    prefix = _prefix()
    top = FONT_SIZE + 10 if any(notes) else 10
    bottom = height - 26
    left = len(_number(high)) * CHAR_WIDTH + 10
    right = width - 4
    plot_height = bottom - top
    slot = (right - left) / len(points)
    bar_width = min(slot * 0.7, MAX_BAR_WIDTH)
    legend_top = height + 8
    total_height = legend_top + len(parts) * 24

    elements = [_pattern_defs(prefix)]
    gridlines = [(bottom, 0)] if high == 0 else [(bottom, 0), (top, high)]
    for y, value in gridlines:
        elements.append(_line(left, y, right, y, MUTED if value == 0 else LINE, css_class="grid"))
        elements.append(
            _text_element(
                _number(value), left - 6, y + 5, anchor="end", fill=MUTED, css_class="axis-value"
            )
        )

    note_width = max(len(note) for note in notes) * CHAR_WIDTH + 4
    noted = set(range(len(points))) if note_width <= slot else set()
    for index, (values, note) in enumerate(zip([v for _l, v in points], notes, strict=True)):
        x = left + index * slot + (slot - bar_width) / 2
        y = bottom
        segments = []
        for part_index, value in enumerate(values):
            if not value:
                continue
            height_of = value / high * plot_height
            y -= height_of
            fill, outline = _part_fill(prefix, part_index)
            stroke = f' stroke="{outline}"' if outline else ""
            segments.append(
                f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(bar_width)}" '
                f'height="{_n(height_of)}" fill="{fill}"{stroke}/>'
            )
            # A white gap between neighbours, as in the share chart.
            segments.append(_line(x, y, x + bar_width, y, WHITE, width=1))
        elements.append(
            f'<g class="stack"><title>{escape(labels[index])}: {escape(rows[index][1])}</title>'
            + "".join(segments)
            + "</g>"
        )
        if note and (index in noted or index == len(points) - 1):
            elements.append(
                _text_element(note, x + bar_width / 2, y - 6, anchor="middle", css_class="note")
            )

    elements.extend(_x_labels(labels, left, right, bottom, slot, bar_width, width, height))

    for index, part in enumerate(parts):
        fill, _outline = _part_fill(prefix, index)
        y = legend_top + index * 24
        room = int((width - 40) // CHAR_WIDTH)
        shown = part if len(part) <= room else part[: room - 1].rstrip() + "…"
        elements.append(
            f'<g class="legend-item"><title>{escape(part)}</title>'
            f'<rect x="8" y="{y}" width="16" height="16" fill="{fill}" stroke="{DARK}"/>'
            + _text_element(shown, 32, y + 13, css_class="legend")
            + "</g>"
        )

    return _chart(title, summary, rows, width, total_height, elements, prefix=prefix)


# Fills for the parts of a share chart, in order. Only two colours can each keep 3:1
# against white and against each other, so neighbours are also told apart by a white
# gap, by a pattern, and by the legend that names each part in the same order.
_PART_FILLS = (
    # (base colour, pattern ink or None, outline)
    (BRAND, None, None),
    (GOLD, None, DARK),
    (DARK, "stripes", None),
    (MUTED, "dots", None),
    (WHITE, "cross", BRAND),
    (GOLD, "stripes", DARK),
)


def share_chart(
    parts: list[tuple[str, int]],
    *,
    goal_share: float | None,
    goal_label: str,
    title: str,
    summary: str | None = None,
    width: int = WIDTH,
) -> Chart:
    """Draw the parts of a whole as one stacked bar, with a marker at the goal share."""
    _check_values(parts)
    if goal_share is not None and not 0 <= goal_share <= 1:
        raise ValueError("goal_share must be between 0 and 1.")
    title = _clean(title)
    goal_label = _clean(goal_label)
    labels = [_clean(label) for label, _value in parts]
    values = [value for _label, value in parts]
    total = sum(values)
    shares = [value / total if total else 0 for value in values]
    rows = [
        (label, f"{_number(value)} ({_percent(share)})")
        for label, value, share in zip(labels, values, shares, strict=True)
    ]

    if summary is None:
        if total:
            summary = _("%(title)s: %(parts)s; %(total)s in all.") % {
                "title": title,
                "parts": "; ".join(f"{label} {value}" for label, value in rows),
                "total": _number(total),
            }
        else:
            summary = _("No data yet.")
        if goal_share is not None:
            summary += " " + _("%(goal_label)s (%(goal)s).") % {
                "goal_label": goal_label,
                "goal": _percent(goal_share),
            }

    prefix = _prefix()
    left, bar_width, thickness = 8, width - 16, 32
    top = 26 if goal_share is not None else 8
    legend_top = top + thickness + 16
    height = legend_top + (len(parts) * 24 if total else 0) + 4

    elements = [_pattern_defs(prefix)]
    elements.append(
        f'<rect class="track" x="{left}" y="{top}" width="{bar_width}" height="{thickness}" '
        f'fill="{WHITE}" stroke="{LINE}"/>'
    )
    if not total:
        elements.append(
            _text_element(
                _("No data yet."),
                left + bar_width / 2,
                top + thickness / 2 + FONT_SIZE * 0.35,
                anchor="middle",
                css_class="empty",
            )
        )

    start = 0.0
    boundaries = []
    for index, (label, share) in enumerate(zip(labels, shares, strict=True)):
        if not share:
            continue
        fill, outline = _part_fill(prefix, index)
        x = left + start * bar_width
        stroke = f' stroke="{outline}"' if outline else ""
        elements.append(
            f'<g class="segment"><title>{escape(label)}: {escape(rows[index][1])}</title>'
            f'<rect x="{_n(x)}" y="{top}" width="{_n(share * bar_width)}" '
            f'height="{thickness}" fill="{fill}"{stroke}/></g>'
        )
        start += share
        boundaries.append(left + start * bar_width)
    # White gaps between neighbours, drawn over the segments so that their widths stay
    # exactly proportional.
    for x in boundaries[:-1]:
        elements.append(_line(x, top, x, top + thickness, WHITE, width=2, css_class="gap"))

    if total:
        for index, (label, value) in enumerate(rows):
            fill, _outline = _part_fill(prefix, index)
            y = legend_top + index * 24
            text = f"{label}: {value}"
            room = int((width - 40) // CHAR_WIDTH)
            shown = text if len(text) <= room else text[: room - 1].rstrip() + "…"
            elements.append(
                f'<g class="legend-item"><title>{escape(text)}</title>'
                f'<rect x="{left}" y="{y}" width="16" height="16" fill="{fill}" '
                f'stroke="{DARK}"/>'
                + _text_element(shown, left + 24, y + 13, css_class="legend")
                + "</g>"
            )

    if goal_share is not None:
        x = left + goal_share * bar_width
        half = len(goal_label) * CHAR_WIDTH / 2
        anchor = "start" if x - half < 0 else "end" if x + half > width else "middle"
        # A white halo keeps the marker visible over dark and light segments alike.
        elements.append(_line(x, top - 6, x, top + thickness + 6, WHITE, width=5))
        elements.append(_line(x, top - 6, x, top + thickness + 6, DARK, width=2, css_class="goal"))
        elements.append(_text_element(goal_label, x, 16, anchor=anchor, css_class="goal-label"))

    return _chart(title, summary, rows, width, height, elements, prefix=prefix)


def _chart(title, summary, rows, width, height, parts, prefix=None):
    prefix = prefix or _prefix()
    summary = _clean(summary)
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'aria-labelledby="{prefix}-title {prefix}-desc" focusable="false" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'font-size="{FONT_SIZE}" fill="{INK}">'
        f'<title id="{prefix}-title">{escape(title)}</title>'
        f'<desc id="{prefix}-desc">{escape(summary)}</desc>'
        # Forced-colours mode leaves the chart as drawn (see qogam.css), so it needs its
        # own white ground there.
        f'<rect class="chart-ground" width="{width}" height="{height}" fill="{WHITE}"/>'
        + "".join(parts)
        + "</svg>"
    )
    # Every piece of text above went through escape(); the rest is our own markup.
    return Chart(svg=mark_safe(svg), summary=summary, rows=rows, title=title)  # noqa: S308


def _empty_chart(title, summary, width, height):
    message = _("No data yet.")
    parts = [
        _line(8, height - 12, width - 8, height - 12, MUTED, css_class="grid"),
        _text_element(message, width / 2, height / 2, anchor="middle", css_class="empty"),
    ]
    return _chart(title, summary or message, [], width, height, parts)


def _check_values(pairs):
    if any(value < 0 for _label, value in pairs):
        raise ValueError("Chart values must not be negative.")


def _x_labels(labels, left, right, bottom, slot, bar_width, width, height):
    """The ticks and labels under a row of vertical bars, as many as fit side by side."""
    elements = []
    label_width = max(len(label) for label in labels) * CHAR_WIDTH + 12
    for index in _labelled_indices(len(labels), int((right - left) // label_width)):
        centre = left + (index + 0.5) * slot
        half = len(labels[index]) * CHAR_WIDTH / 2
        # Keep the first and last labels inside the picture, still starting or ending
        # at their own bar.
        if centre - half < 0:
            x, anchor = centre - bar_width / 2, "start"
        elif centre + half > width:
            x, anchor = centre + bar_width / 2, "end"
        else:
            x, anchor = centre, "middle"
        elements.append(_line(centre, bottom, centre, bottom + 4, MUTED, css_class="tick"))
        elements.append(
            _text_element(labels[index], x, height - 6, anchor=anchor, css_class="x-label")
        )
    return elements


def _labelled_indices(count, room):
    # Step back from the newest point, which is the one people look for, at an even
    # stride that leaves at most MAX_X_LABELS labels (and no more than fit).
    most = max(min(MAX_X_LABELS, room), 1)
    step = math.ceil(count / most)
    return sorted(range(count - 1, -1, -step))


def _part_fill(prefix, index):
    base, pattern, outline = _PART_FILLS[index % len(_PART_FILLS)]
    fill = f"url(#{prefix}-{index % len(_PART_FILLS)})" if pattern else base
    return fill, outline


def _pattern_defs(prefix):
    patterns = []
    for index, (base, pattern, _outline) in enumerate(_PART_FILLS):
        if pattern is None:
            continue
        # The pattern's marks contrast with its own ground, as the text on it would.
        ink = {DARK: WHITE, MUTED: WHITE, GOLD: DARK, WHITE: BRAND}[base]
        if pattern == "stripes":
            mark = f'<rect width="2" height="6" fill="{ink}"/>'
            transform = ' patternTransform="rotate(45)"'
        elif pattern == "dots":
            mark = f'<circle cx="3" cy="3" r="1.2" fill="{ink}"/>'
            transform = ""
        else:
            mark = f'<path d="M0 3H6M3 0V6" stroke="{ink}" stroke-width="1.5"/>'
            transform = ' patternTransform="rotate(45)"'
        patterns.append(
            f'<pattern id="{prefix}-{index}" width="6" height="6" '
            f'patternUnits="userSpaceOnUse"{transform}>'
            f'<rect width="6" height="6" fill="{base}"/>{mark}</pattern>'
        )
    return "<defs>" + "".join(patterns) + "</defs>"


def _line(x1, y1, x2, y2, colour, *, width=1, css_class=None):
    class_attribute = f' class="{css_class}"' if css_class else ""
    return (
        f'<line{class_attribute} x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
        f'stroke="{colour}" stroke-width="{width}"/>'
    )


def _text_element(text, x, y, *, anchor="start", fill=INK, css_class=None):
    class_attribute = f' class="{css_class}"' if css_class else ""
    return (
        f'<text{class_attribute} x="{_n(x)}" y="{_n(y)}" text-anchor="{anchor}" '
        f'fill="{fill}">{escape(text)}</text>'
    )


def _clean(text):
    # Labels may be user input: one line, and only characters XML allows.
    return " ".join(_CONTROL_CHARACTERS.sub("", str(text)).split())


def _number(value):
    return number_format(value, force_grouping=True)


def _percent(share):
    percent = share * 100
    if 0 < percent < 0.5:
        return "<1%"
    return f"{number_format(round(percent), force_grouping=True)}%"


def _n(value):
    # Two decimals are finer than any screen; fewer digits keep long series small.
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _prefix():
    # Several charts share a page, and a page may be assembled from cached fragments.
    return f"chart-{uuid4().hex[:8]}"
