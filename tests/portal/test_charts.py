import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from django.utils import translation

from portal.charts import WIDTH, bar_chart, horizontal_bar_chart, share_chart, stacked_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
SEATS = {"goal_share": 2 / 3, "goal_label": "Two thirds", "title": "Seats"}
HOSTILE = '<script>alert("x")</script> & "quoted" style="color:red"'


@pytest.fixture(autouse=True)
def english():
    # English groups thousands with a comma, which the assertions spell out.
    with translation.override("en"):
        yield


def parse(chart):
    # The markup is the charts' own output, and parsing it is the point of the test.
    return ET.fromstring(str(chart.svg))  # noqa: S314


def bars(root):
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "bar"]


def texts(root, css_class):
    return [text.text for text in root.iter(f"{SVG}text") if text.get("class") == css_class]


def every_chart():
    return [
        bar_chart([("1 May", 3), ("2 May", 120)], title="Signatures per day"),
        bar_chart([], title="Signatures per day"),
        horizontal_bar_chart([("Almaty", 5), ("Astana", 2)], title="Signatures by region"),
        horizontal_bar_chart([], title="Signatures by region"),
        share_chart([("NGO", 8), ("State", 4)], goal_share=2 / 3, goal_label="Goal", title="Seats"),
        share_chart([], goal_share=None, goal_label="", title="Seats"),
        stacked_bar_chart(
            [("1.03", [2, 1]), ("4.03", [2, 2])],
            parts=["NGO", "State"],
            notes=["67%", "50%"],
            title="Seats over time",
            width=360,
        ),  # fmt: skip
        stacked_bar_chart([], parts=["NGO"], title="Seats over time"),
    ]


def test_every_chart_is_an_image_named_by_its_own_title_and_description():
    for chart in every_chart():
        root = parse(chart)
        assert root.get("role") == "img"
        assert root.get("focusable") == "false"
        assert root.get("class") == "chart"
        assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
        title_id, desc_id = root.get("aria-labelledby").split()
        assert root.find(f"{SVG}title").get("id") == title_id
        assert root.find(f"{SVG}title").text == chart.title
        assert root.find(f"{SVG}desc").get("id") == desc_id
        assert root.find(f"{SVG}desc").text == chart.summary


def test_two_charts_of_the_same_data_do_not_share_ids():
    first = parse(bar_chart([("1 May", 3)], title="Signatures per day"))
    second = parse(bar_chart([("1 May", 3)], title="Signatures per day"))
    assert first.get("aria-labelledby") != second.get("aria-labelledby")


def test_no_chart_has_a_style_attribute_or_text_smaller_than_12():
    for chart in every_chart():
        root = parse(chart)
        assert root.get("font-size") == "14"
        for element in root.iter():
            assert "style" not in element.attrib
            assert float(element.get("font-size", 14)) >= 12


def test_hostile_labels_are_shown_as_text_not_markup():
    charts = [
        bar_chart([(HOSTILE, 1)], title=HOSTILE, summary=HOSTILE),
        horizontal_bar_chart([(HOSTILE, 1)], title=HOSTILE),
        share_chart([(HOSTILE, 1)], goal_share=0.5, goal_label=HOSTILE, title=HOSTILE),
    ]
    for chart in charts:
        assert "<script>" not in chart.svg
        root = parse(chart)
        assert not any(element.tag.endswith("script") for element in root.iter())
        assert root.find(f"{SVG}title").text == HOSTILE
        # Besides the chart's own title, the label is drawn or kept whole somewhere inside.
        inside = [element.text for element in root.iter() if element.tag != f"{SVG}desc"]
        assert inside.count(HOSTILE) >= 2


def test_control_characters_in_labels_are_dropped_so_the_svg_stays_xml():
    chart = horizontal_bar_chart([("Almaty\x00\x1b region\n", 3)], title="By region")
    root = parse(chart)
    assert texts(root, "y-label") == ["Almaty region"]
    assert chart.rows == [("Almaty region", "3")]


def test_bar_heights_are_proportional_to_the_values():
    root = parse(bar_chart([("a", 10), ("b", 20), ("c", 40), ("d", 0)], title="Per day"))
    heights = [float(rect.get("height")) for rect in bars(root)]
    assert heights[1] == pytest.approx(2 * heights[0], abs=0.02)
    assert heights[2] == pytest.approx(4 * heights[0], abs=0.02)
    assert heights[3] == 0
    # Every bar stands on the same baseline.
    assert len({round(float(r.get("y")) + float(r.get("height")), 1) for r in bars(root)}) == 1


def test_the_y_axis_is_labelled_with_zero_and_the_highest_value():
    root = parse(bar_chart([("a", 10), ("b", 1234)], title="Per day"))
    assert texts(root, "axis-value") == ["0", "1,234"]


def test_a_short_series_shows_every_label_in_order():
    points = [(f"{day} May", day) for day in range(1, 6)]
    root = parse(bar_chart(points, title="Per day"))
    assert texts(root, "x-label") == [label for label, _value in points]


def test_a_180_day_series_shows_all_bars_but_at_most_eight_evenly_spaced_labels():
    first = date(2025, 1, 1)
    points = [((first + timedelta(days=n)).strftime("%d.%m"), n % 50) for n in range(180)]
    root = parse(bar_chart(points, title="Per day"))
    assert len(bars(root)) == 180
    labels = texts(root, "x-label")
    assert 2 <= len(labels) <= 8
    # The newest day is always labelled, and the labelled days are equally far apart.
    assert labels[-1] == points[-1][0]
    indices = [[label for label, _value in points].index(label) for label in labels]
    assert len({b - a for a, b in zip(indices, indices[1:], strict=False)}) == 1


def test_an_empty_series_says_there_is_no_data_yet():
    chart = bar_chart([], title="Signatures per day")
    root = parse(chart)
    assert chart.summary == "No data yet."
    assert chart.rows == []
    assert bars(root) == []
    assert "No data yet." in texts(root, "empty")


def test_all_zero_data_draws_flat_bars_and_says_so():
    chart = bar_chart([("1 May", 0), ("2 May", 0)], title="Signatures per day")
    root = parse(chart)
    assert [rect.get("height") for rect in bars(root)] == ["0", "0"]
    assert chart.summary == "Signatures per day: 2 values, from 0 to 0, 0 in all."
    assert chart.rows == [("1 May", "0"), ("2 May", "0")]


def test_bar_chart_summary_mentions_the_count_range_and_total():
    points = [(f"{day} May", 3) for day in range(1, 14)] + [("14 May", 1195)]
    chart = bar_chart(points, title="Signatures per day")
    assert chart.summary == "Signatures per day: 14 values, from 3 to 1,195, 1,234 in all."
    assert chart.rows[-1] == ("14 May", "1,195")


def test_the_callers_summary_is_used_as_given():
    summary = "Signatures per day, 2 days, from 3 to 120 a day, 123 in all."
    chart = bar_chart([("1 May", 3), ("2 May", 120)], title="Per day", summary=summary)
    assert chart.summary == summary
    assert parse(chart).find(f"{SVG}desc").text == summary


def test_negative_values_are_refused():
    with pytest.raises(ValueError):
        bar_chart([("1 May", -1)], title="Per day")
    with pytest.raises(ValueError):
        share_chart([("NGO", -1)], goal_share=None, goal_label="", title="Seats")


def test_horizontal_bar_widths_are_proportional_to_the_values():
    items = [("Almaty", 1200), ("Astana", 600), ("Shymkent", 300), ("Ulytau", 0)]
    chart = horizontal_bar_chart(items, title="Signatures by region")
    root = parse(chart)
    widths = [float(rect.get("width")) for rect in bars(root)]
    assert widths[1] == pytest.approx(widths[0] / 2, abs=0.02)
    assert widths[2] == pytest.approx(widths[0] / 4, abs=0.02)
    assert widths[3] == 0
    assert texts(root, "value") == ["1,200", "600", "300", "0"]
    assert chart.rows == [
        ("Almaty", "1,200"),
        ("Astana", "600"),
        ("Shymkent", "300"),
        ("Ulytau", "0"),
    ]
    assert chart.summary == (
        "Signatures by region: 4 rows, the largest Almaty with 1,200, 2,100 in all."
    )


def test_labels_stay_within_forty_percent_of_the_width_and_the_value_within_the_chart():
    items = [("Солтүстік Қазақстан облысы", 98765)]
    root = parse(horizontal_bar_chart(items, title="By region", width=640))
    (bar,) = bars(root)
    assert float(bar.get("x")) == 256
    assert float(bar.get("x")) + float(bar.get("width")) + 6 + 6 * 8.4 <= 640


def test_a_long_label_is_cut_with_an_ellipsis_and_kept_whole_in_the_row_title():
    long_name = "Северо-Казахстанская область, город республиканского значения"
    root = parse(horizontal_bar_chart([(long_name, 7), ("Астана", 3)], title="By region"))
    shown = texts(root, "y-label")
    assert shown[0].endswith("…")
    assert long_name.startswith(shown[0][:-1])
    assert shown[1] == "Астана"
    rows = [group for group in root.iter(f"{SVG}g") if group.get("class") == "chart-row"]
    assert [row.find(f"{SVG}title").text for row in rows] == [long_name, "Астана"]


def test_an_empty_horizontal_chart_says_there_is_no_data_yet():
    chart = horizontal_bar_chart([], title="Signatures by region")
    assert chart.summary == "No data yet."
    assert "No data yet." in texts(parse(chart), "empty")


def segments(root):
    groups = [group for group in root.iter(f"{SVG}g") if group.get("class") == "segment"]
    return [group.find(f"{SVG}rect") for group in groups]


def track(root):
    return next(rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == "track")


def goal(root):
    return next(line for line in root.iter(f"{SVG}line") if line.get("class") == "goal")


def test_share_segments_fill_the_bar_in_proportion_to_the_parts():
    root = parse(share_chart([("NGO", 6), ("State", 3), ("Experts", 3)], **SEATS))
    bar = track(root)
    x, width = float(bar.get("x")), float(bar.get("width"))
    starts = [float(rect.get("x")) for rect in segments(root)]
    widths = [float(rect.get("width")) for rect in segments(root)]
    assert widths == pytest.approx([width / 2, width / 4, width / 4], abs=0.02)
    assert starts == pytest.approx([x, x + width / 2, x + width * 3 / 4], abs=0.02)


def test_share_segments_differ_in_fill_and_the_legend_names_each_part():
    parts = [("NGO", 1), ("State", 1), ("Experts", 1), ("Business", 1), ("Media", 1)]
    chart = share_chart(parts, **SEATS)
    root = parse(chart)
    fills = [rect.get("fill") for rect in segments(root)]
    assert len(set(fills)) == 5
    assert texts(root, "legend") == [f"{label}: 1 (20%)" for label, _value in parts]


def test_the_goal_marker_sits_at_the_goal_share_of_the_bar_and_is_labelled():
    root = parse(share_chart([("NGO", 5), ("State", 5)], **SEATS))
    bar, marker = track(root), goal(root)
    expected = float(bar.get("x")) + 2 / 3 * float(bar.get("width"))
    assert float(marker.get("x1")) == pytest.approx(expected, abs=0.01)
    assert marker.get("x1") == marker.get("x2")
    assert texts(root, "goal-label") == ["Two thirds"]


def test_without_a_goal_there_is_no_marker():
    root = parse(share_chart([("NGO", 5)], goal_share=None, goal_label="", title="Seats"))
    assert not [line for line in root.iter(f"{SVG}line") if line.get("class") == "goal"]


def test_a_goal_share_outside_zero_to_one_is_refused():
    with pytest.raises(ValueError):
        share_chart([("NGO", 5)], goal_share=1.5, goal_label="Goal", title="Seats")


def test_share_summary_and_rows_give_each_part_its_share_the_total_and_the_goal():
    chart = share_chart([("NGO", 1000), ("State", 500), ("Experts", 1)], **SEATS)
    assert chart.rows == [("NGO", "1,000 (67%)"), ("State", "500 (33%)"), ("Experts", "1 (<1%)")]
    assert chart.summary == (
        "Seats: NGO 1,000 (67%); State 500 (33%); Experts 1 (<1%); 1,501 in all. Two thirds (67%)."
    )


def test_a_share_chart_with_nothing_to_share_still_shows_the_goal():
    chart = share_chart([("NGO", 0), ("State", 0)], **SEATS)
    root = parse(chart)
    assert segments(root) == []
    assert "No data yet." in texts(root, "empty")
    assert chart.summary == "No data yet. Two thirds (67%)."
    assert float(goal(root).get("x1")) == pytest.approx(8 + 2 / 3 * (WIDTH - 16), abs=0.01)


def test_numbers_are_grouped_the_russian_way_in_russian():
    with translation.override("ru"):
        chart = bar_chart([("1 мая", 1234)], title="Подписи по дням", summary="Итого 1 234.")
    assert chart.rows == [("1 мая", "1\xa0234")]


# Stacked bars over time


def stacks(root):
    return [group for group in root.iter(f"{SVG}g") if group.get("class") == "stack"]


def test_stacked_bars_stack_their_parts_in_proportion_and_note_each_day():
    chart = stacked_bar_chart(
        [("1.03", [2, 1]), ("4.03", [2, 2]), ("9.03", [4, 2])],
        parts=["Civil society", "State"], notes=["67%", "50%", "67%"], title="Seats",
    )  # fmt: skip
    root = parse(chart)
    heights = [
        [float(rect.get("height")) for rect in stack.iter(f"{SVG}rect")] for stack in stacks(root)
    ]
    # Each part's height in proportion to its value; the highest total (6) fills the plot.
    unit = heights[2][0] / 4
    expected = [[2 * unit, unit], [2 * unit, 2 * unit], [4 * unit, 2 * unit]]
    assert [h for stack in heights for h in stack] == pytest.approx(sum(expected, []))
    assert texts(root, "note") == ["67%", "50%", "67%"]
    assert texts(root, "x-label") == ["1.03", "4.03", "9.03"]
    assert texts(root, "legend") == ["Civil society", "State"]
    assert chart.rows[1] == ("4.03", "Civil society 2; State 2; 50%")
    assert (
        chart.summary
        == "Seats: 1.03: Civil society 2; State 1; 67%; 9.03: Civil society 4; State 2; 67%."
    )


def test_a_part_with_no_seats_draws_no_segment_and_the_parts_must_match():
    root = parse(stacked_bar_chart([("1.03", [3, 0])], parts=["NGO", "State"], title="Seats"))
    assert len(list(stacks(root)[0].iter(f"{SVG}rect"))) == 1
    with pytest.raises(ValueError):
        stacked_bar_chart([("1.03", [3])], parts=["NGO", "State"], title="Seats")
    with pytest.raises(ValueError):
        stacked_bar_chart([("1.03", [3, -1])], parts=["NGO", "State"], title="Seats")


def test_ten_days_on_a_phone_wide_chart_keep_their_labels_apart():
    points = [(f"{day}.03.26", [day, 1]) for day in range(1, 11)]
    root = parse(
        stacked_bar_chart(
            points, parts=["NGO", "State"], title="Seats", width=360, notes=["90%"] * 10
        )  # fmt: skip
    )
    labels = [text for text in root.iter(f"{SVG}text") if text.get("class") == "x-label"]
    xs = [float(label.get("x")) for label in labels]
    # Each label is about 7 characters of 8.4 units: never closer than that.
    assert all(b - a >= 7 * 8.4 for a, b in zip(xs, xs[1:], strict=False))
    assert labels[-1].text == "10.03.26"
    assert all(0 <= x <= 360 for x in xs)
