"""W3C PROV-JSON of the claims' provenance, written with the ``prov`` package:

- each document and each claim is an entity (``cl:document:<sha256>``, ``cl:<claim uid>``);
- each claim ``wasAttributedTo`` its speaker, an agent: the ledger's entity for a resolved
  speaker, else an agent of its own with the claimant's name (or "unnamed source");
- each claim ``wasQuotedFrom`` the document that reports it;
- a relayed claim ("officials told The New York Times") ``hadPrimarySource`` its channel, an
  entity ``cl:channel/<name>``.

PROV-JSON is one object whose sections (entity, agent, wasAttributedTo, wasDerivedFrom) each
hold every record of that kind, so the writer reads the ledger once per section, a page at a
time, has ``prov`` serialise each page and copies its section out: memory stays flat. Every
relation has an identifier of its own, so pages never collide.
"""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from itertools import islice
from typing import IO, TYPE_CHECKING, Any
from urllib.parse import quote

from claimledger.errors import ConfigError
from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport

NAMESPACES = {"cl": "urn:claimledger:", "schema": "https://schema.org/"}
#: records handed to ``prov`` at once
BATCH = 200


def _prov() -> Any:
    try:
        from prov.model import ProvDocument
    except ModuleNotFoundError as exc:
        raise ConfigError("prov-json needs the prov package: pip install 'claimledger[exports]'") from exc
    return ProvDocument


def channel_id(name: str) -> str:
    """The PROV id of a channel ("The New York Times" -> ``cl:channel/The%20New%20York%20Times``)."""
    return "cl:channel/" + quote(name, safe="")


def speaker_id(c: dict[str, Any]) -> str:
    """The PROV id of a claim's speaker: its entity, else an agent of the claim's own."""
    return f"cl:{c['entity']}" if c.get("entity") else f"cl:speaker/{c['uid']}"


def _attrs(**values: Any) -> dict[str, Any]:
    return {k.replace("__", ":"): v for k, v in values.items() if v is not None and v != ""}


def add_document(doc: Any, d: dict[str, Any]) -> None:
    """A document as a PROV entity (a schema.org NewsArticle with its title, outlet, date and URL)."""
    doc.entity(f"cl:document:{d['sha256']}", _attrs(prov__type="schema:NewsArticle", prov__label=d.get("title"),
                                                    schema__publisher=d.get("outlet"),
                                                    schema__datePublished=d.get("published"),
                                                    prov__location=d.get("url")))


def add_claim(doc: Any, c: dict[str, Any]) -> None:
    """A claim as a PROV entity, its words the value."""
    doc.entity(f"cl:{c['uid']}", _attrs(prov__type="schema:Claim", prov__value=c["text"],
                                        schema__dateCreated=c.get("said_on"), cl__modality=c.get("modality"),
                                        cl__quote=c.get("quote")))


def add_channel(doc: Any, name: str) -> None:
    """A channel a relayed claim came through, as a PROV entity."""
    doc.entity(channel_id(name), _attrs(prov__label=name))


def add_speaker(doc: Any, e: dict[str, Any]) -> None:
    """A resolved speaker (a ledger entity) as a PROV agent: a person or an organisation."""
    kind = "prov:Person" if e.get("kind") == "person" else "prov:Organization"
    doc.agent(f"cl:{e['uid']}", _attrs(prov__type=kind, prov__label=e.get("name"), cl__side=e.get("side")))


def add_own_speaker(doc: Any, c: dict[str, Any]) -> None:
    """An agent for a claim whose speaker resolved to no entity (its claimant, or an unnamed source)."""
    if c.get("entity"):
        return
    doc.agent(speaker_id(c), _attrs(prov__label=c.get("claimant") or "unnamed source", cl__role=c.get("role"),
                                    cl__anonymous=bool(c.get("anonymous"))))


def add_attribution(doc: Any, c: dict[str, Any]) -> None:
    """The claim wasAttributedTo its speaker."""
    doc.wasAttributedTo(f"cl:{c['uid']}", speaker_id(c), identifier=f"cl:attributed/{c['uid']}")


def add_derivations(doc: Any, c: dict[str, Any]) -> None:
    """The claim wasQuotedFrom its document and, relayed, hadPrimarySource its channel."""
    claim = f"cl:{c['uid']}"
    doc.wasQuotedFrom(claim, f"cl:document:{c['document']}", identifier=f"cl:quoted/{c['uid']}")
    if c.get("channel"):
        doc.hadPrimarySource(claim, channel_id(c["channel"]), identifier=f"cl:primary/{c['uid']}")


#: section -> the streams that fill it and how one row becomes PROV records
Part = tuple[str, Callable[[Any, Any], None]]
SECTIONS: tuple[tuple[str, tuple[Part, ...]], ...] = (
    ("entity", (("documents", add_document), ("claim_sources", add_claim), ("channels", add_channel))),
    ("agent", (("speakers", add_speaker), ("claim_sources", add_own_speaker))),
    ("wasAttributedTo", (("claim_sources", add_attribution),)),
    ("wasDerivedFrom", (("claim_sources", add_derivations),)),
)


def _section_entries(rows: Iterator[Any], add: Callable[[Any, Any], None], section: str) -> Iterator[tuple[str, Any]]:
    """The ``section`` entries ``prov`` serialises for ``rows``, a batch at a time."""
    document = _prov()
    while True:
        batch = list(islice(rows, BATCH))
        if not batch:
            return
        doc = document()
        for prefix, uri in NAMESPACES.items():
            doc.add_namespace(prefix, uri)
        for row in batch:
            add(doc, row)
        yield from json.loads(doc.serialize(format="json")).get(section, {}).items()


def write_prov(ledger: Ledger, out: IO[str], filters: Filters, report: "ExportReport") -> None:
    """One PROV-JSON document of the claims ``filters`` keep, their speakers, documents and channels."""
    _prov()
    out.write('{"prefix": ' + json.dumps(NAMESPACES))
    for section, parts in SECTIONS:
        out.write(f',\n"{section}": {{')
        first = True
        for stream, add in parts:
            if section == "entity" and stream == "documents" and (filters.by or filters.side or filters.modality):
                continue  # documents are named by their claims' derivations below; all of them only unfiltered
            for key, value in _section_entries(ledger.stream(stream, filters), add, section):
                out.write(("\n" if first else ",\n") + json.dumps(key) + ": " + json.dumps(value, ensure_ascii=False))
                first = False
                report.count(section)
        out.write("\n}")
    out.write("}\n")
