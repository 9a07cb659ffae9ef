"""Emoji extraction (text-layout.md §3).

Why the `emoji` package: Daily uses emoji-regex v10 (the Unicode emoji-test set incl. ZWJ
sequences, keycaps, flags, modifiers and unqualified forms); the `emoji` package carries the
same Unicode data and matches the same sequences, longest first.
"""

from __future__ import annotations

import emoji

OBJECT_REPLACEMENT = "\ufffc"


def split_emoji(text: str) -> list[tuple[str, str | None]]:
    """Fragments `(string, emoji)`: each emoji match becomes `(U+FFFC, matched text)`."""
    if text.isascii():  # no ASCII character is an emoji on its own
        return [(text, None)]
    fragments: list[tuple[str, str | None]] = []
    position = 0
    for match in emoji.emoji_list(text):
        start, end = match["match_start"], match["match_end"]
        if start > position:
            fragments.append((text[position:start], None))
        fragments.append((OBJECT_REPLACEMENT, text[start:end]))
        position = end
    if position < len(text):
        fragments.append((text[position:], None))
    return fragments
