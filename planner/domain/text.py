"""Case- and accent-folding for search keys.

Written here rather than taken from anyascii/unidecode: those transliterate every script
to ASCII, so a name typed in Chinese or Cyrillic could no longer be found by its own
characters. We only strip Latin diacritics and fold case.
"""

from __future__ import annotations

import re
import unicodedata

# Letters that carry no combining mark to strip under NFKD.
_EXTRA = str.maketrans(
    {
        "ł": "l",
        "Ł": "l",
        "đ": "d",
        "Đ": "d",
        "ø": "o",
        "Ø": "o",
        "æ": "ae",
        "Æ": "ae",
        "œ": "oe",
        "Œ": "oe",
        "þ": "th",
        "Þ": "th",
        "ı": "i",
        "ß": "ss",
    }
)
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(text: str) -> str:
    """Lower-case, accent-free form: 'José Núñez' -> 'jose nunez'."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", stripped).casefold()


def fold_words(text: str) -> list[str]:
    """Distinct folded words in order: 'Ana-María López' -> ['ana', 'maria', 'lopez']."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        seen.setdefault(word, None)
    return list(seen)
