"""One error family for the whole engine; the CLI turns each into a one-line message."""

from __future__ import annotations


class TimelineError(Exception):
    """Base of every error a user can cause; its message is one sentence."""


class InputError(TimelineError):
    """A document or events file cannot be read: missing, binary, empty, malformed."""

    def __init__(self, path: str, reason: str, line: int | None = None) -> None:
        self.path = path
        self.reason = reason
        self.line = line
        where = f"{path}, line {line}" if line is not None else path
        super().__init__(f"{where}: {reason}")


class DateError(TimelineError):
    """A date that does not exist (2023-02-30) or cannot be parsed."""


class UnknownEntityError(TimelineError):
    """No entity carries the given name, or the name is ambiguous."""


class RuleError(TimelineError):
    """A rule file is invalid; the message names the file and the rule id."""

    def __init__(self, path: str, rule_id: str | None, reason: str) -> None:
        self.path = path
        self.rule_id = rule_id
        self.reason = reason
        where = f"{path}, rule {rule_id}" if rule_id else path
        super().__init__(f"{where}: {reason}")


class StoreError(TimelineError):
    """The store is locked, unreadable or would be made inconsistent."""
