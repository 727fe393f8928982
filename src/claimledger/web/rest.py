"""The REST API: each route parses its input, calls the library function of
the same name in ``claimledger.api`` and returns its answer as JSON (errors
are mapped in ``app.py``). Lists are paged with ``offset`` and ``limit``."""
from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Path, Query, Request, Response
from pydantic import BaseModel, Field

from claimledger import api
from claimledger.settings import Settings
from claimledger.store import Ledger

router = APIRouter(prefix="/api", tags=["ledger"])

#: the largest id or offset a database integer holds
MAX_INT = 2**63 - 1
Offset = Annotated[int, Query(ge=0, le=MAX_INT, description="How many results to skip.")]
Limit = Annotated[int, Query(ge=1, le=500, description="How many results to return (at most 500).")]
Text = Annotated[str | None, Query(max_length=200)]
Sha256 = Annotated[str, Path(pattern=r"^[0-9a-fA-F]{64}$", description="The SHA-256 of the document's text.")]
Window = Annotated[int, Query(ge=0, le=3650)]


class PageOut(BaseModel):
    """One page of results and the total the query has."""
    total: int
    offset: int
    limit: int | None
    rows: list[dict[str, Any]]


class DocumentOut(BaseModel):
    """A document: where it came from and its whole ``claimledger/1`` record."""
    sha256: str
    title: str | None
    outlet: str | None
    published: str | None
    url: str | None
    path: str | None
    record: dict[str, Any]
    #: item uid -> its place in the ledger: a claim's entity and statement (with its number of
    #: reports), an event's cluster (with its sources and reports)
    links: dict[str, dict[str, Any]] = {}


class RoleOut(BaseModel):
    """A role a speaker was given, with when and how often."""
    role: str | None
    organization: str | None
    side: str | None
    first_seen: str | None
    last_seen: str | None
    count: int


class MergeOut(BaseModel):
    """Why one mention was taken for this speaker."""
    alias: str
    claim: str | None
    score: float
    reason: str


class PersonOut(BaseModel):
    """One speaker (an entity across spellings) and a page of their claims in time order."""
    uid: str
    kind: str
    name: str
    side: str | None
    organization: str | None
    aliases: list[str]
    roles: list[RoleOut]
    mentions: int
    first_seen: str | None
    last_seen: str | None
    merges: list[MergeOut]
    claims: PageOut


class IngestIn(BaseModel):
    """Exactly one of a plain text, an HTML page or a URL to fetch."""
    text: str | None = Field(default=None, description="A plain-text article (its first line the headline).")
    html: str | None = Field(default=None, description="An HTML page.")
    url: str | None = Field(default=None, max_length=2000, description="A public http(s) URL to fetch.")


class IngestOut(BaseModel):
    sha256: str
    stored: bool
    title: str | None


def settings_of(request: Request) -> Settings:
    """The settings the desk was started with."""
    return request.app.state.settings  # type: ignore[no-any-return]


def ledger_of(request: Request) -> Ledger:
    """The ledger the desk keeps open."""
    return request.app.state.ledger  # type: ignore[no-any-return]


@router.get("/summary", summary="What the ledger holds")
def summary(request: Request, limit: Limit = 20) -> dict[str, Any]:
    """Counts per category and the newest items of each (as `claimledger show`)."""
    s = api.show(ledger_of(request), limit)
    return {"counts": s.counts, "documents": s.documents, "times": s.times}


@router.get("/documents", response_model=PageOut, summary="Documents, newest first")
def documents(request: Request, outlet: Text = None, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """Documents in the ledger with their counts of claims, events, quantities, places and times."""
    return api.documents(ledger_of(request), outlet=outlet, offset=offset, limit=limit).to_json()


@router.get("/documents/{sha256}", response_model=DocumentOut, summary="One document and its record",
            responses={404: {"description": "No such document"}})
def document(request: Request, sha256: Sha256) -> dict[str, Any]:
    """The document's `claimledger/1` record: its text and every item with its offsets and id."""
    return api.document(ledger_of(request), sha256)


@router.post("/documents", response_model=IngestOut, status_code=201, summary="Add a document",
             responses={401: {"description": "Missing or wrong token"}, 403: {"description": "Ingest is off"},
                        422: {"description": "Unreadable input"}})
def add_document(request: Request, body: IngestIn,
                 authorization: Annotated[str | None, Header(max_length=500)] = None) -> dict[str, Any]:
    """Extract and store one document (text, HTML or URL). Off unless the desk runs with an
    ingest token; the request carries it as `Authorization: Bearer TOKEN`."""
    scheme, _, token = (authorization or "").partition(" ")
    check_ingest_token(request, token.strip() if scheme.lower() == "bearer" else "")
    return api.add_document(settings_of(request), ledger=ledger_of(request), text=body.text, html=body.html,
                            url=body.url)


def check_ingest_token(request: Request, given: str) -> None:
    """Refuse a write unless ingest is on and ``given`` is its token."""
    token: str | None = request.app.state.ingest_token
    if token is None:
        raise HTTPException(403, "ingest is off: the desk is read-only (start it with `claimledger serve --ingest`)")
    if not given or not secrets.compare_digest(given.encode(), token.encode()):
        raise HTTPException(401, "ingest needs the desk's token (Authorization: Bearer TOKEN)",
                            headers={"WWW-Authenticate": "Bearer"})


@router.get("/claims", response_model=PageOut, summary="Claims, filtered and paged")
def claims(request: Request, speaker: Text = None, side: Annotated[str | None, Query(max_length=8)] = None,
                anonymous: bool | None = None, modality: Annotated[str | None, Query(max_length=20)] = None,
                outlet: Text = None, since: Annotated[str | None, Query(max_length=32)] = None,
                until: Annotated[str | None, Query(max_length=32)] = None, words: Text = None,
                search: Text = None, entity: Annotated[str | None, Query(max_length=64)] = None,
                statement: Annotated[str | None, Query(max_length=64)] = None,
                offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """Claims newest first: `speaker` words match the claimant's name, role or organisation; `side`
    (ISO code), `modality` and `outlet` match exactly; `since`/`until` are ISO dates; `words` must
    all be in the claim's text; `search` is full-text (stemmed); `entity` a speaker's uid;
    `statement` a statement's uid (its reports across outlets)."""
    return api.claims(ledger_of(request), by=speaker, about=words, anonymous=anonymous, side=side,
                      modality=modality, outlet=outlet, since=since, until=until, search=search, entity=entity,
                      statement=statement, limit=limit, offset=offset).to_json()


@router.get("/claim-filters", summary="Values the claim filters take")
def claim_filters(request: Request) -> dict[str, list[str]]:
    """The sides, modalities and outlets found among the ledger's claims."""
    return api.claim_filters(ledger_of(request))


@router.get("/people", response_model=PageOut, summary="Speakers, most mentioned first")
def people(request: Request, name: Text = None, offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """Speakers, one per identity across spellings (``name`` in any spelling), with aliases, roles
    over time, side, mention count and first and last dates."""
    return api.people(ledger_of(request), name=name, offset=offset, limit=limit).to_json()


@router.get("/people/{uid}", response_model=PersonOut, summary="One speaker",
            responses={404: {"description": "No such speaker"}})
def person(request: Request, uid: Annotated[str, Path(max_length=200)], offset: Offset = 0,
           limit: Limit = 50) -> dict[str, Any]:
    """A speaker's names, roles over time, the reason of each merge and claims in time order."""
    return api.person(ledger_of(request), uid, offset=offset, limit=limit)


@router.get("/estimates", response_model=PageOut, summary="Estimate histories")
def estimates_page(request: Request, keywords: Text = None, window: Window = 7, offset: Offset = 0,
                   limit: Limit = 50) -> dict[str, Any]:
    """One history per measure (all `keywords` must match it): its figures in as-of order, each with
    its source, side, span and the figures it contradicts (`window`: days apart still one period)."""
    words = keywords.split() if keywords else None
    return api.estimates_page(ledger_of(request), words, window, offset=offset, limit=limit).to_json()


@router.get("/events", response_model=PageOut, summary="Events merged across documents")
def events_page(request: Request, type: Annotated[str | None, Query(max_length=20)] = None,  # noqa: A002
                place: Text = None, since: Annotated[str | None, Query(max_length=32)] = None,
                offset: Offset = 0, limit: Limit = 50) -> dict[str, Any]:
    """Events (merged at ingest across the documents that report them: same type, actors, place and
    a bounded time) newest first with their place and coordinates, time, actors, status, first and
    last seen, the number of independent sources (outlets) and every mention's span; `type` a
    PLOVER type, `place` an ISO country code, a GeoNames id or a place name (exact)."""
    return api.events_page(ledger_of(request), type, place, since, offset=offset, limit=limit).to_json()


@router.get("/search", response_model=PageOut, summary="Search everything")
def search(request: Request, q: Annotated[str, Query(min_length=1, max_length=200)], offset: Offset = 0,
           limit: Limit = 50) -> dict[str, Any]:
    """Documents, claims, events, quantities and places holding every word of `q`."""
    return api.search(ledger_of(request), q, offset=offset, limit=limit).to_json()


@router.get("/brief", summary="The morning brief: what changed",
            responses={400: {"description": "A window that is not a date or a span back from now"}})
def brief(request: Request, since: Annotated[str, Query(max_length=32)] = "24h",
          until: Annotated[str | None, Query(max_length=32)] = None, about: Text = None, place: Text = None,
          format: Annotated[str, Query(pattern="^(json|md|txt|html)$")] = "json") -> Any:  # noqa: A002
    """What changed since `since` (`24h`, `3d`, an ISO date or date-time; a document counts from its
    publication date, else from when it was stored): new claims by subject and speaker (a new report of
    an older statement marked), estimates that changed (old and new figures and who gave them), new
    contradictions and corroborations, events new or reported again, places by region, and an
    extractive summary whose every sentence names the items it rests on. `format`: the JSON (default),
    or the brief as Markdown, plain text or an HTML page."""
    made = api.brief(ledger_of(request), since=since, until=until, about=about, place=place)
    if format == "json":
        return made.to_json()
    from claimledger.brief import render
    media = {"md": "text/markdown", "txt": "text/plain", "html": "text/html"}[format]
    return Response(render(made, format), media_type=f"{media}; charset=utf-8")
