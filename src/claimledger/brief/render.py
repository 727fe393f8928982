"""The brief told three ways from one outline: Markdown, plain text and HTML (autoescaped
Jinja2, standalone or inside the desk's page). Every line names its sources: the outlet,
the publication date, the page's URL (else its file path), the item's id (``claimledger
trace ID`` shows it in its document) and the characters of the span; in the desk a link
opens the document at the span."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from claimledger.brief.summary import Brief, figure_range, measure_name, who
from claimledger.store.changes import Changes, EstimateChange, EventChange, LinkChange, Span, StatementSide

FORMATS = ("md", "html", "txt")
#: what the spoken brief says first, so that a listener always knows the voice is a machine's
SPEECH_NOTICE = ("This is a synthetic voice. The brief that follows was generated from the claimledger "
                 "ledger and is read out by a computer, not by a person.")


@dataclass
class Item:
    """One line of the outline: its words, the spans it rests on, and the lines under it."""

    text: str
    sources: list[Span] = field(default_factory=list)
    children: list["Item"] = field(default_factory=list)
    #: "new", "again", "changed" … (a style hint for the HTML)
    tag: str = ""


@dataclass
class Section:
    """A heading and its lines."""

    title: str
    items: list[Item]
    note: str = ""
    #: how many it lists, when not one per line (claims are counted, not their subjects)
    count: int | None = None

    @property
    def size(self) -> int:
        """How many the section lists."""
        return len(self.items) if self.count is None else self.count


def title_of(ch: Changes) -> str:
    """The brief's heading: its window and filters."""
    bits = [f"since {ch.window.since}"] + ([f"before {ch.window.until}"] if ch.window.until else [])
    bits += [f"about \u201c{ch.about}\u201d"] if ch.about else []
    bits += [f"at {ch.place}"] if ch.place else []
    return "Brief: " + ", ".join(bits)


def _quote(text: str) -> str:
    return f"\u201c{' '.join(text.split())}\u201d"


def _claims(ch: Changes) -> list[Item]:
    out: list[Item] = []
    for g in ch.claims:
        subject = next((i for i in out if i.text == g.subject), None)
        if subject is None:
            subject = Item(g.subject)
            out.append(subject)
        speaker = Item(f"{g.speaker}{f' ({g.side})' if g.side else ''}")
        for n in g.claims:
            state = f"again, first reported {n.first_reported}" if n.first_reported else "new"
            speaker.children.append(Item(f"{_quote(n.claim.text)} ({state}; {n.claim.modality})", [n.source],
                                         tag="again" if n.first_reported else "new"))
        subject.children.append(speaker)
    return out


def _estimate(e: EstimateChange) -> Item:
    new = "; ".join(f"{figure_range(f)} ({who(f)}, as of {f.as_of or '?'})" for f in e.new)
    if e.old is None:
        return Item(f"{measure_name(e)}: first figures {new}", [f.source for f in e.new], tag="new")
    verb = "moved from" if e.changed else "held at"
    return Item(f"{measure_name(e)}: {verb} {figure_range(e.old)} ({who(e.old)}, as of {e.old.as_of or '?'})"
                f"{' to ' + new if e.changed else '; again ' + new}", [e.old.source, *(f.source for f in e.new)],
                tag="changed" if e.changed else "held")


def _link(lk: LinkChange) -> Item:
    def end(s: StatementSide) -> str:
        return f"{s.speaker} ({s.source.outlet or 'no outlet'}{', new' if s.new else ''}): {_quote(s.text)}"
    return Item(f"{lk.kind}: {end(lk.b)} / {end(lk.a)}. Why: {lk.reason}", [lk.b.source, lk.a.source],
                tag=lk.kind)


def _event(e: EventChange) -> Item:
    when = e.start or "undated"
    if e.end and e.end != e.start:
        when += f" to {e.end}"
    at = f" at {e.place}{f', {e.country}' if e.country else ''}" if e.place else ""
    state = "new event" if e.new else (f"reported again: first seen {(e.first_seen or '?')[:10]}, "
                                       f"{e.earlier_reports} earlier report{'s' if e.earlier_reports != 1 else ''}")
    return Item(f"{when}: {e.type}{f' ({e.mode})' if e.mode else ''}{at}, {e.status}; {state}; {e.sources} "
                f"source{'s' if e.sources != 1 else ''} ({', '.join(e.outlets)}): {_quote(e.source.text)}",
                [e.source], tag="new" if e.new else "again")


def outline(b: Brief) -> list[Section]:
    """The brief's sections in reading order, each line with its sources."""
    ch = b.changes
    ests = [_estimate(e) for e in ch.estimates]
    return [
        Section("New claims, by subject and speaker", _claims(ch),
                f"{ch.counts.get('claims', 0)} claim(s) in the window's documents; \u201cagain\u201d: a statement "
                "older documents carried", count=sum(len(g.claims) for g in ch.claims)),
        Section("Estimates that changed", [i for i in ests if i.tag == "changed"]),
        Section("Other new figures", [i for i in ests if i.tag != "changed"]),
        Section("New contradictions and denials", [_link(lk) for lk in ch.contradictions]),
        Section("New corroborations", [_link(lk) for lk in ch.corroborations]),
        Section("Events", [_event(e) for e in ch.events], "in the order they happened; new events and older "
                "events reported again"),
        Section("Places, by region", [Item(f"{r.region or 'no region'}, {r.country or 'no country'}", children=[
            Item(f"{p.name} ({p.feature}, {p.mentions} mention{'s' if p.mentions != 1 else ''})", [p.source])
            for p in r.places]) for r in ch.places]),
        Section("Documents", [Item(f"{d.title or d.sha256[:16]} ({d.outlet or 'no outlet'}, "
                                   f"{d.published or 'undated, stored ' + d.stored_at})",
                                   [Span(d.sha256, d.sha256, d.title, d.outlet, d.published, d.url, d.path, 0, 0, "")])
                              for d in ch.documents]),
    ]


def cite(s: Span, markdown: bool = False) -> str:
    """A source as text: outlet, date, URL or path, item id and characters."""
    where = s.url or s.path or f"document {s.document[:16]}"
    if markdown and s.url:
        where = f"<{s.url}>"
    ident = f"`{s.uid}`" if markdown else s.uid
    span = f", characters {s.start}-{s.end}" if s.end > s.start else ""
    return f"{s.outlet or 'no outlet'}, {(s.published or 'undated')[:16]}, {where} ({ident}{span})"


def _md_items(items: list[Item], depth: int = 0) -> list[str]:
    lines = []
    for it in items:
        src = "; ".join(cite(s, True) for s in it.sources)
        lines.append(f"{'  ' * depth}- {_md_escape(it.text)}" + (f" \u2014 {src}" if src else ""))
        lines += _md_items(it.children, depth + 1)
    return lines


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|])")


def _md_escape(text: str) -> str:
    """Page text as Markdown text: no emphasis, link, code, heading, table or HTML of its own."""
    return _MD_SPECIAL.sub(r"\\\1", text).replace("<", "&lt;")


def render_md(b: Brief) -> str:
    """The brief as Markdown."""
    lines = [f"# {title_of(b.changes)}", "", " ".join(f"{_md_escape(s.text)} [{i}]" for i, s in
                                                     enumerate(b.summary, 1)), ""]
    lines += ["Summary traced to: " + "; ".join(f"[{i}] " + ", ".join(f"`{u}`" for u in s.uids)
                                                 for i, s in enumerate(b.summary, 1) if s.uids), ""]
    for sec in outline(b):
        lines += [f"## {sec.title} ({sec.size})", ""]
        lines += ([f"_{_md_escape(sec.note)}_", ""] if sec.note else [])
        lines += _md_items(sec.items) or ["- none"]
        lines.append("")
    return "\n".join(lines)


def _txt_items(items: list[Item], depth: int = 0, sources: bool = True) -> list[str]:
    lines = []
    for it in items:
        lines.append(f"{'  ' * depth}- {it.text}")
        if sources:
            lines += [f"{'  ' * depth}    source: {cite(s)}" for s in it.sources]
        lines += _txt_items(it.children, depth + 1, sources)
    return lines


def render_txt(b: Brief) -> str:
    """The brief as plain text."""
    head = title_of(b.changes)
    lines = [head, "=" * len(head), "", " ".join(s.text for s in b.summary), ""]
    for sec in outline(b):
        heading = f"{sec.title} ({sec.size})"
        lines += [heading, "-" * len(heading)]
        lines += _txt_items(sec.items) or ["- none"]
        lines.append("")
    return "\n".join(lines)


def speech_text(b: Brief) -> str:
    """The text version as it is spoken: the synthetic-voice notice first, then the summary and the
    sections without ids, URLs or the document list (the written brief has them)."""
    parts = [SPEECH_NOTICE, title_of(b.changes).replace("Brief:", "Brief") + ".", " ".join(s.text for s in b.summary)]
    for sec in outline(b)[:-1]:
        if not sec.items:
            continue
        parts.append(f"{sec.title}.")
        parts += [ln.strip().lstrip("- ").rstrip(".") + "." for ln in _txt_items(sec.items, sources=False)]
    parts.append("End of the brief. This was a synthetic voice.")
    return "\n".join(parts).replace("|", " ")  # measure keys join their words with "|"


@lru_cache(maxsize=1)
def _env() -> Environment:
    return Environment(loader=PackageLoader("claimledger.brief", "templates"), autoescape=select_autoescape(["html"]))


def render_html(b: Brief, *, standalone: bool = True, desk: bool = False) -> str:
    """The brief as HTML: a whole page, or (``standalone=False``) the fragment the desk's page shows;
    ``desk``: sources also link to the desk's view of the document at the span."""
    body = _env().get_template("brief.html").render(b=b, title=title_of(b.changes), sections=outline(b),
                                                   standalone=standalone, desk=desk, cite=cite)
    return Markup(body) if not standalone else body


def render(b: Brief, fmt: str) -> str:
    """The brief in ``fmt``: md, html or txt."""
    if fmt == "md":
        return render_md(b)
    if fmt == "txt":
        return render_txt(b)
    if fmt == "html":
        return render_html(b)
    raise ValueError(f"unknown brief format {fmt!r}; known: {', '.join(FORMATS)}")
