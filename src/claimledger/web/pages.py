"""The desk's pages, rendered on the server with Jinja2 (autoescaped: article
text is always shown as text). Each route parses its query, calls the library
function of the same name in ``claimledger.api`` and renders its answer."""
from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimledger import api
from claimledger.web.app import docs_page
from claimledger.web.charts import claims_timeline, estimate_chart, events_timeline
from claimledger.web.highlight import KINDS, pieces
from claimledger.web.rest import MAX_INT, check_ingest_token, ledger_of, settings_of

router = APIRouter(include_in_schema=False)
PAGE = 50
Offset = Annotated[int, Query(ge=0, le=MAX_INT)]
Text = Annotated[str | None, Query(max_length=200)]


def render(request: Request, template: str, **context: Any) -> HTMLResponse:
    """A page from ``template`` with ``context`` (and the request, for links)."""
    context.setdefault("ingest_on", request.app.state.ingest_token is not None)
    return request.app.state.templates.TemplateResponse(request, template, context)  # type: ignore[no-any-return]


def pager(request: Request, page: Any) -> dict[str, str | None]:
    """Links to the previous and next page of a list, keeping the query's filters."""
    params = dict(request.query_params)

    def link(offset: int) -> str:
        return "?" + urlencode({**params, "offset": offset})
    prev = link(max(0, page.offset - page.limit)) if page.offset > 0 else None
    nxt = link(page.offset + page.limit) if page.offset + page.limit < page.total else None
    return {"prev": prev, "next": nxt}


def _blank(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


@router.get("/", response_class=HTMLResponse)
def documents(request: Request, outlet: Text = None, offset: Offset = 0) -> HTMLResponse:
    """The documents, newest first, filtered by outlet."""
    page = api.documents(ledger_of(request), outlet=_blank(outlet), offset=offset, limit=PAGE)
    return render(request, "documents.html", page=page, pager=pager(request, page), outlet=outlet or "")


@router.get("/documents/{sha256}", response_class=HTMLResponse)
def document(request: Request, sha256: Annotated[str, Path(pattern=r"^[0-9a-fA-F]{64}$")]) -> HTMLResponse:
    """One document: its text with every item highlighted, and the items' cards."""
    doc = api.document(ledger_of(request), sha256)
    rec = doc["record"]
    return render(request, "document.html", doc=doc, rec=rec, pieces=pieces(rec), kinds=KINDS)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_form(request: Request) -> HTMLResponse:
    """The form that adds a document (or says the desk is read-only)."""
    return render(request, "ingest.html")


@router.post("/documents")
def add_document(request: Request, token: Annotated[str, Form(max_length=500)] = "",
                 text: Annotated[str, Form()] = "", url: Annotated[str, Form(max_length=2000)] = "") -> Response:
    """Add a document from the form (token, then a URL or a text) and show it."""
    check_ingest_token(request, token)
    if url.strip():
        out = api.add_document(settings_of(request), ledger=ledger_of(request), url=url.strip())
    else:
        out = api.add_document(settings_of(request), ledger=ledger_of(request), text=text)
    return RedirectResponse(f"/documents/{out['sha256']}", status_code=303)


@router.get("/claims", response_class=HTMLResponse)
def claims(request: Request, speaker: Text = None, side: Text = None, anonymous: Text = None,
                modality: Text = None, outlet: Text = None, since: Text = None, until: Text = None,
                words: Text = None, statement: Text = None, offset: Offset = 0) -> HTMLResponse:
    """Claims with their filters: speaker, side, anonymity, modality, outlet, dates, words (full
    text), or the reports of one statement."""
    f = {"speaker": _blank(speaker), "side": _blank(side), "modality": _blank(modality), "outlet": _blank(outlet),
         "since": _blank(since), "until": _blank(until), "words": _blank(words), "statement": _blank(statement)}
    ledger = ledger_of(request)
    page = api.claims(ledger, by=f["speaker"], search=f["words"], anonymous={"yes": True, "no": False}.get(
        anonymous or ""), side=f["side"], modality=f["modality"], outlet=f["outlet"], since=f["since"],
        until=f["until"], statement=f["statement"], limit=PAGE, offset=offset)
    return render(request, "claims.html", page=page, pager=pager(request, page), f=f, anonymous=anonymous or "",
                  menus=api.claim_filters(ledger))


@router.get("/people", response_class=HTMLResponse)
def people(request: Request, name: Text = None, offset: Offset = 0) -> HTMLResponse:
    """Speakers (people and organisations, one per identity across spellings), most mentioned first."""
    page = api.people(ledger_of(request), name=_blank(name), offset=offset, limit=PAGE)
    return render(request, "people.html", page=page, pager=pager(request, page), name=name or "")


@router.get("/people/{uid}", response_class=HTMLResponse)
def person(request: Request, uid: Annotated[str, Path(max_length=200)], offset: Offset = 0) -> HTMLResponse:
    """One speaker: names, roles over time, why each mention was taken for them, claims over time."""
    who = api.person(ledger_of(request), uid, offset=offset, limit=PAGE)
    return render(request, "person.html", who=who, timeline=claims_timeline(who["claims"]["rows"]))


@router.get("/estimates", response_class=HTMLResponse)
def estimates_page(request: Request, keywords: Text = None, offset: Offset = 0) -> HTMLResponse:
    """One chart per measure: figures as bands over time, coloured by side."""
    words = keywords.split() if keywords else None
    page = api.estimates_page(ledger_of(request), words, offset=offset, limit=20)
    charts = [(h, estimate_chart(h["key"], h["points"])) for h in page.rows]
    return render(request, "estimates.html", page=page, pager=pager(request, page), charts=charts,
                  keywords=keywords or "")


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, type: Text = None, place: Text = None,  # noqa: A002
                since: Text = None, offset: Offset = 0) -> HTMLResponse:
    """Events on a map and a timeline, filtered by type, place and date."""
    page = api.events_page(ledger_of(request), _blank(type), _blank(place), _blank(since), offset=offset,
                           limit=PAGE)
    query = urlencode({k: v for k, v in (("type", type), ("place", place), ("since", since),
                                         ("offset", offset), ("limit", PAGE)) if v})
    return render(request, "events.html", page=page, pager=pager(request, page), type=type or "",
                  place=place or "", since=since or "", api_query=query, timeline=events_timeline(page.rows))


@router.get("/brief", response_class=HTMLResponse)
def brief(request: Request, since: Text = None, until: Text = None, about: Text = None,
          place: Text = None) -> HTMLResponse:
    """The morning brief: what changed since ``since`` (24h by default), every line with its sources."""
    from claimledger.brief import render_html
    made = api.brief(ledger_of(request), since=_blank(since) or "24h", until=_blank(until), about=_blank(about),
                     place=_blank(place))
    return render(request, "brief.html", body=render_html(made, standalone=False, desk=True),
                  since=since or "24h", until=until or "", about=about or "", place=place or "")


@router.get("/search", response_class=HTMLResponse)
def search(request: Request, q: Text = None, offset: Offset = 0) -> HTMLResponse:
    """Documents and items holding every word of the query."""
    page = api.search(ledger_of(request), q or "", offset=offset, limit=PAGE)
    return render(request, "search.html", page=page, pager=pager(request, page), q=q or "")


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The REST API's documentation (Swagger UI served by the desk)."""
    return docs_page(request)
