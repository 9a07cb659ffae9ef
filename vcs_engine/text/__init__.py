"""Text measurement and line breaking with Daily's textkit semantics (text-layout.md).

Public API:
* `measure(...) -> TextMeasurement` — typed Python entry point.
* `measure_text_json(request_json) -> str` — the runtime's `__vcs_measure_text` contract
  (docs/architecture.md), cached by request string; `clear_text_caches()` empties every
  measurement cache (to measure cold costs).
* `split_emoji(text)` — the emoji fragments textkit sees (also used for `Emoji` nodes).
"""

from .api import clear_text_caches, measure_text_json
from .emoji_runs import split_emoji
from .measure import MeasuredLine, MeasuredRun, TextMeasurement, measure
from .style import TextAttributes, resolve_attributes

__all__ = [
    "MeasuredLine",
    "MeasuredRun",
    "TextAttributes",
    "TextMeasurement",
    "clear_text_caches",
    "measure",
    "measure_text_json",
    "resolve_attributes",
    "split_emoji",
]
