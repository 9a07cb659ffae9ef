"""Text measurement and line breaking with Daily's textkit semantics (text-layout.md).

Public API:
* `measure(...) -> TextMeasurement` — typed Python entry point.
* `measure_text_json(request_json) -> str` — the runtime's `__vcs_measure_text` contract
  (docs/architecture.md), cached by request string.
"""

from .api import measure_text_json
from .measure import MeasuredLine, MeasuredRun, TextMeasurement, measure
from .style import TextAttributes, resolve_attributes

__all__ = [
    "MeasuredLine",
    "MeasuredRun",
    "TextAttributes",
    "TextMeasurement",
    "measure",
    "measure_text_json",
    "resolve_attributes",
]
