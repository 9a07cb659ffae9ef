"""The message bar's history survives hot reloads and recoveries (studio/engine.py sends it
again to the freshly mounted composition), and its senders follow the participants' names.
Checked on our baseline's text overlay and sidebar fed by `chatMessages`."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt
from test_studio import settle, step, window  # noqa: F401 (window is a fixture)

ROOT = Path(__file__).resolve().parents[1]


def choose(w, param_id: str, value: str) -> None:
    control = w.params_panel.controls[param_id]
    control.setCurrentIndex(control.findData(value))


def show_chat(w) -> None:
    """The text overlay shows the latest chat message, the sidebar the last few."""
    controls = w.params_panel.controls
    controls["showTextOverlay"].setChecked(True)
    choose(w, "text.source", "chatMessages")
    controls["showSidebar"].setChecked(True)
    choose(w, "sidebar.source", "chatMessages")


def texts(w) -> str:
    return "".join(c[1][0] for c in w.last_frame.output.flattened["commands"] if c[0] == "fillText")


def send(w, text: str, sender: str | None = None) -> None:
    bar = w.message_bar
    bar.source.setCurrentText("chatMessages")
    if sender is not None:
        bar.sender.setCurrentText(sender)
    bar.text.setText(text)
    bar.send()


def test_chat_survives_hot_reloads_in_order(window, tmp_path):
    folder = tmp_path / "baseline"
    shutil.copytree(ROOT / "compositions" / "baseline", folder)
    w = window(folder)
    show_chat(w)
    send(w, "first words")
    send(w, "second words", "Participant 2")
    step(w)
    assert "[Participant 2] second words" in texts(w)
    assert "Participant 1:  first words" in texts(w)

    w.reload_composition()
    settle(w)
    step(w)
    shown = texts(w)
    assert "[Participant 2] second words" in shown  # the overlay's latest is still the latest
    assert shown.index("first words") < shown.index("second words", shown.index("first words"))

    # A broken save, a message sent meanwhile, the fix: the whole history, in order.
    index = folder / "index.jsx"
    good = index.read_text(encoding="utf-8")
    index.write_text(good + "\nexport const broken = ;\n", encoding="utf-8")
    w.reload_composition()
    settle(w)
    assert w.banner.isVisible()
    send(w, "while it was broken")
    settle(w)
    index.write_text(good, encoding="utf-8")
    w.reload_composition()
    settle(w)
    step(w)
    shown = texts(w)
    assert w.banner.isHidden()
    assert "[Participant 2] while it was broken" in shown
    for earlier, later in (("first words", "second words"), ("second words", "while it was broken")):
        assert shown.index(earlier) < shown.index(later, shown.index(earlier))


def test_a_new_composition_starts_a_new_chat(window):
    w = window("daily:baseline")
    show_chat(w)
    send(w, "only for this one")
    step(w)
    assert "only for this one" in texts(w)
    w.open_composition("daily:baseline")
    settle(w)
    show_chat(w)
    step(w)
    assert "only for this one" not in texts(w)


RECOVERING = """\
import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { useParams, useStandardSources } from '#vcs-react/hooks';

export const compositionInterface = {
  params: [{ id: 'fail', type: 'boolean', defaultValue: false }],
  standardSources: ['chatMessages'],
};

export default function Chat() {
  const params = useParams();
  const sources = useStandardSources();
  if (params.fail) throw new Error('failing on purpose');
  const chat = (sources.chatMessages && sources.chatMessages.latest) || [];
  return (
    <Box>
      <Text style={{ textColor: '#ffffff', fontSize_px: 30 }}>{chat.map((m) => m.text).join(' / ') || 'no chat'}</Text>
    </Box>
  );
}
"""


def test_chat_survives_a_recovery(window, tmp_path):
    folder = tmp_path / "chat"
    folder.mkdir()
    (folder / "index.jsx").write_text(RECOVERING, encoding="utf-8")
    w = window(folder)
    send(w, "one")
    send(w, "two")
    step(w)
    assert texts(w) == "one / two"
    w.params_panel.controls["fail"].setChecked(True)  # the render fails: the host stops it
    step(w)
    assert "failing on purpose" in w.banner.text()
    w.params_panel.controls["fail"].setChecked(False)  # the edit recovers it: a fresh mount
    step(w)
    assert w.banner.isHidden() and texts(w) == "one / two"


def test_senders_follow_the_participants_names(window):
    w = window("daily:baseline")
    bar = w.message_bar
    model = w.inputs_panel.slots_model()
    bar.sender.setCurrentIndex(1)
    model.setData(model.index(1, 0), "Ann")
    assert [bar.sender.itemText(i) for i in range(bar.sender.count())][:2] == ["Participant 1", "Ann"]
    assert bar.sender.currentText() == "Ann"  # the chosen slot, renamed
    show_chat(w)
    send(w, "hello")
    step(w)
    assert "[Ann] hello" in texts(w)
    # A name typed by hand stays; a sender whose slot is gone falls back to the first.
    bar.sender.setCurrentText("Guest")
    model.setData(model.index(0, 0), "Bo")
    assert bar.sender.currentText() == "Guest"
    bar.sender.setCurrentIndex(3)
    w.participants_spin.setValue(2)
    assert bar.sender.currentText() == "Bo"


def history(w) -> list[tuple[str, str, str]]:
    """The history as the user reads it, row by row (source, sender, text)."""
    model = w.messages_panel.view.model()
    return [tuple(model.index(r, c).data() for c in range(3)) for r in range(model.rowCount())]


def test_the_history_shows_what_was_sent_across_reloads_and_resends_it(window, tmp_path):
    folder = tmp_path / "baseline"
    shutil.copytree(ROOT / "compositions" / "baseline", folder)
    w = window(folder)
    panel = w.messages_panel
    show_chat(w)
    assert history(w) == [] and not panel.resend_button.isEnabled()
    send(w, "hello all", "Participant 2")
    bar = w.message_bar
    bar.source.setCurrentText("emojiReactions")
    bar.text.setText("🎉")
    bar.send()
    assert history(w) == [("chatMessages", "Participant 2", "hello all"),
                          ("emojiReactions", "Participant 2", "🎉")]
    assert panel.view.isVisible() and panel.view.model().index(0, 2).data(Qt.ItemDataRole.ToolTipRole).startswith("sent ")

    w.reload_composition()
    settle(w)
    step(w)
    assert len(history(w)) == 2  # a hot reload keeps the history: the list and the overlay agree
    assert "[Participant 2] hello all" in texts(w)

    # Resend the chat line: a new message at the end of the history, the overlay's latest again.
    send(w, "later words", "Participant 1")
    step(w)
    assert "[Participant 1] later words" in texts(w)
    panel.view.selectRow(0)
    assert panel.resend_button.isEnabled()
    panel.resend_button.click()
    step(w)
    assert history(w)[-1] == ("chatMessages", "Participant 2", "hello all") and len(history(w)) == 4
    assert "[Participant 2] hello all" in texts(w)
    assert sum(m["text"] == "hello all" for m in chat_sent(w)) == 2  # sent twice, with two keys
    assert len({m["key"] for m in chat_sent(w)}) == len(chat_sent(w))

    # A double-click puts a message back into the bar to edit it.
    panel.edit_again(panel.view.model().index(1, 0))
    assert (bar.source.currentText(), bar.sender.currentText(), bar.text.text()) == (
        "emojiReactions", "Participant 2", "🎉")

    w.open_composition(str(folder))  # opened afresh: a new call
    settle(w)
    assert history(w) == [] and not panel.resend_button.isEnabled()


def chat_sent(w) -> list[dict]:
    """The chat messages the engine holds for resending after a reload (in order)."""
    return [message for frame in sorted(w.session.engine._messages)
            for message in w.session.engine._messages[frame].get("chatMessages", [])]
