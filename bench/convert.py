"""The shared generator's log (make_eventlog.py) in our event vocabulary.

The generator speaks in (entity, attribute, value, valid_from, valid_to) rows;
our log holds events as a document would state them. The mapping, row by row:

- founded (attribute ``name``) -> ``founded`` {name}; subject = the entity's
  founding name.
- renamed, or a correction of ``name`` -> ``renamed`` {old_name: the name
  before, new_name}.
- ownership_acquired / stake_changed / a correction of ``owner:H`` ->
  ``acquired_stake`` (``sold_stake`` when the holder's stake fell); holder H
  is the subject, the entity the object; {stake: the change, stake_after:
  the holder's stake afterwards}.
- the end of a holding (``valid_to`` before the holder's next row of that
  entity, or no next row) -> ``sold_stake`` {stake, stake_after: 0} at
  ``valid_to``, day precision.
- relocated, or a correction of ``hq_city`` -> ``headquarters_moved`` {city}.
- retraction -> applied here: the retraction and the event it retracts are
  left out (our curation format is the engine's business).

Names: the generator draws names from ~28k combinations for 100k entities, so
two entities often share one. Our registry resolves *names* to entities
(DESIGN.md), so every name gets its entity id appended ("Orion Capital Ltd
[E0000007]") to keep one entity per generator entity. Person holders
(``P0620946``) keep their id as name.

Dates: ``valid_from`` at its precision becomes our ISO value (day
``2003-06-27``, month ``2003-06``, quarter ``2003-Q2``, year ``2003``).
Differences in meaning that remain, so answers may differ from the
generator's reference on some queries:
- a date inside an imprecise event's interval is *uncertain* for us (a
  "2007" rename asked about 2007-06-01), but settled for the generator;
- a row that never holds for the generator (a same-day correction replaced
  it, or it closes the day it opens) is left out, so a correction replaces
  the value it corrects instead of standing beside it as a conflict.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl

NAME_KIND, OWNER_KIND, HQ_KIND = "name", "owner", "hq"


def apply_retractions(raw: pl.DataFrame) -> pl.DataFrame:
    """Drop retraction rows and the events they retract."""
    retracted = raw.filter(pl.col("event_type") == "retraction").select(
        pl.col("value").cast(pl.Int64).alias("event_id")
    )
    return raw.filter(pl.col("event_type") != "retraction").join(retracted, on="event_id", how="anti")


def label(name: pl.Expr, entity_id: pl.Expr) -> pl.Expr:
    """The unique display name of an entity's name: 'Orion Capital Ltd [E0000007]'."""
    return pl.concat_str([name, pl.lit(" ["), entity_id, pl.lit("]")])


def iso_value(valid_from: pl.Expr, precision: pl.Expr) -> pl.Expr:
    """Our ISO date value of a period start at a precision."""
    quarter = pl.concat_str(
        [valid_from.dt.strftime("%Y"), pl.lit("-Q"), ((valid_from.dt.month() - 1) // 3 + 1).cast(pl.String)]
    )
    return (
        pl.when(precision == "day")
        .then(valid_from.dt.strftime("%Y-%m-%d"))
        .when(precision == "month")
        .then(valid_from.dt.strftime("%Y-%m"))
        .when(precision == "quarter")
        .then(quarter)
        .otherwise(valid_from.dt.strftime("%Y"))
    )


def settled(log: pl.DataFrame) -> pl.DataFrame:
    """The log with ``until`` (the generator's valid_until) per row; rows that never hold are dropped.

    until = min(valid_to, the next row's valid_from); a row with until <= valid_from
    (a same-day correction replaced it, or it closes the day it opens) is left
    out, exactly as the anchors' compact table leaves it out.
    """
    same = (pl.col("entity_id") == pl.col("entity_id").shift(-1)) & (
        pl.col("attribute") == pl.col("attribute").shift(-1)
    )
    return (
        log.sort("entity_id", "attribute", "valid_from", "recorded_at", "event_id")
        .with_columns(
            until=pl.min_horizontal(pl.when(same).then(pl.col("valid_from").shift(-1)), pl.col("valid_to"))
        )
        .filter(pl.col("until").is_null() | (pl.col("until") > pl.col("valid_from")))
    )


def founding_names(log: pl.DataFrame) -> pl.DataFrame:
    """entity_id -> its founding label (the name every event of the entity uses as subject)."""
    return log.filter(pl.col("event_type") == "founded").select(
        "entity_id", label(pl.col("value"), pl.col("entity_id")).alias("entity")
    )


def period_end(valid_from: pl.Expr, precision: pl.Expr) -> pl.Expr:
    """The last day of the period that starts at valid_from (DatePoint.end)."""
    return (
        pl.when(precision == "month")
        .then(valid_from.dt.offset_by("1mo"))
        .when(precision == "quarter")
        .then(valid_from.dt.offset_by("3mo"))
        .when(precision == "year")
        .then(valid_from.dt.offset_by("1y"))
        .otherwise(valid_from.dt.offset_by("1d"))
    ).dt.offset_by("-1d")


def _common(kind_frame: pl.DataFrame, attributes: pl.Expr, *, with_object: bool) -> pl.DataFrame:
    """The columns every converted event has (see ``to_events``)."""
    return kind_frame.select(
        "entity_id",
        "recorded_at",
        "type",
        "subject",
        pl.col("object") if with_object else pl.lit(None, pl.String).alias("object"),
        "date",
        "precision",
        pl.col("valid_from").alias("date_start"),
        period_end(pl.col("valid_from"), pl.col("precision")).alias("date_end"),
        attributes.struct.json_encode().alias("attributes"),
        pl.col("source_doc").alias("doc"),
        # the generator has no text: the quote names the fact it stands for
        pl.concat_str([pl.col("type"), pl.lit(" "), pl.col("date")]).alias("quote"),
        "confidence",
    )


def curated_lines(events: pl.DataFrame) -> pl.Series:
    """Converted events as lines of a curated ``*.events.jsonl`` file (the ingest path)."""
    fields = pl.struct(
        "type", "subject", "object", "date", pl.struct("doc", "quote").alias("source"), "confidence"
    )
    # attributes are JSON text already: splice them in; most types have no object
    head = fields.struct.json_encode().str.replace(',"object":null', "", literal=True).str.strip_suffix("}")
    line = pl.concat_str([head, pl.lit(',"attributes":'), pl.col("attributes"), pl.lit("}")])
    return events.select(line.alias("line"))["line"]


def name_events(log: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """founded and renamed events from the name chain of each entity."""
    chain = (
        log.filter(pl.col("attribute") == "name")
        .join(names, on="entity_id")
        .sort("entity_id", "valid_from", "recorded_at", "event_id")
        .with_columns(
            new=label(pl.col("value"), pl.col("entity_id")),
            date=iso_value(pl.col("valid_from"), pl.col("precision")),
        )
        .with_columns(old=pl.coalesce(pl.col("new").shift(1).over("entity_id"), pl.col("entity")))
    )
    founded = chain.filter(pl.col("event_type") == "founded").with_columns(
        type=pl.lit("founded"), subject=pl.col("entity")
    )
    renamed = chain.filter(pl.col("event_type") != "founded").with_columns(
        type=pl.lit("renamed"), subject=pl.col("entity")
    )
    return pl.concat(
        [
            _common(founded, pl.struct(name="new"), with_object=False),
            _common(renamed, pl.struct(old_name="old", new_name="new"), with_object=False),
        ]
    )


def ownership_events(log: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """acquired_stake/sold_stake events, plus a sold_stake to 0 where a holding ends."""
    chain = (
        log.filter(pl.col("attribute").str.starts_with("owner:"))
        .join(names, on="entity_id")
        .join(names.rename({"entity_id": "value", "entity": "holder_entity"}), on="value", how="left")
        .sort("entity_id", "attribute", "valid_from", "recorded_at", "event_id")
        .with_columns(
            holder=pl.coalesce("holder_entity", "value"),
            prev_stake=pl.col("stake").shift(1).over("entity_id", "attribute"),
            prev_until=pl.col("until").shift(1).over("entity_id", "attribute"),
            next_from=pl.col("valid_from").shift(-1).over("entity_id", "attribute"),
        )
        .with_columns(
            before=pl.when(pl.col("prev_until").is_null() | (pl.col("prev_until") >= pl.col("valid_from")))
            .then(pl.col("prev_stake"))
            .otherwise(0.0)
            .fill_null(0.0)
        )
    )
    holds = chain.with_columns(
        type=pl.when(pl.col("stake") >= pl.col("before"))
        .then(pl.lit("acquired_stake"))
        .otherwise(pl.lit("sold_stake")),
        subject=pl.col("holder"),
        object=pl.col("entity"),
        date=iso_value(pl.col("valid_from"), pl.col("precision")),
        change=(pl.col("stake") - pl.col("before")).abs().round(6),
    )
    ends = chain.filter(
        pl.col("until").is_not_null()
        & (pl.col("next_from").is_null() | (pl.col("until") < pl.col("next_from")))
    ).with_columns(
        type=pl.lit("sold_stake"),
        subject=pl.col("holder"),
        object=pl.col("entity"),
        date=pl.col("until").dt.strftime("%Y-%m-%d"),
        valid_from=pl.col("until"),
        change=pl.col("stake"),
        stake=pl.lit(0.0),
    )
    attrs = pl.struct(stake="change", stake_after="stake")
    return pl.concat([_common(holds, attrs, with_object=True), _common(ends, attrs, with_object=True)])


def hq_events(log: pl.DataFrame, names: pl.DataFrame) -> pl.DataFrame:
    """headquarters_moved events."""
    rows = (
        log.filter(pl.col("attribute") == "hq_city")
        .join(names, on="entity_id")
        .with_columns(
            type=pl.lit("headquarters_moved"),
            subject=pl.col("entity"),
            date=iso_value(pl.col("valid_from"), pl.col("precision")),
        )
    )
    return _common(rows, pl.struct(city="value"), with_object=False)


def to_event_parts(raw: pl.DataFrame, buckets: int = 1) -> Iterator[pl.DataFrame]:
    """The generator's raw log -> our events, in ``buckets`` parts split by entity.

    A part holds every event of its entities (ownership events go with the
    owned entity), so parts convert independently and the peak memory of a
    10M-event log is about a bucket's worth. Columns: see ``to_events``.
    """
    log = apply_retractions(raw.rechunk())
    # from the whole log: a same-day name correction may settle the founded row away
    names = founding_names(log)
    bucket = pl.col("entity_id").str.slice(1).cast(pl.Int64) % buckets
    for b in range(buckets):
        part = settled(log.filter(bucket == b) if buckets > 1 else log)
        yield pl.concat([name_events(part, names), ownership_events(part, names), hq_events(part, names)])


def to_events(raw: pl.DataFrame) -> pl.DataFrame:
    """The generator's raw log -> our events, one row each.

    Columns: entity_id, recorded_at (the generator's), type, subject, object,
    date (ISO at its precision), precision, date_start, date_end (first and
    last day), attributes (JSON text), doc, quote, confidence. Rows come in
    record order (recorded_at), the order a store would have learned them.
    """
    return pl.concat(to_event_parts(raw)).sort("recorded_at", "entity_id", "date_start")
