"""Image files of compositions and asset folders, checked before anything decodes them.

Why: image files are untrusted input. A "decompression bomb" (a few hundred bytes of PNG that
declare 100,000 × 100,000 pixels) would make a decoder allocate 40 GB, and a truncated file
would silently draw half an image. So every image's size is read from its header first (Pillow
reads only the header) and the file is refused above `MAX_IMAGE_PIXELS`; decoding
(`vcs_engine.render.images`) reports incomplete data as broken.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from PIL import Image as PILImage

MAX_IMAGE_PIXELS = 50_000_000
"""50 megapixels: 200 MB once decoded as RGBA. A 4K frame is 8.3 megapixels and a 24-megapixel
camera photo still fits, so no sensible overlay, logo or background is refused; beyond this one
image would take gigabytes, and the renderer keeps every decoded image in memory."""

DECODABLE_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "WEBP", "GIF")
"""What the renderer (Skia) decodes and compositions may use; Pillow must not try its other,
more exotic parsers on an untrusted file that merely has an image suffix."""


class ImageRefused(Exception):
    """An image file that must not be decoded; `str()` is one line naming the file."""


class ImageTooLarge(ImageRefused):
    """The header declares more than `MAX_IMAGE_PIXELS` pixels."""


class ImageUnreadable(ImageRefused):
    """Not an image we decode, or its header is broken."""


def header_size(path: Path) -> tuple[int, int]:
    """``(width, height)`` from the file's header, without decoding the pixels.

    Raises `ImageUnreadable` when the file is not a readable PNG/JPEG/WebP/GIF, `ImageTooLarge`
    when it declares more than `MAX_IMAGE_PIXELS` pixels."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(path, formats=DECODABLE_FORMATS) as image:
                width, height = image.size
    except PILImage.DecompressionBombError:
        # Pillow's own limit (far above ours) tripped while opening: the header is a bomb.
        raise ImageTooLarge(too_large_message(path, None)) from None
    except (OSError, ValueError, SyntaxError) as error:  # Pillow's plugins raise all three
        raise ImageUnreadable(f"{path}: not a readable PNG, JPEG, WebP or GIF image ({_reason(error)})") from None
    check_pixel_count(path, width, height)
    return width, height


def check_pixel_count(path: Path | str, width: int, height: int) -> None:
    """Raise `ImageTooLarge` for an image larger than `MAX_IMAGE_PIXELS`."""
    if width * height > MAX_IMAGE_PIXELS:
        raise ImageTooLarge(too_large_message(path, (width, height)))


def too_large_message(path: Path | str, size: tuple[int, int] | None = None) -> str:
    """The one-line refusal of an image above the limit (``size`` if the header was read)."""
    declared = f"{size[0]}×{size[1]} pixels, " if size else ""
    return f"{path}: the image declares {declared}more than the limit of {MAX_IMAGE_PIXELS // 1_000_000} megapixels"


def _reason(error: BaseException) -> str:
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    return text[:120]
