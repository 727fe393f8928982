"""Estimate charts as plain SVG geometry: one chart per measure, each figure a
band from its low to its high at its as-of date, coloured by the side of
whoever gave it, contradicted figures marked. The template draws the shapes;
nothing here knows HTML, and no chart library is needed in the browser.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from claimledger.store.estimates import APPROX_SLACK

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 40, 16, 36
BAND_WIDTH = 14
#: colours for sides, assigned in order of first appearance in a chart (ColorBrewer Set1)
PALETTE = ("#377eb8", "#e41a1c", "#4daf4a", "#984ea3", "#ff7f00", "#a65628", "#f781bf")
NO_SIDE = "#777777"


@dataclass
class Band:
    """One figure drawn: its band, its midpoint, where it links, what its tooltip says."""
    x: float
    y: float
    height: float
    mid: float
    colour: str
    contradicted: bool
    href: str
    title: str


@dataclass
class Area:
    """A side's range through time: the polygon between its figures' lows and highs."""
    points: str
    colour: str


@dataclass
class Chart:
    key: str
    bands: list[Band] = field(default_factory=list)
    areas: list[Area] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)
    undated: int = 0
    width: int = WIDTH
    height: int = HEIGHT


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _nice_top(value: float) -> float:
    if value <= 0:
        return 1.0
    step = 10 ** (len(str(int(value))) - 1) / 2
    return float((int(value / step) + 1) * step)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if v >= 10 or v == int(v) else f"{v:g}"


def figure_range(p: dict[str, Any]) -> tuple[float, float]:
    """A figure's low and high as drawn: approximate figures widened as the contradiction rule
    widens them (``APPROX_SLACK`` each way), an open-ended one drawn from its low."""
    low: float = p["low"]
    high: float = p["high"] if p.get("high") is not None else low
    if p.get("approximate"):
        low, high = low * (1 - APPROX_SLACK), high * (1 + APPROX_SLACK)
    return low, high


def _polygon(track: list[tuple[float, float, float]]) -> str:
    """The area between a side's highs (left to right) and lows (back), as SVG points."""
    track = sorted(track)
    upper = [f"{x:.1f},{hi:.1f}" for x, hi, _ in track]
    lower = [f"{x:.1f},{lo:.1f}" for x, _, lo in reversed(track)]
    return " ".join(upper + lower)


def point_href(p: dict[str, Any]) -> str:
    """Where a figure links: its document, at the figure's span."""
    anchor = f"#at-{p['start']}" if p.get("start") is not None else ""
    return f"/documents/{p['sha256']}{anchor}"


def estimate_chart(key: str, points: list[dict[str, Any]]) -> Chart:
    """The chart of one measure's history (points as ``Point.to_json`` gives them)."""
    chart = Chart(key)
    dated = [(d, p) for p in points if (d := _day(p.get("as_of"))) is not None and p.get("low") is not None]
    chart.undated = len(points) - len(dated)
    if not dated:
        return chart
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    top = _nice_top(max(figure_range(p)[1] for _, p in dated))
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x_of(d: date) -> float:
        return LEFT + plot_w * (d - first).days / span

    def y_of(v: float) -> float:
        return TOP + plot_h * (1 - v / top)
    sides: dict[str, str] = {}
    tracks: dict[str, list[tuple[float, float, float]]] = {}
    for d, p in dated:
        side = p.get("side") or ""
        colour = sides.setdefault(side, PALETTE[len(sides) % len(PALETTE)] if side else NO_SIDE)
        low, high = figure_range(p)
        y_hi, y_lo = y_of(min(high, top)), y_of(low)
        tracks.setdefault(side, []).append((x_of(d), y_hi, y_lo))
        who = p.get("claimant") or p.get("outlet") or "unattributed"
        title = (f"{p.get('as_of')}: {p.get('text')} ({who}{', ' + side if side else ''})"
                 + (" contradicted by another source" if p.get("contradicts") else ""))
        chart.bands.append(Band(x_of(d) - BAND_WIDTH / 2, y_hi, max(3.0, y_lo - y_hi), (y_hi + y_lo) / 2,
                                colour, bool(p.get("contradicts")), point_href(p), title))
    chart.areas = [Area(_polygon(track), sides[side]) for side, track in tracks.items() if len(track) > 1]
    chart.legend = [(side or "no side", colour) for side, colour in sides.items()]
    chart.y_ticks = [(y_of(top * i / 5), _fmt(top * i / 5)) for i in range(6)]
    step = max(1, span // 5)
    chart.x_ticks = [(x_of(first + timedelta(days=k)), (first + timedelta(days=k)).isoformat())
                     for k in range(0, span + 1, step)]
    return chart


@dataclass
class Tick:
    """One day on a timeline: where it stands, how many items fell on it, its bar's height."""
    x: float
    day: str
    count: int
    height: float


def claims_timeline(claims: list[dict[str, Any]], width: int = WIDTH, height: int = 90) -> list[Tick]:
    """A speaker's claims counted per day (the day said, else the report's date), as bars."""
    return day_bars([_day(c.get("said_on")) or _day(c.get("published"))
                     for c in claims], width, height)


def events_timeline(events: list[dict[str, Any]], width: int = WIDTH, height: int = 90) -> list[Tick]:
    """Events counted per day they began (event clusters as ``Ledger.event_pages`` gives them)."""
    return day_bars([_day(e.get("start")) for e in events], width, height)


def day_bars(days_seen: list[date | None], width: int = WIDTH, height: int = 90) -> list[Tick]:
    """Bars of how many times each day occurs (``None`` skipped), on a time axis."""
    days: dict[date, int] = {}
    for d in days_seen:
        if d is not None:
            days[d] = days.get(d, 0) + 1
    if not days:
        return []
    first, last = min(days) - timedelta(days=1), max(days) + timedelta(days=1)
    span, most = (last - first).days, max(days.values())
    plot_w, plot_h = width - LEFT - RIGHT, height - 30
    return [Tick(LEFT + plot_w * (d - first).days / span, d.isoformat(), n, max(4.0, plot_h * n / most))
            for d, n in sorted(days.items())]
