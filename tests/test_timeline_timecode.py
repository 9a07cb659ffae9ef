"""Timecodes of the timeline (studio/timeline/timecode.py): `mm:ss.ff` labels and the go-to
field's forms, including the one-line error for anything else."""

from __future__ import annotations

import pytest

from studio.timeline.timecode import TimecodeError, format_timecode, parse_position, seconds_label


@pytest.mark.parametrize(("frame", "fps", "text"), [
    (0, 30, "00:00.00"), (29, 30, "00:00.29"), (30, 30, "00:01.00"), (120, 30, "00:04.00"),
    (1815, 30, "01:00.15"), (25 * 3600 * 2, 25, "120:00.00"), (59, 60, "00:00.59"),
    (30, 29.97, "00:01.00"), (29, 29.97, "00:00.29"), (60, 29.97, "00:02.00"), (-3, 30, "00:00.00"),
])
def test_format(frame, fps, text):
    assert format_timecode(frame, fps) == text


@pytest.mark.parametrize("fps", [24, 25, 29.97, 30, 60])
def test_every_label_names_its_frame_again(fps):
    """Each frame has exactly one label and typing it goes back to that frame."""
    labels = [format_timecode(n, fps) for n in range(0, 4000, 7)]
    assert len(set(labels)) == len(labels)
    assert [parse_position(label, fps) for label in labels] == list(range(0, 4000, 7))


@pytest.mark.parametrize(("text", "frame"), [
    ("120", 120), (" 7 ", 7), ("0:04.15", 135), ("1:02", 1860), ("00:04.00", 120),
    ("4.5 s", 135), ("4.5s", 135), ("12 S", 360), (".5 s", 15), ("2. s", 60),
])
def test_parse(text, frame):
    assert parse_position(text, 30) == frame


@pytest.mark.parametrize(("text", "fragment"), [
    ("", "type a frame number"),
    ("4.5", "not a position"),
    ("-3", "not a position"),
    ("abc", "not a position"),
    ("0:75", "seconds must be below 60"),
    ("0:04.30", "0 to 29 at 30 fps"),
    ("1e3", "not a position"),
    ("216000", "past the last frame a scenario may have (215999, 119:59.29)"),
    ("200:00", "past the last frame"),
])
def test_bad_input_is_one_clear_line(text, fragment):
    with pytest.raises(TimecodeError) as caught:
        parse_position(text, 30)
    message = str(caught.value)
    assert fragment in message and "\n" not in message


def test_the_last_allowed_frame():
    assert parse_position("215999", 30) == 215999 and parse_position("119:59.29", 30) == 215999


def test_ruler_second_labels():
    assert [seconds_label(s) for s in (0, 5, 59.5, 60, 90, 90.5, 3600)] == \
        ["0s", "5s", "59.5s", "1:00", "1:30", "1:30.5", "60:00"]
