"""Name keys: how two spellings of one name are recognised as the same name."""

from __future__ import annotations

import re
import unicodedata

#: Legal-form words dropped from the end of a name ("Aurora Motors Ltd." = "Aurora Motors").
#: Only legal forms: "Group", "Holding" and "Motors" are part of the name.
LEGAL_SUFFIXES: frozenset[str] = frozenset(
    {
        "co",
        "company",
        "ltd",
        "limited",
        "inc",
        "incorporated",
        "corp",
        "corporation",
        "plc",
        "llc",
        "ag",
        "ab",
        "sa",
        "nv",
        "bv",
        "gmbh",
        "spa",
        "se",
        "publ",
        "kg",
        "kgaa",
        "oy",
        "as",
        "asa",
        "pte",
        "pty",
        "srl",
        "sarl",
    }
)

_PUNCT = re.compile(r"[^\w\s]+")


def name_key(name: str) -> str:
    """The comparison key of a name: case-, accent-form-, punctuation- and legal-suffix-insensitive.

    "AURORA MOTORS LTD." and "Aurora Motors Ltd" give ``aurora motors``. Only
    *trailing* legal forms are dropped, so "Co-operative Bank" keeps its "co".
    """
    text = unicodedata.normalize("NFKC", name).casefold().replace("\u2019", "'")
    text = text.replace("'s ", " ").replace("'", "")
    words: list[str] = []
    for w in _PUNCT.sub(" ", text).split():
        # "N.V." and "S.A." arrive as single letters: glue them back into one word.
        if (
            len(w) == 1
            and w.isalpha()
            and words
            and len(words[-1]) < 3
            and words[-1].isalpha()
            and words[-1] not in ("a", "i")
        ):
            words[-1] += w
        else:
            words.append(w)
    while len(words) > 1 and words[-1] in LEGAL_SUFFIXES:
        words.pop()
    return " ".join(words)
