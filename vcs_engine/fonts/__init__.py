"""The pinned font files shipped with the engine, and the tables that describe them.

Why the files are package data and pinned: Daily's measurement (line breaks, Text sizes) and
drawing depend on the exact advances and kerning of specific old font releases (fonts.md §1),
so the 74 TTFs are committed unmodified and guarded by a SHA-256 manifest test. Nothing is
downloaded or looked up in system fonts at run time.

Only the *facts* about the set live here. Each consumer applies its own selection rules,
because Daily's measurement resolution (vcs_engine.text.fonts) and the renderer's weight
fallback (vcs_engine.render) deliberately differ.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

FONT_DIR: Path = Path(str(files(__name__)))
"""Folder holding the `.ttf` files (a real directory: the package is installed unzipped)."""

EMOJI_FAMILY = "NotoColorEmoji"
DEFAULT_FAMILY = "Roboto"

SUFFIX: dict[int, str] = {
    100: "Thin",
    200: "ExtraLight",
    300: "Light",
    400: "Regular",
    500: "Medium",
    600: "SemiBold",
    700: "Bold",
    800: "ExtraBold",
    900: "Black",
}
"""File-name suffix per weight (layout-and-output.md §5.2)."""

WEIGHTS: dict[str, tuple[int, ...]] = {
    "Roboto": (100, 300, 400, 500, 700, 900),
    "RobotoCondensed": (300, 400, 500, 700),
    "Anton": (400,),
    "Bangers": (400,),
    "Bitter": (100, 300, 400, 500, 700, 900),
    "DMSans": (100, 200, 300, 400, 500, 600, 700, 800, 900),
    "Exo": (100, 300, 400, 500, 700, 900),
    "Magra": (400, 700),
    "PermanentMarker": (400,),
    "SuezOne": (400,),
    "Teko": (300, 400, 500, 600, 700),
    EMOJI_FAMILY: (400,),
}
"""Upright weights shipped per family. Exactly these: both weight fallbacks depend on which exist."""

ITALIC: frozenset[str] = frozenset(
    {"Roboto", "RobotoCondensed", "Bitter", "DMSans", "Exo"}
)
"""Families that ship an italic file for every upright weight."""


def file_name(family: str, weight: int, italic: bool) -> str:
    """`<Family>-<Suffix>.ttf` of a shipped variant; KeyError if the variant is not shipped."""
    if weight not in WEIGHTS[family] or (italic and family not in ITALIC):
        raise KeyError((family, weight, italic))
    suffix = SUFFIX[weight]
    if italic:
        suffix = "Italic" if weight == 400 else suffix + "Italic"
    return f"{family}-{suffix}.ttf"


def font_path(family: str, weight: int, italic: bool) -> Path:
    """Absolute path of a shipped variant (see `file_name`)."""
    return FONT_DIR / file_name(family, weight, italic)


def registration_order(family: str) -> tuple[tuple[int, bool], ...]:
    """(weight, italic) variants in the order Daily registers them for measurement.

    The order matters because textkit's weight fallback picks "first"/"last" by registration
    order, not numeric closeness (text-layout.md §2.1). Daily registers 400 and 700 first, then
    the other weights ascending, each upright file followed by its italic (layout-and-output.md §6).
    """
    weights = sorted(WEIGHTS[family], key=lambda w: (w not in (400, 700), w))
    styles = (False, True) if family in ITALIC else (False,)
    return tuple((w, it) for w in weights for it in styles)


def all_file_names() -> frozenset[str]:
    """The complete shipped file set (73 text fonts + the emoji font)."""
    return frozenset(
        file_name(family, weight, italic)
        for family in WEIGHTS
        for weight, italic in registration_order(family)
    )
