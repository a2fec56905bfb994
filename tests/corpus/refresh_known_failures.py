"""Rewrite tests/corpus/known_failures.yaml from a run of the corpus tests.

    .venv/bin/python tests/corpus/refresh_known_failures.py

Runs tests/test_corpus.py with --runxfail (every expectation counts), and lists each
failing test id with a one-line account of what the engine did instead.  Run it after
the engine changes; review the diff: a line that disappears is a fact the engine learned,
a line that appears is a regression to look at before committing.
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
TARGET = ROOT / "tests" / "corpus" / "known_failures.yaml"
HEADER = (
    "# Expectations the engine does not meet yet: test id -> what it did instead (run of {stamp}).\n"
    "# The harness marks these xfail (strict=False); an XPASS means the engine learned the fact:\n"
    "# delete its line. The expectations themselves are never edited to match the engine.\n"
    "# Regenerate: .venv/bin/python tests/corpus/refresh_known_failures.py\n"
)


def account(message: str) -> str:
    """The failure message, shortened to what the engine produced."""
    msg = re.sub(r"^(Failed|AssertionError): ", "", message.split("\n")[0])
    if "; events of that type:" in msg:
        got = msg.split("; events of that type:")[1]
        items = sorted(set(re.findall(r"[\"'](\w+ '[^']*' -> [^@]*@ \S+)", got)))
        msg = "same-type events: " + "; ".join(items) if items else "no event of that type"
    msg = re.sub(r"\s+", " ", msg)
    return msg if len(msg) <= 220 else msg[:217] + "..."


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "corpus.xml"
        subprocess.run(
            [sys.executable, "-m", "pytest", "tests/test_corpus.py", "-q", "-p", "no:cacheprovider",
             "-o", "addopts=", "--runxfail", f"--junitxml={report}"],
            cwd=ROOT, capture_output=True, check=False,
        )  # fmt: skip
        failures: dict[str, str] = {}
        for case in ET.parse(report).getroot().iter("testcase"):
            failure = case.find("failure")
            found = re.match(r"\w+\[(.*)\]$", case.get("name", ""))
            if failure is None or found is None:
                continue
            # pytest escapes non-ASCII in ids ("Atl\xe1ntida"); the harness looks names up unescaped.
            case_id = codecs.decode(found.group(1).encode("ascii"), "unicode_escape")
            failures[case_id] = account(failure.get("message") or "")
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = yaml.safe_dump(failures, allow_unicode=True, sort_keys=True, width=1000) if failures else "{}\n"
    TARGET.write_text(HEADER.format(stamp=stamp) + body, encoding="utf-8")
    print(f"{len(failures)} known failures written to {TARGET.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
