"""Readable terminal views (rich) of records, the ledger and claim lists."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from claimledger.output.safe import cell, visible
from claimledger.store.lookups import EventRow, PersonRow, PlaceRow, Trace
from claimledger.store.queries import ClaimRow, LedgerSummary


def _add(table: Table, *values: Any) -> None:
    """A row of page text, made visible and never read as markup (output/safe.py)."""
    table.add_row(*(cell(v) for v in values))


def _line(console: Console, text: str) -> None:
    console.print(cell(text))


def _claimant(c: dict[str, Any]) -> str:
    who = c.get("claimant", c)
    parts = [who.get("name") or ("anonymous" if who.get("anonymous") else None), who.get("role"),
             who.get("organization"), f"[{who['side']}]" if who.get("side") else None]
    return ", ".join(p for p in parts if p) or "?"


def _span(v: Any) -> str:
    return "" if v is None else f"{v:,.0f}" if isinstance(v, (int, float)) else str(v)


def render_record(console: Console, rec: dict[str, Any]) -> None:
    """Print one record: its document line, then claims, estimates, events, places and times."""
    d = rec["document"]
    console.rule(Text(visible(d.get('title') or rec['source'].get('path'), one_line=True), style="bold"))
    _line(console, f"{d.get('outlet') or 'outlet unknown'} · {', '.join(d.get('authors') or []) or 'no byline'}"
                  f" · {d.get('published') or 'date unknown'}")
    t = Table("#", "claimant", "channel", "said on", "quote", "modality", "claim", title="Claims", expand=True)
    for c in rec["claims"]:
        _add(t, str(c["id"]), _claimant(c), c.get("channel") or "", c.get("said_on") or "", c["quote"],
                  c["modality"], c["text"])
    console.print(t)
    q = Table("text", "low", "high", "approx.", "counted", "claim", title="Quantities")
    for x in rec["quantities"]:
        _add(q, x["text"], _span(x["low"]), _span(x["high"]), "yes" if x["approximate"] else "",
                  x.get("counted") or "", str(x.get("claim") or ""))
    console.print(q)
    e = Table("type", "mode", "status", "place", "when", "event", title="Events")
    for x in rec["events"]:
        place = rec["places"][x["place"]]["name"] if x.get("place") is not None else ""
        when = x.get("when") or {}
        _add(e, x["type"], x.get("mode") or "", x["status"], place,
                  f"{when.get('start') or ''}…{when.get('end') or ''}" if when else "", x["text"])
    console.print(e)
    _line(console, "Times: " + "; ".join(f"{x['text']} = {x['value']}" for x in rec["times"]))
    _line(console, "Places: " + "; ".join(f"{x['text']} ({x['name']}{', ' + x['country'] if x['country'] else ''})"
                                         for x in rec["places"]))


def render_summary(console: Console, s: LedgerSummary) -> None:
    """Print the ledger's counts and its newest documents and claims."""
    console.rule("[bold]The ledger")
    _line(console, ", ".join(f"{n} {k}" for k, n in s.counts.items()))
    t = Table("published", "outlet", "title", title="Documents")
    for d in s.documents:
        _add(t, d["published"] or "", d["outlet"] or "", d["title"] or "")
    console.print(t)
    render_claims(console, s.claims, title="Claims (newest first)")
    q = Table("as of", "outlet", "text", "low", "high", "counted", title="Quantities")
    for x in s.quantities:
        _add(q, x["as_of"] or "", x["outlet"] or "", x["text"], _span(x["low"]), _span(x["high"]),
                  x["counted"] or "")
    console.print(q)
    e = Table("type", "mode", "status", "when", "outlet", "event", title="Events")
    for x in s.events:
        _add(e, x["type"], x["mode"] or "", x["status"], x["when"] or "", x["outlet"] or "", x["text"])
    console.print(e)
    _line(console, "Places: " + ", ".join(f"{n}{f' ({cc})' if cc else ''} ×{k}" for n, cc, k in s.places))


def render_claims(console: Console, rows: Iterable[ClaimRow], title: str = "Claims") -> None:
    """Print claim rows as one table."""
    t = Table("said on", "claimant", "channel", "modality", "quote", "claim", "outlet", "id", title=title,
              expand=True)
    for c in rows:
        _add(t, c.said_on or "", _claimant(c.to_json()), c.channel or "", c.modality, c.quote, c.text,
             c.outlet or "", c.uid)
    console.print(t)


def _range(p: Any) -> str:
    def fmt(x: float | None) -> str:
        return "…" if x is None else f"{x:,.0f}"
    if p.low is not None and p.low == p.high:
        text = fmt(p.low)
    else:
        text = f"{fmt(p.low)}–{fmt(p.high)}"
    return ("~" if p.approximate else "") + text


def render_estimates(console: Console, histories: dict[str, list[Any]], totals: dict[str, int] | None = None) -> None:
    """One table per measure and country: its figures in as-of order, contradictions marked (``≠ 3``:
    the history's third figure); ``totals``: how many figures each history has, when it shows its first only."""
    if not histories:
        console.print("no estimates match")
        return
    for key, points in histories.items():
        first = points[0]
        title = f"{first.subject or key} · {first.measure or 'count'}"
        if " @ " in key:  # the history's country (estimates.history_key)
            title += " @ " + key.rsplit(" @ ", 1)[1]
        total = (totals or {}).get(key, len(points))
        if total > len(points):
            title += f" (the first {len(points)} of {total} figures)"
        table = Table(title=cell(title), title_justify="left", show_lines=False)
        for col in ("as of", "figure", "source", "side", "outlet", "place", "words", "!"):
            table.add_column(col, overflow="fold")
        for i, p in enumerate(points):
            flag = ("≠ " + ", ".join(str(j + 1) for j in p.contradicts)) if p.contradicts else ""
            _add(table, p.as_of or "?", _range(p), p.claimant or ("anonymous" if p.anonymous else "—"),
                          p.side or "", p.outlet or "", p.place or "", p.text, flag)
        console.print(table)


def render_events(console: Console, events: Iterable[EventRow]) -> None:
    """Events merged across documents, with their number of independent sources."""
    table = Table(title="Events", title_justify="left")
    for col in ("when", "type", "mode", "place", "actors", "status", "sources", "what", "id"):
        table.add_column(col, overflow="fold")
    for e in events:
        when = "?" if e.start is None else (e.start if e.end in (None, e.start) else f"{e.start} – {e.end}")
        place = f"{e.place} ({e.country})" if e.place else (e.country or "")
        _add(table, when, e.type, e.mode or "", place, ", ".join(e.actors[:3]), e.status, str(e.sources),
             e.text or "", e.uid)
    console.print(table)


def render_people(console: Console, people: Iterable[PersonRow]) -> None:
    """Entities with their aliases, roles over time and, when asked by name, why each mention joined."""
    table = Table(title="People and organisations", title_justify="left")
    for col in ("name", "kind", "side", "aliases", "roles", "claims", "seen", "id"):
        table.add_column(col, overflow="fold")
    rows = list(people)
    for p in rows:
        roles = "; ".join(f"{r.role or ''}{', ' + r.organization if r.organization else ''} "
                          f"({r.first_seen or '?'}…{r.last_seen or '?'})" for r in p.roles[:4])
        _add(table, p.name, p.kind, p.side or "", ", ".join(p.aliases), roles, str(p.mentions),
             f"{p.first_seen or '?'}…{p.last_seen or '?'}", p.uid)
    console.print(table)
    for p in rows:
        if p.merges:
            _line(console, f"{p.name}: " + "; ".join(f"{m.alias!r}: {m.reason}" for m in p.merges[:10]))


def render_places(console: Console, places: Iterable[PlaceRow]) -> None:
    """GeoNames places with their divisions and how often they are mentioned."""
    table = Table("place", "feature", "country", "admin1", "admin2", "GeoNames", "mentions", title="Places",
                  title_justify="left")
    for p in places:
        _add(table, p.name, p.feature, p.country or "", p.admin1_name or p.admin1 or "",
             p.admin2_name or p.admin2 or "", str(p.geonames_id), str(p.mentions))
    console.print(table)


def render_trace(console: Console, t: Trace) -> None:
    """An item and the spans behind it, each with its document, segment and offsets."""
    console.rule(cell(f"{t.kind} {t.uid}"))
    _line(console, t.summary)
    table = Table("outlet", "published", "segment", "span", "text", "document", title="Supported by",
                  title_justify="left")
    for sup in t.supports:
        _add(table, sup.outlet or "", sup.published or "", sup.segment_kind or "", f"{sup.start}-{sup.end}",
             sup.text, (sup.url or sup.document[:16]))
    console.print(table)
    for link in t.links:
        _line(console, f"{link['kind']} {link['statement']}: {link['text']} ({link['reason']})")


def render_rejected(console: Console, rows: list[dict[str, Any]]) -> None:
    """Rejected documents: when, which, what kind of error and why."""
    if not rows:
        console.print("no rejected documents")
        return
    table = Table(title="Rejected documents", title_justify="left")
    for col in ("when", "document", "error", "reason"):
        table.add_column(col, overflow="fold")
    for r in rows:
        _add(table, r["rejected_at"], r["name"], r["kind"], r["reason"])
    console.print(table)
