"""The studio's timeline: a scenario as the document (model.py, events.py), the custom-painted
timeline (view.py, ruler.py), the dock with its transport (dock.py) and timecodes (timecode.py).

The `timeline` side of the studio (the player, scenario files, record mode) creates one
`TimelineModel` on the window's undo stack and one `TimelineDock` showing it, and connects the
dock's requests to the player.
"""

from .dock import SPEEDS, TimelineDock
from .events import Track
from .model import TimelineModel
from .timecode import TimecodeError, format_timecode, parse_position
from .view import TimelineView

__all__ = ["SPEEDS", "TimelineDock", "TimelineModel", "TimelineView", "Track", "TimecodeError",
           "format_timecode", "parse_position"]
