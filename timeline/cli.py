"""The ``timeline`` command: each command parses, calls one function, prints.

Errors a user can cause (TimelineError) are turned into one line on stderr
and exit status 1 in one place, ``TimelineGroup.invoke``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from events.errors import TimelineError
from exports import EXPORTERS, LEFT_OUT_WHY, left_out

#: Above this many files, ingest shows a progress bar even when stderr is not a terminal.
PROGRESS_FILES = 20


class OneLineUsageError(click.UsageError):
    """A usage mistake as one line on stderr (exit status 2), the help command named in it.

    click prints a usage block, a hint and a blank line before the message; the
    contract is one sentence, so a script reading stderr gets the cause alone.
    """

    def show(self, file: Any = None) -> None:
        where = f"`{self.ctx.command_path} --help`" if self.ctx is not None else "`timeline --help`"
        click.echo(f"Error: {self.format_message()} (see {where})", err=True, file=file)


class TimelineGroup(click.Group):
    """The command group; turns user errors (TimelineError, usage, file system) into one line."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except TimelineError as exc:
            raise click.ClickException(str(exc)) from None
        except click.UsageError as exc:
            raise OneLineUsageError(exc.format_message(), exc.ctx) from None
        except OSError as exc:
            # The file system refused (a parent that is a file, no permission, disk full):
            # the user's environment, not a bug, so one line naming the path.
            where = f"{exc.filename}: " if exc.filename else ""
            raise click.ClickException(f"{where}{exc.strerror or exc}") from None

    def make_context(
        self, info_name: str | None, args: list[str], parent: click.Context | None = None, **extra: Any
    ) -> click.Context:
        try:
            return super().make_context(info_name, args, parent, **extra)
        except click.exceptions.NoArgsIsHelpError:
            raise  # plain `timeline` shows the help, as click does
        except click.UsageError as exc:  # the group's own options (``timeline --bogus``)
            raise OneLineUsageError(exc.format_message(), exc.ctx) from None


def _store(ctx: click.Context) -> Path:
    return Path(ctx.obj["store"])


def _filters(f: Callable[..., Any]) -> Callable[..., Any]:
    """The event filters shared by ``events`` and ``export``."""
    f = click.option("--to", "to", metavar="DATE", help="Only events that start by the end of DATE.")(f)
    f = click.option(
        "--from",
        "from_",
        metavar="DATE",
        help="Only events that end on or after the start of DATE (a day, 2020-06, 2020-Q1 or 2020).",
    )(f)
    f = click.option("--type", "type_", metavar="TYPE", help="Only events of this type.")(f)
    f = click.option("--entity", metavar="NAME", help="Only events with this entity as subject or object.")(f)
    return f


def _format(*choices: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


@click.group(cls=TimelineGroup)
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="TIMELINE_STORE",
    default=".timeline",
    show_default=True,
    help="Store directory (or $TIMELINE_STORE).",
)
@click.version_option(package_name="timeline")
@click.pass_context
def cli(ctx: click.Context, store: Path) -> None:
    """Dated events from documents, one sourced event log, and each entity's state on any date."""
    ctx.obj = {"store": store}


@cli.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--published", metavar="DATE", help="Reference date of the documents when they do not say.")
@click.option("--recorded-at", hidden=True, help="Record time to stamp on the batch (tests and demos).")
@click.pass_context
def ingest(
    ctx: click.Context, paths: tuple[str, ...], published: str | None, recorded_at: str | None
) -> None:
    """Read documents and *.events.jsonl files (or folders of them) into the store."""
    from timeline.ingest import collect, ingest_parsed, parse_all

    files = collect(paths)
    with _progress(len(files)) as tick:
        parsed = parse_all(files, published, tick)
    report = ingest_parsed(_store(ctx), parsed, recorded_at=recorded_at or _now())
    skipped = f"; {len(report.skipped)} already in the store" if report.skipped else ""
    click.echo(
        f"ingested {report.documents} file(s): {report.events} new events,"
        f" {report.links} name links{skipped}",
        err=True,
    )


def _now() -> str:
    # The one clock of the engine: record time, read at the CLI edge only.
    from datetime import UTC, datetime

    return datetime.now(UTC).isoformat(timespec="microseconds")


class _progress:
    """A rich progress bar on stderr, for a terminal or many files; otherwise nothing."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Callable[[int, int, str], None] | None:
        if self.total > PROGRESS_FILES or (self.total > 1 and sys.stderr.isatty()):
            from rich.progress import Progress

            self.bar = Progress(transient=True, console=_stderr_console())
            self.bar.start()
            task = self.bar.add_task("reading", total=self.total)

            def tick(done: int, total: int, name: str) -> None:
                self.bar.update(task, completed=done, description=name[:40])

            return tick
        return None

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _stderr_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


@cli.command()
@click.argument("entity")
@click.option("--at", "at", required=True, metavar="DATE", help="The day (YYYY-MM-DD).")
@_format("table", "json")
@click.option("--as-known", metavar="DATE", help="Use only what the store had recorded by DATE.")
@click.pass_context
def state(ctx: click.Context, entity: str, at: str, fmt: str, as_known: str | None) -> None:
    """The state of ENTITY on a date: name, owners, holdings, people, figures."""
    from timeline import query, render

    data = query.state(_store(ctx), entity, at, as_known=as_known)
    click.echo(render.to_json(data) if fmt == "json" else render.state_table(data), nl=fmt == "json")


@cli.command()
@click.argument("entity")
@_format("table", "json")
@click.pass_context
def history(ctx: click.Context, entity: str, fmt: str) -> None:
    """Every name ENTITY carried, and every event about it in date order."""
    from timeline import query, render

    data = query.history(_store(ctx), entity)
    click.echo(render.to_json(data) if fmt == "json" else render.history_table(data), nl=fmt == "json")


@cli.command()
@_filters
@_format("table", "json", "jsonl", "csv")
@click.pass_context
def events(
    ctx: click.Context, entity: str | None, type_: str | None, from_: str | None, to: str | None, fmt: str
) -> None:
    """List events, filtered by entity, type and date range."""
    from timeline import query, render

    records = query.event_records(_store(ctx), entity=entity, type=type_, from_=from_, to=to)
    out = {
        "table": render.events_table,
        "json": render.to_json,
        "jsonl": render.to_jsonl,
        "csv": render.to_csv,
    }[fmt](records)
    click.echo(out, nl=fmt == "json")


@cli.command()
@_format("table", "json")
@click.pass_context
def entities(ctx: click.Context, fmt: str) -> None:
    """List every entity with its id and every name it carried."""
    from timeline import query, render

    items = query.entities(_store(ctx))
    click.echo(render.to_json(items) if fmt == "json" else render.entities_table(items), nl=fmt == "json")


@cli.command()
@_format("table", "json")
@click.pass_context
def conflicts(ctx: click.Context, fmt: str) -> None:
    """Facts that sources state differently: the chosen value, why, and the alternatives.

    The value used: for a date, the more precise date, then the later-published
    source, then higher confidence, then the event id (a tie); for a stake or a
    figure, the later-published source first. Each conflict names the rule that
    decided it; the alternatives stay in the log with their quotes.
    """
    from timeline import query, render

    items = query.conflicts(_store(ctx))
    click.echo(render.to_json(items) if fmt == "json" else render.conflicts_table(items), nl=fmt == "json")


@cli.command(help=f"Write the (filtered) events to a file in FORMAT: {', '.join(sorted(EXPORTERS))}.")
@click.argument("fmt", metavar="FORMAT", type=click.Choice(sorted(EXPORTERS)))
@click.option("--out", required=True, type=click.Path(dir_okay=False, path_type=Path), help="File to write.")
@_filters
@click.pass_context
def export(
    ctx: click.Context,
    fmt: str,
    out: Path,
    entity: str | None,
    type_: str | None,
    from_: str | None,
    to: str | None,
) -> None:
    from timeline import query
    from timeline.store import atomic_write_bytes

    records = query.event_records(_store(ctx), entity=entity, type=type_, from_=from_, to=to)
    atomic_write_bytes(out, EXPORTERS[fmt](records))
    skipped = left_out(fmt, records)
    note = f"; {skipped} events left out ({LEFT_OUT_WHY[fmt]})" if skipped else ""
    click.echo(f"wrote {len(records) - skipped} events to {out}{note}", err=True)


@cli.command()
@click.option("--dct", metavar="DATE", help="Document creation time for lines that do not carry one.")
def tag(dct: str | None) -> None:
    """Tag temporal expressions: JSONL {doc_id, dct, text} on stdin, one JSONL line per expression out."""
    from events.temporal.stream import tag_stream

    for line in tag_stream(sys.stdin, dct):
        click.echo(line.rstrip("\n"))


def main() -> None:
    """Console entry point."""
    cli(prog_name="timeline")
