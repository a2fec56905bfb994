"""exports/: one module per format, each a pure function from events to bytes."""
