"""One document in, its Extraction out: reference date, dates, entities, events, name links."""

from __future__ import annotations

from events.document import Document
from events.entities import build
from events.extract.dates import dated_spans
from events.extract.engine import extract_events
from events.extract.structured import infobox_events, table_events
from events.model import DatePoint, Extraction
from events.temporal import tag
from events.temporal.reference import infer_reference_date, narrative_mode


def reference_date(doc: Document, published: str | None = None) -> tuple[DatePoint | None, str | None]:
    """The date the document speaks from: ``published`` (the user's), metadata, else inferred."""
    if published:
        return DatePoint.parse(published), "metadata"
    if doc.published:
        return DatePoint.parse(doc.published), doc.published_how or "metadata"
    found = infer_reference_date(
        doc.text, metadata=None, title=doc.title, boilerplate=doc.boilerplate, tag=tag
    )
    if doc.updated and found[1] != "dateline":
        return DatePoint.parse(doc.updated), "metadata"  # the file's last-edit date, when the text has none
    return found


def extract(doc: Document, published: str | None = None) -> Extraction:
    """Everything ``events/`` learns from ``doc``; ``published`` overrides the document's own date."""
    ref, how = reference_date(doc, published)
    ref_value = ref.value if ref is not None else None
    # News-style reference dates place bare dates near them; a year-only one lets the story do it.
    found = tag(doc.text, ref_value, narrative=narrative_mode(ref_value))
    timexes = [t for t in found if not doc.in_boilerplate(t.start, t.end)]
    spans = dated_spans(doc.text, timexes)
    registry = build(doc, blocked=[(t.start, t.end) for t in timexes])
    box = infobox_events(doc, registry, ref_value, how)
    subs = [e.object for e in box if e.type == "established_subsidiary" and e.object]
    events, implied = extract_events(
        doc, registry, spans, ref, published=ref_value, published_how=how, subsidiaries=subs
    )
    events += box
    events += table_events(doc, registry, ref_value, how)
    return Extraction(
        doc=doc.name,
        doc_sha256=doc.sha256,
        text=doc.text,
        reference_date=ref,
        reference_how=how,
        events=tuple(events),
        links=tuple(registry.links() + implied),
        entities=tuple(registry.infos()),
    )
