"""Estimate histories drawn with matplotlib: one panel per measure, each
figure a vertical band from its low to its high at its as-of date (a dot for
an exact figure, an arrow for an open bound), coloured by the side of its
source; contradicting figures are ringed."""
from __future__ import annotations

from datetime import date

from claimledger.errors import ClaimledgerError
from claimledger.store.estimates import APPROX_SLACK, Point

#: colours for sides in the order they first appear (matplotlib's "tab10", grey left out)
PALETTE = ("#1f77b4", "#d62728", "#9467bd", "#2ca02c", "#ff7f0e", "#8c564b", "#e377c2", "#bcbd22", "#17becf")
#: the colour of figures whose source has no known side
UNKNOWN_SIDE = "#7f7f7f"


def colour(side: str | None, seen: dict[str | None, str]) -> str:
    """The colour of ``side`` in one figure: the next free palette colour the first time it is seen."""
    if side not in seen:
        named = sum(1 for s in seen if s is not None)
        seen[side] = UNKNOWN_SIDE if side is None else PALETTE[named % len(PALETTE)]
    return seen[side]


def plot_histories(histories: dict[str, list[Point]], path: str, max_panels: int = 6) -> int:
    """Draw up to ``max_panels`` histories into ``path`` (PNG, SVG or PDF by its suffix);
    returns how many were drawn."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError as exc:  # the 'plot' extra is not installed
        raise ClaimledgerError("plotting needs matplotlib: pip install 'claimledger[plot]'") from exc
    dated = {k: [p for p in v if p.as_of] for k, v in histories.items()}
    keys = [k for k, v in dated.items() if v][:max_panels]
    if not keys:
        raise ClaimledgerError("no dated estimates to plot")
    fig, axes = plt.subplots(len(keys), 1, figsize=(9, 3.2 * len(keys)), squeeze=False)
    seen: dict[str | None, str] = {}
    for ax, key in zip(axes[:, 0], keys):
        points = dated[key]
        top = max((p.high if p.high is not None else p.low or 0) for p in points) or 1
        for p in points:
            x = date.fromisoformat((p.as_of or "")[:10])
            c = colour(p.side, seen)
            lo = p.low if p.low is not None else 0
            hi = p.high if p.high is not None else top * 1.25
            if p.approximate:  # "about 3,000": a band as wide as the approximation allows
                ax.vlines(x, lo * (1 - APPROX_SLACK), hi * (1 + APPROX_SLACK), colors=c, linewidth=9, alpha=0.2)
            if hi > lo:
                ax.vlines(x, lo, hi, colors=c, linewidth=9, alpha=0.45)
            else:
                ax.plot([x], [lo], "o", color=c, markersize=7)
            if p.high is None:
                ax.annotate("", xy=(x, hi), xytext=(x, lo), arrowprops={"arrowstyle": "->", "color": c})
            if p.contradicts:
                ax.plot([x], [(lo + hi) / 2], "o", markersize=16, markerfacecolor="none",
                        markeredgecolor="black", markeredgewidth=1.5)
            label = p.outlet or p.claimant or ""
            ax.annotate(label, (x, hi), textcoords="offset points", xytext=(4, 2), fontsize=7)
        first = points[0]
        title = f"{first.subject or key.split('|')[0]} · {first.measure or 'count'}"
        places = sorted({p.place for p in points if p.place})
        if places:
            title += f" · {', '.join(places)}"
        ax.set_title(title, fontsize=10, loc="left")
        ax.set_ylim(bottom=0, top=top * 1.35)
        ax.margins(x=0.08)
        ax.grid(axis="y", alpha=0.3)
        fig.autofmt_xdate()
    from matplotlib.lines import Line2D
    handles = [Line2D([], [], color=c, linewidth=8, alpha=0.6, label=side or "unknown side")
               for side, c in seen.items()]
    handles.append(Line2D([], [], marker="o", linestyle="none", markerfacecolor="none",
                          markeredgecolor="black", markersize=10, label="contradicted"))
    axes[0, 0].legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    fig.tight_layout()
    try:
        fig.savefig(path, dpi=120)
    except (OSError, ValueError) as exc:  # an unwritable path, an unknown suffix
        raise ClaimledgerError(f"cannot write the plot: {exc}", source=path) from exc
    finally:
        plt.close(fig)
    return len(keys)
