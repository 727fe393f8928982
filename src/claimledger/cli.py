"""The command line: parse arguments, call the library function of the same
name, map errors to one line on stderr and exit code 2."""
from __future__ import annotations

import os
import sys
from datetime import datetime
from collections.abc import Callable
from typing import Any

import click
from rich.console import Console
from rich.text import Text

from claimledger import __version__, api
from claimledger.errors import ClaimledgerError
from claimledger.output.safe import safe_json, visible
from claimledger.output.tables import (render_claims, render_estimates, render_events, render_people,
                                       render_places, render_record, render_rejected, render_summary,
                                       render_trace)
from claimledger.settings import Settings, load_settings
from claimledger.output.formats import to_csv, to_json_text
from claimledger.store.results import Page


def console() -> Console:
    """A console as wide as the terminal, or 160 columns when output goes to a file or pipe."""
    return Console(width=None if sys.stdout.isatty() else 160)


def fail(err: Exception | str | None) -> None:
    """One error line on stderr; names and page text in it made visible (output/safe.py)."""
    click.echo(f"claimledger: error: {visible(err, one_line=True)}", err=True)


def run_guarded(fn: Callable[[], Any]) -> Any:
    """Call ``fn``; a ClaimledgerError becomes one line on stderr and exit code 2."""
    try:
        return fn()
    except ClaimledgerError as exc:
        fail(exc)
        sys.exit(2)


def settings_from(ctx: click.Context, **overrides: Any) -> Settings:
    """The settings for this command: the --config file, the environment, then ``overrides``."""
    settings: Settings = run_guarded(lambda: load_settings(ctx.obj.get("config"), **overrides))
    return settings


db_option = click.option("--db", "db_url", default=None, help="SQLAlchemy URL of the ledger "
                         "[default: sqlite:///claimledger.db, or CLAIMLEDGER_DB_URL].")


def ingest_progress() -> Any:
    """A progress bar for long ingests on a terminal: documents done of the total, failures,
    rate and time left (a spinner with the count when the total is not known beforehand)."""
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, ProgressColumn, SpinnerColumn,
                               TextColumn, TimeElapsedColumn, TimeRemainingColumn)
    from rich.text import Text

    class RateColumn(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f} docs/s" if task.speed else "- docs/s")
    return Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[failed]} failed"), RateColumn(), TimeElapsedColumn(),
                    TextColumn("ETA"), TimeRemainingColumn(), console=Console(stderr=True), transient=True)


allow_private_option = click.option(
    "--allow-private", is_flag=True, default=False,
    help="Allow URLs on private, loopback and link-local addresses (refused by default).")


def _not_utf8(args: list[str]) -> int | None:
    """The position (from 1) of the first argument that was not valid UTF-8 on the command line."""
    for i, arg in enumerate(args, 1):
        try:
            arg.encode("utf-8")
        except UnicodeEncodeError:
            return i
    return None


class LedgerGroup(click.Group):
    """The command group, with every failure at the edge as one line on stderr:
    usage errors and ClaimledgerErrors exit 2, an unexpected error exits 3 (its
    traceback only with CLAIMLEDGER_DEBUG=1)."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        """Refuse arguments that were not valid UTF-8 before click reads them."""
        bad = _not_utf8(args)
        if bad is not None:
            raise click.UsageError(f"argument {bad} is not valid UTF-8 text", ctx)
        return super().parse_args(ctx, args)

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Run the command; every failure becomes one line on stderr and an exit code."""
        kwargs["standalone_mode"] = False
        try:
            return super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = f" (see: {exc.ctx.command_path} --help)" if exc.ctx is not None else ""
            fail(f"{exc.format_message()}{hint}")
            sys.exit(2)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except ClaimledgerError as exc:
            fail(exc)
            sys.exit(2)
        except (KeyboardInterrupt, BrokenPipeError):
            sys.exit(130 if sys.exc_info()[0] is KeyboardInterrupt else 1)
        except Exception as exc:  # noqa: BLE001 - the last edge: one line, never a traceback
            if os.environ.get("CLAIMLEDGER_DEBUG"):
                raise
            fail(f"internal error: {exc.__class__.__name__}: {exc} (set CLAIMLEDGER_DEBUG=1 for the details)")
            sys.exit(3)


@click.group(cls=LedgerGroup)
@click.version_option(__version__)
@click.option("--config", type=click.Path(dir_okay=False), default=None,
              help="TOML settings file (default: $CLAIMLEDGER_CONFIG or ./claimledger.toml).")
@click.pass_context
def main(ctx: click.Context, config: str | None) -> None:
    """claimledger: turns conflict news into a sourced ledger."""
    ctx.ensure_object(dict)
    ctx.obj["config"] = config


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "jsonl", "table"]), default="json",
              show_default=True, help="json: one record (JSON Lines when several); table: a readable view.")
@click.option("--published", default=None, help="Publication date for pages that state none (ISO 8601).")
@click.option("--outlet", default=None, help="Outlet for pages that name none.")
@allow_private_option
@click.pass_context
def extract(ctx: click.Context, paths: tuple[str, ...], fmt: str, published: str | None,
            outlet: str | None, allow_private: bool) -> None:
    """Print one claimledger/1 record per document in PATHS: files, folders, feeds, URLs, - (stdin)."""
    settings = settings_from(ctx)
    out_console = console()
    failed = ok = 0
    held: Any = None  # the first record waits for a second: one record is indented JSON, several JSON Lines
    several = False

    def emit(rec: dict[str, Any]) -> None:
        if fmt == "table":
            render_record(out_console, rec)
        elif fmt == "jsonl" or several:
            click.echo(safe_json(rec))
        else:
            click.echo(safe_json(rec, indent=1))
    outcomes = run_guarded(lambda: api.extract(list(paths), settings, published=published, outlet=outlet,
                                               allow_private=allow_private))
    for out in outcomes:  # printed as each document is done, not held to the end
        if out.error is not None or out.record is None:
            fail(out.error)
            failed += 1
            continue
        ok += 1
        rec = out.record.to_json()
        if fmt != "json":
            emit(rec)
        elif held is None and not several:
            held = rec
        else:
            several = True
            if held is not None:
                emit(held)
                held = None
            emit(rec)
    if held is not None:
        emit(held)
    if failed:
        sys.exit(2 if not ok else 1)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--published", default=None,
              help="Publication date (ISO 8601) for pages that state none and have no sidecar or file-name date.")
@click.option("--outlet", default=None, help="Outlet for pages that name none and have no sidecar.")
@allow_private_option
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Processes running the pipeline on this machine (one per core is best).")
@click.option("--dask", "dask", default=None, metavar="ADDRESS",
              help="Run the pipeline on a Dask cluster, e.g. tcp://scheduler:8786 (with a PostgreSQL --db).")
@click.pass_context
def ingest(ctx: click.Context, paths: tuple[str, ...], db_url: str | None, published: str | None,
           outlet: str | None, allow_private: bool, workers: int, dask: str | None) -> None:
    """Extract documents in PATHS and store them in the ledger (idempotent)."""
    settings = settings_from(ctx, db_url=db_url)
    show_progress = settings.progress and sys.stderr.isatty()
    progress = ingest_progress() if show_progress else None
    task = progress.add_task("ingest", total=api.count_documents(list(paths)), failed=0) \
        if progress is not None else None
    # a progress line on a terminal (the `progress` setting); plain lines elsewhere
    failures = 0

    def report(out: Any) -> None:
        nonlocal failures
        if out.error is not None:
            failures += 1
            if progress is not None:
                progress.console.print(Text(f"claimledger: error: {visible(out.error, one_line=True)}", style="red"))
            else:
                fail(out.error)
        if progress is not None and task is not None:
            name = (out.name or "").rstrip("/").rsplit("/", 1)[-1]
            progress.update(task, advance=1, failed=failures,
                            description=visible(name[:32], one_line=True).replace('[', '('))
    if progress is not None:
        progress.start()
    try:
        rep = run_guarded(lambda: api.ingest(list(paths), settings, published=published, outlet=outlet,
                                             on_outcome=report, allow_private=allow_private,
                                             workers=workers, dask=dask))
    finally:
        if progress is not None:
            progress.stop()
    click.echo(f"stored {rep.stored} new document(s), {rep.unchanged} already in the ledger, "
               f"{rep.updated} updated with a date or outlet they lacked (or a changed extraction), "
               f"{len(rep.failed)} failed" + (" (see claimledger rejected)" if rep.failed else "")
               + f"; {rep.undated} without a publication date", err=True)
    if rep.failed:  # some inputs were not stored: say so in the exit status too
        sys.exit(2 if not (rep.stored or rep.unchanged or rep.updated) else 1)


@main.command()
@db_option
@click.option("--limit", type=click.IntRange(0, api.MAX_ROWS), default=20, show_default=True,
              help="Rows to show per category.")
@click.pass_context
def show(ctx: click.Context, db_url: str | None, limit: int) -> None:
    """Show what the ledger holds: counts, documents, claims, quantities, events, places."""
    settings = settings_from(ctx, db_url=db_url)
    summary = run_guarded(lambda: api.show(settings, limit))
    render_summary(console(), summary)


format_option = click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                             show_default=True, help="table: readable; json: every field with ids, document, "
                             "offsets and URL; csv: one row each.")
limit_option = click.option("--limit", type=click.IntRange(0, api.MAX_ROWS), default=50, show_default=True,
                            help="Rows per page (0: all of them).")
offset_option = click.option("--offset", type=click.IntRange(0, 10 ** 12), default=0, show_default=True,
                             help="Rows to skip (the next page).")


def emit_page(page: Page[Any], fmt: str, render: Callable[[Console, Any], None], what: str) -> None:
    """Print a page of rows in ``fmt``; the table view says how many match in all and what comes next."""
    if fmt == "json":
        click.echo(to_json_text(page.to_json()))
    elif fmt == "csv":
        click.echo(to_csv([r.to_json() for r in page.rows]), nl=False)
    else:
        render(console(), page.rows)
    echo_total(page.offset, len(page), page.total, what)


def echo_total(offset: int, shown: int, total: int, what: str) -> None:
    """Say (on standard error) which rows of how many a page showed, and how to get the next page."""
    rows = f"{offset + 1}-{offset + shown}" if shown else "none"
    more = f"; the next page: --offset {offset + shown}" if offset + shown < total else ""
    click.echo(f"{what} {rows} of {total}{more}", err=True)


@main.command()
@db_option
@click.option("--limit", type=click.IntRange(0, api.MAX_ROWS), default=50, show_default=True,
              help="Rows to show, newest first.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_context
def rejected(ctx: click.Context, db_url: str | None, limit: int, fmt: str) -> None:
    """Documents ingest could not read, extract or store, with the reason (newest first)."""
    settings = settings_from(ctx, db_url=db_url)
    rows = run_guarded(lambda: api.rejected(settings, limit))
    if fmt == "json":
        click.echo(safe_json(rows, indent=1))
    else:
        render_rejected(console(), rows)


@main.command()
@db_option
@click.pass_context
def migrate(ctx: click.Context, db_url: str | None) -> None:
    """Upgrade the ledger's schema to this claimledger's (queries never migrate; ingest does)."""
    settings = settings_from(ctx, db_url=db_url)
    revision = run_guarded(lambda: api.migrate(settings))
    click.echo(f"the ledger is at schema revision {revision}", err=True)


@main.command()
@db_option
@click.option("--by", default=None, help="Words of the claimant's name, role or organisation.")
@click.option("--about", "--words", "about", default=None, help="Words the claim must contain.")
@click.option("--side", default=None, help="The claimant's side, an ISO country code (exact: RU, UA, US).")
@click.option("--anonymous/--named", default=None, help="Only claims from unnamed (or named) sources.")
@click.option("--modality", type=click.Choice(["asserted", "hedged", "predicted", "confirmed", "denied"]),
              default=None)
@click.option("--outlet", default=None, help="The outlet that reported it (exact name, any case).")
@click.option("--since", default=None, help="Said (else published) on or after this ISO date.")
@click.option("--until", default=None, help="Said (else published) on or before this ISO date.")
@click.option("--search", default=None,
              help="Full-text search: every word, stemmed ('strikes' finds 'strike'; FTS5 or tsvector).")
@click.option("--entity", default=None, help="A speaker's entity id (from `claimledger people`).")
@limit_option
@offset_option
@format_option
@click.pass_context
def claims(ctx: click.Context, db_url: str | None, by: str | None, about: str | None, side: str | None,
           anonymous: bool | None, modality: str | None, outlet: str | None, since: str | None,
           until: str | None, search: str | None, entity: str | None, limit: int, offset: int, fmt: str) -> None:
    """List claims in the ledger, newest first, with the total that match."""
    settings = settings_from(ctx, db_url=db_url)
    page = run_guarded(lambda: api.claims(settings, by=by, about=about, anonymous=anonymous, side=side,
                                          modality=modality, outlet=outlet, since=since, until=until,
                                          search=search, entity=entity, limit=limit or None, offset=offset))
    emit_page(page, fmt, render_claims, "claims")


@main.command()
@click.argument("keywords", nargs=-1)
@db_option
@click.option("--window", "window_days", type=click.IntRange(0, api.MAX_WINDOW_DAYS), default=7, show_default=True,
              help="Days apart two figures may be and still count as one period (for contradictions).")
@click.option("--plot", "plot", type=click.Path(dir_okay=False), default=None,
              help="Also draw the histories (this page of them) into this PNG (or SVG/PDF) file.")
@click.option("--limit", type=click.IntRange(0, api.MAX_ROWS), default=50, show_default=True,
              help="Histories per page, most figures first (0: all of them).")
@offset_option
@click.option("--points", type=click.IntRange(0, api.MAX_ROWS), default=20, show_default=True,
              help="Figures each history shows, its first in as-of order (0: all of them).")
@format_option
@click.pass_context
def estimates(ctx: click.Context, keywords: tuple[str, ...], db_url: str | None, window_days: int,
              plot: str | None, limit: int, offset: int, points: int, fmt: str) -> None:
    """Each estimate's history across the ledger: figures for one measure in as-of order,
    with their sources, and contradictions between sources flagged; a page of histories,
    most figures first, with how many match in all.

    KEYWORDS narrow the measures (all must match: "north korean" casualties)."""
    settings = settings_from(ctx, db_url=db_url)
    page = run_guarded(lambda: api.estimate_histories(settings, list(keywords), window_days, plot,
                                                      limit=limit or None, offset=offset, points=points or None))
    histories = {h.key: h.points for h in page.rows}
    if fmt == "json":
        click.echo(safe_json({k: [p.to_json() for p in v] for k, v in histories.items()}, indent=1))
    elif fmt == "csv":
        click.echo(to_csv([p.to_json() for v in histories.values() for p in v]), nl=False)
    else:
        render_estimates(console(), histories, {h.key: h.total for h in page.rows})
    echo_total(page.offset, len(page), page.total, "histories")
    if plot:
        click.echo(f"plot written to {visible(plot, one_line=True)}", err=True)


@main.command()
@db_option
@click.option("--type", "etype", default=None, help="PLOVER type, e.g. ASSAULT, MOBILIZE, CONSULT.")
@click.option("--place", default=None, help="ISO country code (UA), GeoNames id, or place or division name; "
              "all exact (US never matches Russia).")
@click.option("--since", default=None, help="Only events on or after this date (ISO 8601).")
@click.option("--until", default=None, help="Only events on or before this date (ISO 8601).")
@click.option("--sources", "min_sources", type=int, default=None, help="At least this many independent outlets.")
@limit_option
@offset_option
@format_option
@click.pass_context
def events(ctx: click.Context, db_url: str | None, etype: str | None, place: str | None, since: str | None,
           until: str | None, min_sources: int | None, limit: int, offset: int, fmt: str) -> None:
    """Events in the ledger, each merged across the documents that report it (at ingest),
    with its number of independent sources."""
    settings = settings_from(ctx, db_url=db_url)
    page = run_guarded(lambda: api.events(settings, etype=etype, place=place, since=since, until=until,
                                          min_sources=min_sources, limit=limit or None, offset=offset))
    emit_page(page, fmt, render_events, "events")


@main.command()
@click.argument("name", required=False)
@db_option
@click.option("--kind", type=click.Choice(["person", "organization"]), default=None)
@click.option("--side", default=None, help="ISO country code of the side (exact).")
@limit_option
@offset_option
@format_option
@click.pass_context
def people(ctx: click.Context, name: str | None, db_url: str | None, kind: str | None, side: str | None,
           limit: int, offset: int, fmt: str) -> None:
    """People and organisations that speak in the ledger (NAME in any spelling), with aliases and roles."""
    settings = settings_from(ctx, db_url=db_url)
    page = run_guarded(lambda: api.people(settings, name, kind=kind, side=side, limit=limit or None,
                                          offset=offset))
    emit_page(page, fmt, render_people, "entities")


@main.command()
@click.argument("name", required=False)
@db_option
@click.option("--country", default=None, help="ISO country code (exact).")
@limit_option
@offset_option
@format_option
@click.pass_context
def places(ctx: click.Context, name: str | None, db_url: str | None, country: str | None, limit: int,
           offset: int, fmt: str) -> None:
    """GeoNames places the ledger mentions, with their first- and second-level divisions."""
    settings = settings_from(ctx, db_url=db_url)
    page = run_guarded(lambda: api.places(settings, name, country=country, limit=limit or None, offset=offset))
    emit_page(page, fmt, render_places, "places")


@main.command()
@click.argument("item_id")
@db_option
@click.option("--limit", type=click.IntRange(0, api.MAX_ROWS), default=50, show_default=True,
              help="Supports per page (0: all of them).")
@offset_option
@format_option
@click.pass_context
def trace(ctx: click.Context, item_id: str, db_url: str | None, limit: int, offset: int, fmt: str) -> None:
    """Show an item (claim, statement, entity, cluster, any record item, a document's SHA-256)
    with the documents, segments and character spans that support it (a page of them, with
    how many there are in all)."""
    settings = settings_from(ctx, db_url=db_url)
    found = run_guarded(lambda: api.trace(settings, item_id, limit=limit or None, offset=offset))
    if fmt == "json":
        click.echo(to_json_text(found.to_json()))
    elif fmt == "csv":
        click.echo(to_csv([sup.to_json() for sup in found.supports]), nl=False)
    else:
        render_trace(console(), found)
    echo_total(found.offset, len(found.supports), found.total, "supports")


@main.command()
@db_option
@click.option("--format", "fmt", required=True,
              type=click.Choice(["jsonl", "csv", "geojson", "acled-csv", "polecat-json", "prov-json", "claimreview"]),
              help="jsonl: claimledger/1 records (claimledger import reads them); csv: a folder, one file per "
                   "table; geojson: events and places; acled-csv: events in ACLED's columns; polecat-json: "
                   "events in POLECAT's layout; prov-json: W3C PROV of the claims; claimreview: schema.org "
                   "ClaimReview of rated claims.")
@click.option("--out", "out", default=None, type=click.Path(),
              help="File to write (a folder for csv) [default: standard output].")
@click.option("--since", default=None,
              help="On or after this ISO date (claims: said; events: when; documents: published).")
@click.option("--until", default=None, help="On or before this ISO date.")
@click.option("--outlet", default=None, help="Documents and claims of this outlet (exact name, any case).")
@click.option("--side", default=None, help="Claims (and speakers) of this side, an ISO country code.")
@click.option("--modality", type=click.Choice(["asserted", "hedged", "predicted", "confirmed", "denied"]),
              default=None, help="Claims of this modality.")
@click.option("--by", default=None, help="Claims by a claimant with these name, role or organisation words.")
@click.option("--type", "etype", default=None, help="Events of this PLOVER type.")
@click.option("--place", default=None, help="Events at this country code, GeoNames id or place name (exact).")
@click.option("--sources", "min_sources", type=int, default=None, help="Events with at least this many outlets.")
@click.option("--country", default=None, help="Places (and events) in this ISO country.")
@click.option("--reviewer", default="claimledger", show_default=True,
              help="claimreview: the organisation that rated the claims (ClaimReview's author).")
@click.pass_context
def export(ctx: click.Context, db_url: str | None, fmt: str, out: str | None, since: str | None, until: str | None,
           outlet: str | None, side: str | None, modality: str | None, by: str | None, etype: str | None,
           place: str | None, min_sources: int | None, country: str | None, reviewer: str) -> None:
    """Write the ledger in a format analysts' tools read, streaming (constant memory at any size)."""
    from claimledger.store.streams import Filters
    settings = settings_from(ctx, db_url=db_url)
    filters = Filters(since=since, until=until, outlet=outlet, side=side, modality=modality, by=by, etype=etype,
                      place=place, min_sources=min_sources, country=country)
    options = {"reviewer": reviewer} if fmt == "claimreview" else {}
    report = run_guarded(lambda: api.export(settings, fmt, out, filters=filters, **options))
    written = ", ".join(f"{n} {kind}" for kind, n in report.written.items()) or "nothing"
    left = "; left out: " + ", ".join(f"{n} ({why})" for why, n in report.skipped.items()) if report.skipped else ""
    where = f" to {visible(out, one_line=True)}" if out else ""
    click.echo(f"exported {written} as {fmt}{where}{left}", err=True)


@main.command("import")
@click.argument("files", nargs=-1, required=True)
@db_option
@click.pass_context
def import_(ctx: click.Context, files: tuple[str, ...], db_url: str | None) -> None:
    """Store the claimledger/1 records of JSON Lines FILES (from `export --format jsonl`) as they are."""
    settings = settings_from(ctx, db_url=db_url)
    res = run_guarded(lambda: api.import_records(settings, list(files), batch_size=settings.commit_every))
    click.echo(f"imported {res.stored} new document(s), {res.unchanged} already in the ledger, "
               f"{res.updated} updated with a date or outlet they lacked", err=True)


@main.command()
@click.argument("claim_id")
@click.argument("verdict")
@db_option
@click.option("--note", default=None, help="Why: the rater's note (ClaimReview's reviewBody).")
@click.pass_context
def rate(ctx: click.Context, claim_id: str, verdict: str, db_url: str | None, note: str | None) -> None:
    """Rate the claim CLAIM_ID: VERDICT is false, misleading, mixed, mostly-true, true or unproven
    (exported by `export --format claimreview`)."""
    settings = settings_from(ctx, db_url=db_url)
    done = run_guarded(lambda: api.rate(settings, claim_id, verdict, note))
    click.echo(f"rated {visible(done['claim'], one_line=True)}: {done['verdict']}", err=True)


@main.command()
@click.argument("feeds", nargs=-1, required=True)
@db_option
@click.option("--every", default="15m", show_default=True, help="How often to poll: 15m, 1h, 90s …")
@click.option("--once", is_flag=True, default=False, help="Poll once and exit (for cron or a test).")
@allow_private_option
@click.pass_context
def watch(ctx: click.Context, feeds: tuple[str, ...], db_url: str | None, every: str, once: bool,
          allow_private: bool) -> None:
    """Poll RSS/Atom FEEDS into the ledger, reading each entry once (survives restarts)."""
    from claimledger.ingest.watch import parse_every
    settings = settings_from(ctx, db_url=db_url)
    seconds = run_guarded(lambda: parse_every(every))

    failures = 0

    def report(r: Any) -> None:
        nonlocal failures
        failures += len(r.failed)
        for err in r.failed:
            fail(err)
        click.echo(f"{datetime.now():%Y-%m-%d %H:%M:%S} polled {r.feeds} feed(s): {r.not_modified} unchanged, "
                   f"{r.new_entries} new entr(ies), {r.stored} stored, {len(r.failed)} failed", err=True)
    try:
        run_guarded(lambda: api.watch(list(feeds), settings, seconds, allow_private=allow_private,
                                      rounds=1 if once else None, on_round=report))
    except KeyboardInterrupt:
        click.echo("stopped", err=True)
    if once and failures:
        sys.exit(1)



@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (another than 127.0.0.1 opens the desk to the network).")
@click.option("--port", default=8000, type=click.IntRange(0, 65535), show_default=True, help="Port to listen on.")
@click.option("--ingest", is_flag=True, default=False,
              help="Allow adding documents from the browser and POST /api/documents, with a token "
                   "(the ingest_token setting, or one made up and printed now).")
@click.pass_context
def serve(ctx: click.Context, db_url: str | None, host: str, port: int, ingest: bool) -> None:
    """Open the analyst's desk: web pages and a REST API (OpenAPI at /docs) over the ledger."""
    import secrets
    settings = settings_from(ctx, db_url=db_url)
    token = (settings.ingest_token or secrets.token_urlsafe(24)) if ingest else None
    click.echo(f"claimledger desk on http://{host}:{port}/ (API docs at /docs); ledger {settings.db_url}; "
               f"{'ingest on' if token else 'read-only'}", err=True)
    if token and not settings.ingest_token:
        click.echo(f"ingest token: {token}", err=True)
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"claimledger: warning: listening on {host}: anyone who can reach it can read the ledger",
                   err=True)
    run_guarded(lambda: api.serve(settings, host=host, port=port, ingest_token=token))


@main.command()
@db_option
@click.option("--since", default="24h", show_default=True,
              help="Start of the window: 24h, 90m, 3d, 2w back from now, or an ISO date or date-time. A document "
                   "counts from its publication date, else from when it was stored.")
@click.option("--until", default=None, help="End of the window: an ISO date (that day included) or date-time.")
@click.option("--about", default=None, help="Only claims, events and figures holding every one of these words.")
@click.option("--place", default=None, help="Only documents mentioning this place and events at it: an ISO "
              "country code, a GeoNames id, or a place or division name (exact).")
@click.option("--format", "fmt", type=click.Choice(["md", "html", "txt"]), default="md", show_default=True,
              help="md: Markdown; html: a standalone page; txt: plain text (what --audio speaks).")
@click.option("--audio", type=click.Path(dir_okay=False), default=None, metavar="FILE.wav",
              help="Also speak the text version into this WAV file with espeak-ng (synthetic speech, said so "
                   "at its start and in its metadata).")
@click.pass_context
def brief(ctx: click.Context, db_url: str | None, since: str, until: str | None, about: str | None,
          place: str | None, fmt: str, audio: str | None) -> None:
    """The morning brief: what changed in the ledger since --since (new claims by subject and speaker,
    estimates that moved, new contradictions and corroborations, events new or reported again, places
    by region), each line with its sources, under an extractive summary."""
    from claimledger.brief import render
    settings = settings_from(ctx, db_url=db_url)
    made = run_guarded(lambda: api.brief(settings, since=since, until=until, about=about, place=place, audio=audio))
    click.echo(visible(render(made, fmt)))
    if made.audio is not None:
        click.echo(f"synthetic speech written to {visible(made.audio.path, one_line=True)} "
                   f"({made.audio.seconds:.0f} s, {made.audio.rate} Hz)", err=True)
