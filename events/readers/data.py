"""Load the readers' data files (cues, key maps) shipped next to the code."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

import yaml

from events.errors import RuleError


@cache
def load(name: str) -> dict[str, Any]:
    """Parse ``events/readers/<name>``; a malformed file is a RuleError naming it."""
    path = f"events/readers/{name}"
    try:
        raw = resources.files("events.readers").joinpath(name).read_text(encoding="utf-8")
        data = yaml.safe_load(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(path, None, f"cannot be loaded ({exc.__class__.__name__})") from exc
    if not isinstance(data, dict):
        raise RuleError(path, None, "must be a mapping at the top level")
    return data


def compile_regex(file: str, rule_id: str, pattern: object) -> re.Pattern[str]:
    """Compile one cue's regex, reporting the file and rule on failure."""
    if not isinstance(pattern, str) or not pattern:
        raise RuleError(f"events/readers/{file}", rule_id, "needs a non-empty regex string")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise RuleError(f"events/readers/{file}", rule_id, f"has an invalid regex ({exc})") from exc
