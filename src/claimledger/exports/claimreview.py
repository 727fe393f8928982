"""schema.org ``ClaimReview`` JSON-LD for the claims a user has rated (``claimledger rate ID
VERDICT``): a JSON array, one ClaimReview each, its ``itemReviewed`` the ``Claim`` with its
speaker and the article it appeared in, its ``reviewRating`` the verdict on a 1-5 scale
(``data/verdicts.tsv``). The fields are those search engines read for fact checks."""
from __future__ import annotations

import json
from typing import IO, TYPE_CHECKING, Any

from claimledger import lexicon
from claimledger.store import Ledger
from claimledger.store.streams import Filters

if TYPE_CHECKING:
    from claimledger.exports import ExportReport

CONTEXT = "https://schema.org"


def _speaker(r: dict[str, Any]) -> dict[str, Any]:
    if r.get("claimant") and not r.get("anonymous"):
        return {"@type": "Person", "name": r["claimant"], **({"jobTitle": r["role"]} if r.get("role") else {})}
    name = r.get("claimant") or r.get("role") or "unnamed source"
    return {"@type": "Organization" if r.get("organization") else "Person", "name": name}


def claim_review(r: dict[str, Any], reviewer: str) -> dict[str, Any]:
    """One rated claim as a ClaimReview object."""
    rating, label = lexicon.verdicts().get(r["verdict"], (r.get("rating"), r["verdict"]))
    appearance = {"@type": "NewsArticle", "headline": r.get("title"), "url": r.get("url"),
                  "datePublished": r.get("published"),
                  "publisher": {"@type": "Organization", "name": r["outlet"]} if r.get("outlet") else None}
    claim = {"@type": "Claim", "author": _speaker(r), "datePublished": r.get("said_on") or r.get("published"),
             "appearance": {k: v for k, v in appearance.items() if v is not None}, "identifier": r["claim"]}
    review_rating: dict[str, Any] = {"@type": "Rating", "alternateName": label}
    if rating is not None:
        review_rating.update(ratingValue=rating, bestRating=5, worstRating=1)
    out = {"@context": CONTEXT, "@type": "ClaimReview", "claimReviewed": r["text"],
           "datePublished": r["rated_at"][:10], "author": {"@type": "Organization", "name": reviewer},
           "reviewRating": review_rating, "itemReviewed": {k: v for k, v in claim.items() if v is not None},
           "identifier": f"review:{r['claim']}"}
    if r.get("note"):
        out["reviewBody"] = r["note"]
    return out


def write_claimreview(ledger: Ledger, out: IO[str], filters: Filters, report: "ExportReport", *,
                      reviewer: str = "claimledger") -> None:
    """A JSON array of ClaimReview objects, one per rated claim ``filters`` keep."""
    out.write("[")
    first = True
    for r in ledger.stream("ratings", filters):
        out.write(("\n" if first else ",\n") + json.dumps(claim_review(r, reviewer), ensure_ascii=False))
        first = False
        report.count("ratings")
    out.write("\n]\n")
