"""Saved and fetched web pages: main text, metadata, captions and live-blog items.

trafilatura (the best open main-text extractor) gives the article's body; what
it does not give is read from the markup:

- metadata: JSON-LD ``NewsArticle`` / ``LiveBlogPosting`` (headline, authors,
  datePublished, publisher), then meta tags (``og:title``, ``article:published_time``,
  ``author``, ``og:site_name``), then the ``<title>``;
- figure captions (``<figcaption>``) as ``caption`` segments;
- live blogs: JSON-LD ``liveBlogUpdate`` entries, else the page's repeated
  blocks that each carry a ``<time datetime>``, as ``live_item`` segments with
  their own timestamps and headlines.

The record's text is laid out as a scraped page would be (headline, byline,
captions, paragraphs, each block a paragraph of its own), so every later stage
and every offset work on it exactly as on a plain-text page; the segments are
set here, where the markup says what each block is.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from claimledger.dates import find_date, parse_iso
from claimledger.errors import InputError
from claimledger.lexicon import related_lead
from claimledger.records import DocumentMeta, Record, Segment, Source
from claimledger.segment.metadata import split_authors
from claimledger.segment.plaintext import is_boilerplate

#: blocks of a page that are never the story (besides what trafilatura drops and the
#: related-article leads of data/related_leads.txt)
_NOT_STORY = re.compile(r"^(?:sign up|subscribe|newsletter|share (?:this|on)|follow us|cookie|we use cookies|"
                        r"advertisement)\b", re.IGNORECASE)


def _not_story(paragraph: str) -> bool:
    return bool(related_lead().match(paragraph) or _NOT_STORY.match(paragraph))
_LIVE_TYPES = {"LiveBlogPosting"}
_ARTICLE_TYPES = {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "BlogPosting",
                  "LiveBlogPosting", "WebPage"}


@dataclass
class Block:
    kind: str
    text: str
    published: str | None = None
    headline: str | None = None
    #: the timestamp as the page prints it ("23:10"), for a live item
    stamp: str | None = None


def _jsonld(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object on the page, @graph lists flattened."""
    out: list[dict[str, Any]] = []
    for node in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(node.text_content() or "null")
        except json.JSONDecodeError:
            continue
        stack = data if isinstance(data, list) else [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, dict):
                out.append(item)
                stack.extend(item.get("@graph") or [])
            elif isinstance(item, list):
                stack.extend(item)
    return out


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    return set(t) if isinstance(t, list) else {t} if isinstance(t, str) else set()


def _names(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [value["name"]] if isinstance(value.get("name"), str) else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _meta(tree: Any, *names: str) -> str | None:
    for name in names:
        for attr in ("property", "name", "itemprop"):
            vals = tree.xpath(f'//meta[@{attr}="{name}"]/@content')
            if vals and vals[0].strip():
                return str(vals[0]).strip()
    return None


def _meta_all(tree: Any, name: str) -> list[str]:
    """Every value of a repeated meta tag (``article:author`` once per author)."""
    vals = tree.xpath(f'//meta[@property="{name}" or @name="{name}"]/@content')
    return [v.strip() for v in vals if v.strip()]


def _iso(value: str | None) -> str | None:
    """A page's date stamp as ISO 8601, its zone offset kept when the stamp has one
    ("2025-02-03T10:00:00+02:00": the page's own clock, as precise as it says)."""
    dt = parse_iso(value, keep_zone=True)
    return dt.isoformat() if dt else None


def page_metadata(tree: Any, objects: list[dict[str, Any]]) -> DocumentMeta:
    """Title, authors, date and outlet from a page's JSON-LD and meta tags."""
    article = next((o for o in objects if _types(o) & _ARTICLE_TYPES and "WebPage" not in _types(o)), None) or \
        next((o for o in objects if _types(o) & _ARTICLE_TYPES), {})
    title = article.get("headline") or _meta(tree, "og:title", "twitter:title")
    site = _meta(tree, "og:site_name", "application-name")
    if not title:
        t = tree.xpath("//title/text()")
        title = t[0].strip() if t else None
        if title and site:  # "Ukraine war latest | Frontline Desk"
            title = re.sub(rf"\s*[|–—-]\s*{re.escape(site)}\s*$", "", title)
        h1 = [_clean(h.text_content()) for h in tree.xpath("//h1")]
        if title and h1 and h1[0] and title_suffix(tree, h1[0]):
            title = h1[0]
    authors = _names(article.get("author")) or _meta_all(tree, "article:author") or \
        [a for a in [_meta(tree, "author")] if a]
    # "Jane Doe, John Roe" or "Jane Doe and John Roe" in one tag are two people
    authors = [n for a in authors for n in split_authors(a)] if authors else []
    published = _iso(article.get("datePublished") or _meta(tree, "article:published_time", "datePublished",
                                                           "pubdate", "date"))
    if not published:
        times = tree.xpath("//time/@datetime")
        published = _iso(times[0]) if times else None
    outlet = next(iter(_names(article.get("publisher"))), None) or _meta(tree, "og:site_name", "application-name") \
        or title_suffix(tree, title)
    lang = (tree.xpath("/html/@lang") or ["en"])[0][:2].lower() or "en"
    return DocumentMeta(title=_clean(title) if title else None, authors=[_clean(a) for a in authors if a.strip()],
                        published=published, outlet=outlet, language=lang)


def title_suffix(tree: Any, headline: str | None) -> str | None:
    """The site's name after the headline in the page's ``<title>`` ("Headline | Outlet")."""
    t = tree.xpath("//title/text()")
    if not t or not headline:
        return None
    full, head = _clean(t[0]), _clean(headline)
    m = re.fullmatch(rf"{re.escape(head)}\s*[|–—-]\s*(?P<site>[^|–—]{{2,60}})", full)
    return m.group("site").strip() if m else None


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def live_updates(tree: Any, objects: list[dict[str, Any]]) -> list[Block]:
    """A live blog's updates: JSON-LD ``liveBlogUpdate``, else repeated timestamped blocks."""
    for obj in objects:
        if _types(obj) & _LIVE_TYPES and obj.get("liveBlogUpdate"):
            ups = obj["liveBlogUpdate"]
            ups = ups if isinstance(ups, list) else [ups]
            blocks = [Block("live_item", _clean(u.get("articleBody") or u.get("text") or ""),
                            _iso(u.get("datePublished")), _clean(u.get("headline") or "") or None)
                      for u in ups if isinstance(u, dict)]
            blocks = [b for b in blocks if b.text or b.headline]
            if blocks:
                return in_page_order(tree, blocks)
    # markup: the nearest ancestors of <time datetime> that are siblings of each other
    stamped = tree.xpath("//time[@datetime]") or tree.xpath("//time")  # a stamp may print only "16:05"
    parents: dict[Any, list[Any]] = {}
    for t in stamped:
        block = t.getparent()
        while block is not None and len(_clean(block.text_content())) < 60:
            block = block.getparent()
        if block is None or block.getparent() is None:
            continue
        parents.setdefault(block.getparent(), []).append((block, t))
    best = max(parents.values(), key=len, default=[])
    if len(best) < 3:
        return []
    out = []
    seen = set()
    for block, t in best:
        if id(block) in seen:
            continue
        seen.add(id(block))
        heads = block.xpath(".//h1|.//h2|.//h3|.//h4")
        headline = _clean(heads[0].text_content()) if heads else None
        paras = [_clean(p.text_content()) for p in block.xpath(".//p")]
        body = "\n\n".join(p for p in paras if p and not _not_story(p))
        if not body:
            body = _clean(block.text_content())
        out.append(Block("live_item", body, _iso(t.get("datetime")), headline, _clean(t.text_content()) or None))
    return out  # in the page's order (live blogs put the newest first)


def in_page_order(tree: Any, blocks: list[Block]) -> list[Block]:
    """JSON-LD updates in the order the page shows them (live blogs put the newest first):
    by where each one's headline or opening words stand in the page's text; updates the
    page does not show keep their JSON-LD order, after the others."""
    body = tree.xpath("//body")
    page = _clean(body[0].text_content()) if body else ""

    def where(b: Block) -> int:
        for probe in (b.headline, b.text[:60]):
            if probe and probe in page:
                return page.index(probe)
        return len(page)
    return sorted(blocks, key=where)  # stable: the unplaced keep their order


def _stamp(published: str | None) -> str:
    dt = parse_iso(published) if published else None
    return dt.strftime("%B %d, %Y %I:%M %p").replace(" 0", " ") if dt else ""


def layout(blocks: list[Block]) -> tuple[str, list[Segment]]:
    """The blocks as one text, a blank line between blocks, with their segments."""
    text = ""
    segments: list[Segment] = []
    for b in blocks:
        if text:
            text += "\n\n"
        start = len(text)
        if b.kind == "live_item":
            stamp = b.stamp or _stamp(b.published)
            head = [s for s in (stamp, b.headline) if s]
            lines = "\n\n".join(head)
            headline_end = start + len(lines) if b.headline else None
            text += lines + ("\n\n" if head and b.text else "") + b.text
            segments.append(Segment("live_item", start, len(text), published=b.published,
                                    headline_end=headline_end))
            continue
        text += b.text
        prev = segments[-1] if segments else None
        if prev is not None and prev.kind == b.kind and b.kind in ("body", "boilerplate", "related", "caption"):
            prev.end = len(text)
        else:
            segments.append(Segment(b.kind, start, len(text)))
    return text, segments


#: the longest element taken as the page's byline line
BYLINE_CHARS = 300


def byline_text(tree: Any, authors: list[str]) -> str | None:
    """The page's own byline: the shortest element of the body that names every author."""
    best: str | None = None
    for el in tree.xpath("//body//*[self::p or self::div or self::span or self::address or self::li]"):
        txt = _clean(el.text_content())
        if len(txt) <= BYLINE_CHARS and all(a in txt for a in authors) and (best is None or len(txt) < len(best)):
            best = txt
    return best


def marked_byline(tree: Any) -> str | None:
    """A byline the markup marks as one (a class naming the byline or the author) when the
    metadata name no author: the shortest such element that says "By" or holds a date."""
    best: str | None = None
    for el in tree.xpath("//body//*[contains(@class, 'byline') or contains(@class, 'author') or @rel='author']"):
        txt = _clean(el.text_content())
        if 3 < len(txt) <= BYLINE_CHARS and (re.match(r"(?i)(?:\w+\s+)?by\s", txt) or find_date(txt)) and \
                (best is None or len(txt) < len(best)):
            best = txt
    return best


def body_paragraphs(html: str, tree: Any) -> list[str]:
    """The story's paragraphs as trafilatura extracts them (the page's paragraphs when it finds none)."""
    import trafilatura
    main = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=False,
                               include_images=False, with_metadata=False)
    if main:
        return [_clean(p) for p in main.split("\n") if p.strip()]
    return [_clean(p.text_content()) for p in tree.xpath("//p") if _clean(p.text_content())]


_TAG = re.compile(r"<!--.*?-->|<(script|style|textarea)\b.*?</\1\s*>|<(/?)([a-zA-Z][\w:-]*)[^>]*>",
                  re.DOTALL | re.IGNORECASE)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track",
         "wbr", "keygen", "command"}
_TEXT_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "figure", "figcaption",
                "time", "article", "main", "header"}
#: libxml2 stops reading a page nested deeper than 256 elements; deeper pages are flattened first
MAX_HTML_DEPTH = 200


def flatten_deep_html(html: str, max_depth: int = MAX_HTML_DEPTH) -> str:
    """The page with the elements nested deeper than ``max_depth`` unwrapped (their text kept).

    Parsers give up on very deep markup (libxml2 at 256 levels, dropping all the text
    inside); such nesting carries no structure worth keeping. Pages within the limit come
    back unchanged. One pass over the tags: linear in the page's length."""
    stack: list[tuple[str, bool]] = []  # (tag, kept)
    drop: list[tuple[int, int]] = []
    open_count: dict[str, int] = {}
    deepest = depth = 0
    for m in _TAG.finditer(html):
        tag = (m.group(3) or "").lower()
        if not tag or tag in _VOID or m.group(0).endswith("/>"):
            continue
        if m.group(2):  # a closing tag: close up to its opening, if it is open
            if open_count.get(tag):
                while stack:
                    t, kept = stack.pop()
                    depth -= kept
                    open_count[t] -= 1
                    if t == tag:
                        if not kept:
                            drop.append(m.span())
                        break
            continue
        # the parser sees only the kept elements; text blocks keep their tags a little deeper
        kept = depth < max_depth or (tag in _TEXT_BLOCKS and depth < max_depth + 40)
        depth += kept
        stack.append((tag, kept))
        open_count[tag] = open_count.get(tag, 0) + 1
        deepest = max(deepest, len(stack))
        if not kept:
            drop.append(m.span())
    if deepest <= max_depth:
        return html
    out, at = [], 0
    for a, b in drop:
        out.append(html[at:a])
        at = b
    out.append(html[at:])
    return "".join(out)


def read_html(html: str, source: Source, hints: dict[str, str] | None = None,
              max_depth: int = MAX_HTML_DEPTH) -> Record:
    """A web page as a record with its segments and metadata set."""
    import lxml.html
    from lxml.etree import ParserError
    name = source.path or source.url or "<html>"
    html = flatten_deep_html(html, min(max_depth, MAX_HTML_DEPTH))
    try:
        tree = lxml.html.fromstring(html)
    except (ParserError, ValueError) as exc:
        raise InputError(f"is not a readable HTML page ({exc})", source=name) from exc
    for bad in tree.xpath("//script[not(@type='application/ld+json')]|//style|//noscript"):
        bad.drop_tree()
    objects = _jsonld(tree)
    meta = page_metadata(tree, objects)
    blocks: list[Block] = []
    if meta.title:
        blocks.append(Block("headline", meta.title))
    byline = byline_text(tree, meta.authors) if meta.authors else marked_byline(tree)
    if byline or meta.authors:  # the page's own byline line, else one as pages print it
        blocks.append(Block("byline", byline or " ".join(
            x for x in ("by " + ", ".join(meta.authors), _stamp(meta.published)) if x)))
    captions = [_clean(c.text_content()) for c in tree.xpath("//figcaption")]
    for cap in dict.fromkeys(c for c in captions if c):
        blocks.append(Block("caption", cap))
    updates = live_updates(tree, objects)
    paragraphs = body_paragraphs(html, tree)
    title_low = (meta.title or "").lower()
    cap_set = set(captions)
    live_text = " ".join(f"{u.headline or ''} {u.text}" for u in updates)
    for p in paragraphs:
        if p.lower() == title_low or p in cap_set or p == byline or (updates and p in live_text):
            continue
        kind = "boilerplate" if is_boilerplate(p) else "related" if _not_story(p) else "body"
        blocks.append(Block(kind, p))
    blocks.extend(updates)
    text, segments = layout(blocks)
    if not any(s.kind in ("body", "live_item") for s in segments):
        raise InputError("holds no article text that could be extracted", source=name)
    record = Record(text=text, source=source, hints=dict(hints or {}))
    record.segments = segments
    record.document = meta
    return record
