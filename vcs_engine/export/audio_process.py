"""An export's sound made in a child process: decoding, resampling, mixing and AAC encoding.

Why a process: PyAV holds the GIL while FFmpeg encodes AAC (measured: an AAC encode beside a
busy Python thread ran 7× slower), so in a thread the sound stole the rendering thread's time
and the export used one core of two. In a child it runs on the other core. The parent sends one
small request per video frame — the frame index and the active input ids — without waiting,
and muxes the packets that have come back whenever it writes a frame; the container's
interleaving puts them in order. A plain subprocess, as for the engine (`engine_process`):
multiprocessing's spawn would re-import the caller's main script.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Collection, Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ..media.sources import InputId
from ..media.source import MediaError
from .audio import EncodedPacket

_FINISH_BUDGET_S = 120.0
"""Longest wait for the last packets once every frame was sent (the child is then only behind by
what it had queued; this only catches a child stuck in native code)."""

TrackSpec = tuple[InputId, str, float]
"""(input id, file, offset in seconds) of an input whose sound is mixed."""


class AudioProcess:
    """The parent side: `begin(fps)`, then `send(frame, active)` per video frame → the packets
    ready so far, and `finish()` → the rest. Errors of the child (a file that cannot be decoded)
    raise MediaError. Started before the frame rate is known, so that its start-up overlaps the
    engine's."""

    def __init__(self, tracks: Sequence[TrackSpec]) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 (lives as long as the child)
        down_r, down_w = os.pipe()
        up_r, up_w = os.pipe()
        self._process = subprocess.Popen(
            [sys.executable, "-m", "vcs_engine.export.audio_process", str(down_r), str(up_w)],
            pass_fds=(down_r, up_w), stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
            stderr=self._stderr, env={**os.environ, "PYTHONPATH": _PYTHONPATH})
        os.close(down_r)
        os.close(up_w)
        self._in = Connection(up_r, writable=False)
        self._out = Connection(down_w, readable=False)
        self._send(("tracks", [(key, str(file), float(offset)) for key, file, offset in tracks]))
        self._done = False

    def begin(self, fps: float) -> None:
        """The export's frame rate: frame n's sound is samples round(n·48000/fps) onwards."""
        self._send(("fps", float(fps)))

    def _send(self, message: Any) -> None:
        try:
            self._out.send(message)
        except OSError:
            raise self._stopped() from None

    def send(self, frame_index: int, active: Collection[InputId]) -> list[EncodedPacket]:
        """Ask for frame `frame_index`'s share of the mix; returns the packets ready now."""
        self._send(("chunk", frame_index, list(active)))
        packets: list[EncodedPacket] = []
        while self._in.poll(0):
            packets += self._receive()
        return packets

    def finish(self) -> list[EncodedPacket]:
        """The remaining packets, the encoder's last ones included."""
        self._send(("end",))
        packets: list[EncodedPacket] = []
        deadline = time.monotonic() + _FINISH_BUDGET_S
        while not self._done:
            if not self._in.poll(0.05):
                if self._process.poll() is not None or time.monotonic() > deadline:
                    raise self._stopped()
                continue
            packets += self._receive()
        return packets

    def _receive(self) -> list[EncodedPacket]:
        try:
            kind, value = self._in.recv()
        except (EOFError, OSError):
            raise self._stopped() from None
        if kind == "error":
            raise MediaError(value)
        if kind == "done":
            self._done = True
        return value

    def _stopped(self) -> MediaError:
        """Why the child is gone: its own error message if it sent one, else its last stderr line."""
        try:
            while self._in.poll(0):
                kind, value = self._in.recv()
                if kind == "error":
                    return MediaError(value)
        except (EOFError, OSError):
            pass
        try:
            self._process.wait(1)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._stderr.seek(0)
        lines = [line.strip() for line in self._stderr.read().decode("utf-8", "replace").splitlines()
                 if line.strip() and "Fontconfig" not in line]
        return MediaError("the sound mixer stopped unexpectedly" + (f": {lines[-1][:300]}" if lines else ""))

    def close(self) -> None:
        """Stop the child (it exits when its pipe closes; killed if it does not)."""
        self._out.close()
        self._in.close()
        try:
            self._process.wait(2)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._stderr.close()


_PYTHONPATH = os.pathsep.join(
    [str(Path(__file__).resolve().parents[2]), *filter(None, [os.environ.get("PYTHONPATH")])])
"""The child imports this very engine, also when it runs from a checkout that is not installed."""


def _serve(down: Connection, up: Connection) -> None:
    """The child: tracks and a mix from the start message, a chunk per request, packets back."""
    from ..media.audio import AudioTrack
    from .audio import AacEncoder, AudioMix

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    tracks: dict[InputId, AudioTrack] = {}
    try:
        _, specs = down.recv()
        for key, file, offset in specs:
            tracks[key] = AudioTrack(file, offset)
        _, fps = down.recv()
    except (EOFError, OSError):
        return
    except MediaError as error:
        up.send(("error", str(error)))
        return
    mix, encoder = AudioMix(tracks, fps), AacEncoder()
    try:
        while True:
            try:
                request = down.recv()
            except (EOFError, OSError):
                return  # the parent is gone (cancelled, failed): nothing to finish
            if request[0] == "end":
                up.send(("done", encoder.encode(None)))
                return
            packets = encoder.encode(mix.chunk(request[1], frozenset(request[2])))
            if packets:
                up.send(("packets", packets))
    except BrokenPipeError:
        return
    except Exception as error:  # noqa: BLE001 (told to the parent as one line)
        up.send(("error", f"sound: {type(error).__name__}: {error}"))
    finally:
        mix.close()


if __name__ == "__main__":
    _serve(Connection(int(sys.argv[1]), writable=False), Connection(int(sys.argv[2]), readable=False))
