"""The shipped emoji font for the studio's own widgets.

Message lists, timeline labels and their tooltips quote what participants sent, emoji included;
on a system without an emoji font Qt drew empty boxes there. The engine ships Noto Color Emoji
for compositions (vcs_engine/fonts), and registering that file with Qt (about 3 ms) lets Qt's
font fallback find it for the studio's widgets too.
"""

from __future__ import annotations

from functools import cache

from PySide6.QtGui import QFontDatabase

from vcs_engine.fonts import EMOJI_FAMILY, font_path


@cache
def register_emoji_font() -> bool:
    """Register the shipped emoji font once per process (a QGuiApplication must exist); False
    when Qt refused the file."""
    return QFontDatabase.addApplicationFont(str(font_path(EMOJI_FAMILY, 400, False))) >= 0
