"""`StillSource`: a still image standing in for a participant (a photo, a slate, a test card)."""
from __future__ import annotations

import warnings
from os import PathLike

import numpy as np
from PIL import Image

from ..imagefile import ImageTooLarge, check_pixel_count, too_large_message
from .source import BgraSource, MediaError, fit_within, frozen, scaled_size


class StillSource(BgraSource):
    """The same frame at every time. Transparent pixels are flattened onto black, like video."""

    def __init__(self, path: str | PathLike[str]) -> None:
        self.path = str(path)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", Image.DecompressionBombWarning)
                with Image.open(self.path) as image:
                    check_pixel_count(self.path, *image.size)  # before decoding: bombs stop here
                    converted = image.convert("RGBA")
        except ImageTooLarge as error:
            raise MediaError(str(error)) from None
        except Image.DecompressionBombError:
            raise MediaError(too_large_message(self.path)) from None
        except (OSError, ValueError, SyntaxError) as error:  # OSError includes UnidentifiedImageError
            raise MediaError(f"cannot open image {self.path!r}: {error}") from error
        size = fit_within(*converted.size)
        if size != converted.size:
            converted = converted.resize(size, Image.Resampling.LANCZOS)
        rgba = np.asarray(converted)
        alpha = rgba[..., 3:4].astype(np.uint16)
        bgra = np.empty_like(rgba)
        bgra[..., :3] = (rgba[..., 2::-1] * alpha + 127) // 255
        bgra[..., 3] = 255
        self._native = self._shown = frozen(bgra)

    @property
    def size(self) -> tuple[int, int]:
        return self._native.shape[1], self._native.shape[0]

    def prefer_size(self, size: tuple[int, int]) -> None:
        """Resample once per shown size (Lanczos, better than per-frame bilinear)."""
        size = scaled_size(self.size, size)
        if size != (self._shown.shape[1], self._shown.shape[0]):
            image = Image.fromarray(self._native, "RGBA")  # B,G,R,255 resampled channel-wise
            self._shown = frozen(np.asarray(image.resize(size, Image.Resampling.LANCZOS)))

    def bgra_at(self, t: float) -> np.ndarray:
        return self._shown
