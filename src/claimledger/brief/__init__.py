"""The morning brief: what changed in the ledger (``Ledger.changes``), told as Markdown, HTML or
plain text with an extractive summary on top, and spoken to a WAV file by espeak-ng.

    >>> from claimledger.brief import build_brief, render
    >>> print(render(build_brief(ledger.changes("24h")), "md"))
"""
from claimledger.brief.render import FORMATS, render, render_html, speech_text
from claimledger.brief.summary import Brief, SummarySentence, build_brief, summarize

__all__ = ["FORMATS", "Brief", "SummarySentence", "build_brief", "render", "render_html", "speech_text",
           "summarize"]
