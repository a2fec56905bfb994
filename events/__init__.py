"""events/: documents in, dated events out. Pure: no store, no clock."""
