"""The domain's date model: ISO values at a precision and the days they cover."""

from datetime import date

import pytest

from events.errors import DateError
from events.model import EVENT_TYPES, DatePoint, event_id


@pytest.mark.parametrize(
    ("value", "precision", "first", "last"),
    [
        ("2003-06-27", "day", date(2003, 6, 27), date(2003, 6, 27)),
        ("2007-05", "month", date(2007, 5, 1), date(2007, 5, 31)),
        ("2024-02", "month", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-Q1", "quarter", date(2024, 1, 1), date(2024, 3, 31)),
        ("2021-H2", "half", date(2021, 7, 1), date(2021, 12, 31)),
        ("2016", "year", date(2016, 1, 1), date(2016, 12, 31)),
        ("199", "decade", date(1990, 1, 1), date(1999, 12, 31)),
    ],
)
def test_datepoint_covers_the_interval_its_precision_gives(
    value: str, precision: str, first: date, last: date
) -> None:
    d = DatePoint.parse(value)
    assert (d.value, d.precision, d.start, d.end) == (value, precision, first, last)
    assert d.contains(first) and d.contains(last)


@pytest.mark.parametrize("value", ["2023-02-30", "2023-13", "2023-Q5", "June 2023", "", "2023-6-1"])
def test_impossible_or_malformed_dates_are_date_errors(value: str) -> None:
    with pytest.raises(DateError) as err:
        DatePoint.parse(value)
    assert "\n" not in str(err.value)


def test_event_ids_are_stable_and_separate_types_and_spans() -> None:
    a = event_id("abc", 10, 20, "renamed")
    assert a == event_id("abc", 10, 20, "renamed")
    assert len({a, event_id("abc", 10, 20, "founded"), event_id("abc", 10, 21, "renamed")}) == 3


def test_vocabulary_has_no_duplicates() -> None:
    assert len(EVENT_TYPES) == len(set(EVENT_TYPES))
