"""The SVG chart module: scales, ticks, where points land, and escaping. No database."""

import datetime
import re

import pytest

from programs.progress.charts import (
    BOTTOM,
    HEIGHT,
    LEFT,
    RIGHT,
    TOP,
    WIDTH,
    Bar,
    Datum,
    LinearScale,
    bar_chart,
    line_chart,
    nice_ticks,
    number_label,
    short_date,
)

MONDAY = datetime.date(2026, 3, 2)


def day(offset: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=offset)


def test_a_linear_scale_maps_the_domain_onto_the_range_even_backwards():
    scale = LinearScale((0, 10), (200, 0))

    assert scale(0) == 200
    assert scale(10) == 0
    assert scale(2.5) == 150


def test_a_scale_over_a_single_value_puts_it_in_the_middle():
    assert LinearScale((5, 5), (0, 100))(5) == 50


@pytest.mark.parametrize(
    ("low", "high", "ticks"),
    [
        (6, 8, [6, 6.5, 7, 7.5, 8]),
        (0, 100, [0, 25, 50, 75, 100]),
        (12.5, 47, [10, 20, 30, 40, 50]),
        (8, 8, [7, 7.5, 8, 8.5, 9]),
        (0, 0, [0, 0.25, 0.5, 0.75, 1]),
        (180, 420, [100, 200, 300, 400, 500]),
    ],
)
def test_ticks_are_round_numbers_that_cover_every_value(low, high, ticks):
    assert nice_ticks(low, high) == ticks


def test_ticks_never_go_below_zero_for_values_that_cannot():
    assert min(nice_ticks(0.2, 0.2)) >= 0


def test_tick_labels_read_the_way_people_write_numbers():
    assert [number_label(v) for v in (10.0, 2.5, 0.30000000000000004, 7.0)] == [
        "10",
        "2.5",
        "0.3",
        "7",
    ]


def test_short_dates_switch_to_months_for_long_axes():
    assert short_date(datetime.date(2026, 3, 5)) == "5 Mar"
    assert short_date(datetime.date(2026, 3, 5), months=True) == "Mar 2026"


def _line(values, markers=None):
    markers = markers or [""] * len(values)
    return line_chart(
        [
            Datum(day(2 * i), value, f"{value} kg", marker)
            for i, (value, marker) in enumerate(zip(values, markers, strict=True))
        ],
        chart_id="row-load",
        title="Row load",
        description="Working load per session.",
        unit="kg",
    )


def test_each_value_becomes_one_polyline_point_higher_for_heavier_loads():
    chart = _line([6, 7, 8])

    points = [tuple(map(float, p.split(","))) for p in chart.polyline.split()]
    assert len(points) == 3
    assert [p.datum.value for p in chart.points] == [6, 7, 8]
    ys = [y for _, y in points]
    assert ys[0] > ys[1] > ys[2]  # SVG y grows downwards
    # Evenly spaced dates and loads land evenly spaced on both axes.
    assert ys[0] - ys[1] == pytest.approx(ys[1] - ys[2])
    xs = [x for x, _ in points]
    assert xs[1] - xs[0] == pytest.approx(xs[2] - xs[1])


def test_points_sit_on_the_tick_that_names_their_value():
    chart = _line([6, 7, 8])

    tick_at = {tick.label: tick.position for tick in chart.y_ticks}
    assert [p.y for p in chart.points] == [tick_at["6"], tick_at["7"], tick_at["8"]]
    assert chart.y_ticks[0].position == HEIGHT - BOTTOM
    assert chart.y_ticks[-1].position == TOP


def test_points_stay_inside_the_drawing():
    chart = _line([3, 50, 0.5, 12])

    for point in chart.points:
        assert LEFT <= point.x <= WIDTH - RIGHT
        assert TOP <= point.y <= HEIGHT - BOTTOM


def test_points_are_placed_by_date_so_a_break_shows_as_a_gap():
    chart = line_chart(
        [Datum(day(0), 1, "a"), Datum(day(1), 1, "b"), Datum(day(10), 1, "c")],
        chart_id="c",
        title="t",
        description="d",
    )

    xs = [p.x for p in chart.points]
    assert xs[2] - xs[1] == pytest.approx(9 * (xs[1] - xs[0]))


def test_data_in_any_order_is_drawn_in_date_order():
    chart = line_chart(
        [Datum(day(4), 8, "c"), Datum(day(0), 6, "a"), Datum(day(2), 7, "b")],
        chart_id="c",
        title="t",
        description="d",
    )

    assert [p.datum.title for p in chart.points] == ["a", "b", "c"]


def test_increases_and_reductions_are_triangles_and_plain_points_are_dots():
    svg = _line([6, 7, 6], ["", "increase", "reduction"]).svg

    assert svg.count("<circle") == 1
    assert svg.count('class="chart-point increase"') == 1
    assert svg.count('class="chart-point reduction"') == 1
    assert "<title>7 kg</title>" in svg


def test_an_unknown_marker_is_refused():
    with pytest.raises(ValueError, match="marker"):
        Datum(day(0), 1, "x", "sideways")


def test_the_svg_is_an_accessible_scalable_image_with_title_and_description():
    svg = _line([6, 7]).svg

    assert 'role="img"' in svg
    assert 'viewBox="0 0 400 200"' in svg
    assert 'aria-labelledby="row-load-title"' in svg
    assert '<title id="row-load-title">Row load</title>' in svg
    assert '<desc id="row-load-desc">Working load per session.</desc>' in svg
    assert "style=" not in svg
    assert not re.search(r'(fill|stroke)="#', svg)  # colours come from CSS classes


def test_every_label_is_escaped():
    nasty = '<script>alert("x")</script>'
    chart = line_chart(
        [Datum(day(0), 1, nasty), Datum(day(1), 2, nasty)],
        chart_id='c"><script>',
        title=nasty,
        description=nasty,
        unit=nasty,
    )
    bars = bar_chart(
        [Bar(nasty, 50, nasty)], chart_id="b", title=nasty, description=nasty, unit=nasty
    )

    for svg in (chart.svg, bars.svg):
        assert "<script>" not in svg
        assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in svg


def test_chart_markup_renders_in_templates_without_being_escaped_again():
    svg = _line([6]).svg

    assert svg.__html__() == str(svg)


def test_bars_start_at_zero_and_reach_their_share_of_the_axis():
    chart = bar_chart(
        [Bar("2 Mar", 100, "a"), Bar("9 Mar", 50, "b"), Bar("16 Mar", 0, "c")],
        chart_id="pass",
        title="Pass rate",
        description="d",
        unit="%",
        y_max=100,
    )

    full, half, zero = chart.bars
    assert full.height == pytest.approx(HEIGHT - BOTTOM - TOP)
    assert half.height == pytest.approx(full.height / 2)
    assert zero.height == 0
    assert full.y + full.height == pytest.approx(HEIGHT - BOTTOM)
    # A zero still shows as a sliver, so a measured 0 % differs from a week without sets.
    assert chart.svg.count("<rect") == 3


def test_a_slot_without_a_value_has_no_bar():
    chart = bar_chart(
        [Bar("2 Mar", 80, "a"), Bar("9 Mar", None, "no sets"), Bar("16 Mar", 60, "c")],
        chart_id="pass",
        title="t",
        description="d",
        y_max=100,
    )

    assert chart.svg.count("<rect") == 2
    assert "no sets" not in chart.svg


@pytest.mark.parametrize(
    ("count", "labelled"),
    [(5, [0, 1, 2, 3, 4]), (12, [0, 3, 6, 9]), (104, [0, 21, 42, 63, 84])],
)
def test_bars_are_labelled_at_an_even_rhythm_from_the_first(count, labelled):
    chart = bar_chart(
        [Bar(f"w{i}", 50, "t") for i in range(count)], chart_id="b", title="t", description="d"
    )

    assert [tick.label for tick in chart.x_ticks] == [f"w{i}" for i in labelled]
    centres = [placed.x + placed.width / 2 for placed in chart.bars]
    assert [tick.position for tick in chart.x_ticks] == [centres[i] for i in labelled]


def test_empty_series_are_refused():
    with pytest.raises(ValueError):
        line_chart([], chart_id="c", title="t", description="d")
    with pytest.raises(ValueError):
        bar_chart([], chart_id="c", title="t", description="d")
