"""Confinement and image limits (issue 9): modules, images and sidecars are read only from the
composition's folder, the asset folders and our package, on real paths (symbolic links
resolved); decompression bombs are refused from their header; broken images are reported.

Every refusal must be one clear line, and no message may quote a file outside those folders.
"""

from __future__ import annotations

import logging
import os
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import commands, make_png, texts, write_composition

from vcs_engine.errors import CompositionError
from vcs_engine.host import Host
from vcs_engine.imagefile import MAX_IMAGE_PIXELS
from vcs_engine.imagetable import build_image_table
from vcs_engine.media.source import MediaError
from vcs_engine.media.still import StillSource
from vcs_engine.render import AssetResolver, render_display_list
from vcs_engine.render.canvex import AssetRef
from vcs_engine.transform import TransformError, load_composition_modules
from vcs_engine.transform import bundle as bundle_module

IMPORTS = "import * as React from 'react';\nimport { Box, Text, Image } from '#vcs-react/components';\n"
SECRET = "root:x:0:0:TOP-SECRET-CONTENT:/root:/bin/bash"


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder next to the compositions, with files no composition may read."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "passwd").write_text(SECRET + "\n", encoding="utf-8")
    (folder / "secret.js").write_text(f"export const s = '{SECRET}';\n", encoding="utf-8")
    make_png(folder / "photo.png", 8, 8)
    return folder


def composition(tmp_path: Path, body: str, files: dict[str, str] | None = None) -> Path:
    return write_composition(tmp_path / "comp", IMPORTS + body, files, header=False)


def load_error(folder: Path) -> CompositionError:
    with pytest.raises(CompositionError) as info:
        Host.load(folder)
    return info.value


def assert_no_secret(text: str) -> None:
    assert "TOP-SECRET" not in text and "root:x:0:0" not in text, text


# ---------------------------------------------------------------------- modules


def test_symlinked_module_is_refused_without_reading_it(tmp_path, outside):
    folder = composition(tmp_path, "import x from './evil.js';\nexport default function C() { return null; }\n")
    os.symlink(outside / "passwd", folder / "evil.js")
    err = load_error(folder)
    message = str(err)
    assert message.startswith(f"{folder / 'index.jsx'}:3:"), message
    assert "'./evil.js'" in message and "outside the composition folder" in message
    assert "\n" not in message
    assert_no_secret(message)
    assert str(outside) not in message  # not even the link's target is named


def test_symlinked_module_with_valid_js_is_refused_too(tmp_path, outside):
    folder = composition(tmp_path, "import { s } from './lib.js';\nexport default function C() { return <Text>{s}</Text>; }\n")
    os.symlink(outside / "secret.js", folder / "lib.js")
    message = str(load_error(folder))
    assert "'./lib.js'" in message and "outside" in message
    assert_no_secret(message)


def test_parent_import_is_refused(tmp_path, outside):
    folder = composition(tmp_path, "import { s } from '../outside/secret.js';\nexport default function C() { return null; }\n")
    message = str(load_error(folder))
    assert message.startswith(f"{folder / 'index.jsx'}:3:"), message
    assert "'../outside/secret.js'" in message and "outside the composition folder" in message
    assert_no_secret(message)


def test_symlinked_folder_leading_outside_is_refused(tmp_path, outside):
    folder = composition(tmp_path, "import { s } from './lib/secret.js';\nexport default function C() { return null; }\n")
    os.symlink(outside, folder / "lib")
    message = str(load_error(folder))
    assert "'./lib/secret.js'" in message and "outside" in message
    assert_no_secret(message)


def test_symlinked_entry_is_refused(tmp_path, outside):
    folder = tmp_path / "comp"
    folder.mkdir()
    os.symlink(outside / "passwd", folder / "index.js")
    message = str(load_error(folder))
    assert "index.js" in message and "outside the composition folder" in message
    assert_no_secret(message)


def test_links_that_stay_inside_are_fine(tmp_path):
    folder = composition(tmp_path, "import { s } from './alias.js';\nimport { s as t } from './shared/real.js';\n"
                         "export default function C() { return <Text>{s + t}</Text>; }\n",
                         {"shared/real.js": "export const s = 'ok';\n"})
    os.symlink(folder / "shared" / "real.js", folder / "alias.js")
    host = Host.load(folder)
    assert texts(host.render(0)) == ["okok"]
    bundle = load_composition_modules(folder)
    assert [m.id for m in bundle.modules].count("shared/real.js") == 1  # one module, as in Node


def test_single_file_composition_imports_only_from_its_folder(tmp_path, outside):
    home = tmp_path / "single"
    (home / "parts").mkdir(parents=True)
    (home / "parts" / "a.js").write_text("export const a = 'A';\n")
    good = home / "good.jsx"
    good.write_text(IMPORTS + "import { a } from './parts/a.js';\nexport default function C() { return <Text>{a}</Text>; }\n")
    assert texts(Host.load(good).render(0)) == ["A"]
    bad = home / "bad.jsx"
    bad.write_text(IMPORTS + "import { s } from '../outside/secret.js';\nexport default function C() { return null; }\n")
    message = str(load_error(bad))
    assert message.startswith(f"{bad}:3:") and "outside" in message
    assert_no_secret(message)


def test_reserved_names_are_refused(tmp_path):
    folder = composition(tmp_path, "const __vcs_entry = 1;\nexport default function C() { return null; }\n")
    message = str(load_error(folder))
    assert message.startswith(f"{folder / 'index.jsx'}:3:") and "reserved" in message


def test_oversized_module_is_refused_before_reading(tmp_path, monkeypatch):
    folder = composition(tmp_path, "import { big } from './big.js';\nexport default function C() { return null; }\n",
                         {"big.js": "export const big = '" + "x" * 5000 + "';\n"})
    monkeypatch.setattr(bundle_module, "MAX_MODULE_BYTES", 1024)
    with pytest.raises(TransformError) as info:
        load_composition_modules(folder)
    assert info.value.file.name == "big.js" and "at most" in info.value.message


# ---------------------------------------------------------------------- images: confinement


def draws_image(out, name: str) -> bool:
    return any(c[0] == "drawImage" and c[1][0].get("id") == name for c in commands(out))


def test_symlinked_image_outside_is_not_drawn_and_warned(tmp_path, outside, caplog):
    folder = composition(tmp_path, "export default function C() {\n  return <Image src=\"leak.png\" />;\n}\n")
    make_png(folder / "images" / "own.png", 4, 4)
    os.symlink(outside / "photo.png", folder / "images" / "leak.png")
    with caplog.at_level(logging.WARNING):
        host = Host.load(folder)
        out = host.render(0)
    assert "leak.png" not in host.images and "own.png" in host.images
    assert not draws_image(out, "leak.png")
    warnings = [r.getMessage() for r in caplog.records if "leak.png" in r.getMessage()]
    assert len(warnings) == 1 and "outside" in warnings[0]

    # The renderer refuses the link on its own too (display lists are runtime output).
    resolver = AssetResolver(folder, placeholder=True)
    with caplog.at_level(logging.WARNING):
        caplog.clear()
        assert resolver.image(AssetRef("compositionAsset", "leak.png")) is None
        assert resolver.image(AssetRef("compositionAsset", "own.png")) is not None
    assert [r.getMessage() for r in caplog.records if "leak.png" in r.getMessage()]
    doc = {"width": 20, "height": 20,
           "commands": [["drawImage", [{"type": "compositionAsset", "id": "leak.png"}, 0, 0, 20, 20]]]}
    assert render_display_list(doc, 20, 20, resolver)[..., 3].any()  # the placeholder
    assert not render_display_list(doc, 20, 20, AssetResolver(folder))[..., 3].any()


def test_images_folder_linked_outside_is_refused(tmp_path, outside, caplog):
    folder = composition(tmp_path, "export default function C() { return null; }\n")
    os.symlink(outside, folder / "images")
    with caplog.at_level(logging.WARNING):
        table = build_image_table(folder / "images")
    assert "photo.png" not in table
    assert any("photo.png" in r.getMessage() and "outside" in r.getMessage() for r in caplog.records)
    assert AssetResolver(folder).image(AssetRef("compositionAsset", "photo.png")) is None


def test_image_linked_into_an_asset_folder_is_allowed(tmp_path):
    assets = tmp_path / "assets"
    make_png(assets / "logo.png", 6, 3)
    folder = composition(tmp_path, "export default function C() { return <Image src=\"logo.png\" />; }\n")
    (folder / "images").mkdir()
    os.symlink(assets / "logo.png", folder / "images" / "logo.png")
    host = Host.load(folder, asset_dirs=[assets])
    assert host.images["logo.png"]["type"] == "compositionAsset"
    assert draws_image(host.render(0), "logo.png")


def test_sidecar_linked_outside_is_ignored(tmp_path, outside):
    folder = composition(tmp_path, "export default function C() { return null; }\n")
    make_png(folder / "images" / "a.png", 10, 5)
    (outside / "size.json").write_text('{"width": 999, "height": 777}')
    os.symlink(outside / "size.json", folder / "images" / "a.png.json")
    assert build_image_table(folder / "images")["a.png"]["width"] == 10


def test_asset_ids_never_leave_their_folder(tmp_path):
    make_png(tmp_path / "comp" / "secret.png", 4, 4)
    (tmp_path / "comp" / "images").mkdir()
    resolver = AssetResolver(tmp_path / "comp")
    for name in ("../secret.png", "/etc/passwd", "a\0b.png", "."):
        assert resolver.image(AssetRef("compositionAsset", name)) is None


# ---------------------------------------------------------------------- images: limits


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A tiny but well-formed PNG that declares width × height RGBA pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
                     + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b""))
    return path


@pytest.mark.parametrize("width,height", [(100_000, 100_000), (8000, 7000)])
def test_bomb_png_is_refused_from_its_header(tmp_path, caplog, width, height):
    assert width * height > MAX_IMAGE_PIXELS
    folder = composition(tmp_path, "export default function C() { return <Image src=\"bomb.png\" />; }\n")
    png_header_only(folder / "images" / "bomb.png", width, height)
    start = time.monotonic()
    with caplog.at_level(logging.WARNING):
        host = Host.load(folder)
        out = host.render(0)
        resolver = AssetResolver(folder, placeholder=True)
        assert resolver.image(AssetRef("compositionAsset", "bomb.png")) is None
    assert time.monotonic() - start < 5
    assert "bomb.png" not in host.images and not draws_image(out, "bomb.png")
    lines = [r.getMessage() for r in caplog.records if "bomb.png" in r.getMessage()]
    assert len(lines) == 2  # the image table's and the renderer's, one each
    assert all("50 megapixels" in line for line in lines), lines
    assert any(f"{width}×{height}" in line for line in lines) or width == 100_000


def test_bomb_in_an_asset_folder_is_refused(tmp_path, caplog):
    assets = tmp_path / "assets"
    png_header_only(assets / "huge.png", 30_000, 30_000)
    with caplog.at_level(logging.WARNING):
        table = build_image_table(None, [assets])
        assert AssetResolver(asset_dirs=[assets]).image(AssetRef("defaultAsset", "huge.png")) is None
    assert "huge.png" not in table
    assert any("huge.png" in r.getMessage() and "megapixels" in r.getMessage() for r in caplog.records)


def test_bomb_as_still_footage_is_a_media_error(tmp_path):
    with pytest.raises(MediaError, match="megapixels"):
        StillSource(png_header_only(tmp_path / "in.png", 100_000, 100_000))


def test_truncated_and_broken_images_warn_and_draw_the_placeholder(tmp_path, caplog):
    folder = tmp_path / "comp"
    good = make_png(folder / "images" / "good.png", 40, 30)
    data = good.read_bytes()
    (folder / "images" / "cut.png").write_bytes(data[: len(data) // 2])
    (folder / "images" / "junk.png").write_bytes(b"definitely not a png" * 10)
    resolver = AssetResolver(folder, placeholder=True)
    with caplog.at_level(logging.WARNING):
        assert resolver.image(AssetRef("compositionAsset", "good.png")) is not None
        assert resolver.image(AssetRef("compositionAsset", "cut.png")) is None
        assert resolver.image(AssetRef("compositionAsset", "junk.png")) is None
    messages = [r.getMessage() for r in caplog.records]
    assert any("cut.png" in m and "truncated" in m for m in messages), messages
    assert any("junk.png" in m and "not a readable image" in m for m in messages), messages
    doc = {"width": 20, "height": 20,
           "commands": [["drawImage", [{"type": "compositionAsset", "id": "cut.png"}, 0, 0, 20, 20]]]}
    assert render_display_list(doc, 20, 20, resolver)[..., 3].any()
    assert not render_display_list(doc, 20, 20, AssetResolver(folder)).any()
    # The image table keeps them (sizes from the header, 0×0 when unreadable): the renderer reports.
    table = build_image_table(folder / "images")
    assert table["cut.png"]["width"] == 40 and table["junk.png"]["width"] == 0


def test_decoded_pixels_are_unchanged(tmp_path):
    """Decoding through the codec (to see truncation) gives the pixels Skia gave before."""
    import skia

    from vcs_engine.render.images import load_image

    rgba = np.zeros((3, 5, 4), np.uint8)
    rgba[..., 0], rgba[..., 3] = 200, 128
    from PIL import Image as PILImage
    PILImage.fromarray(rgba, "RGBA").save(tmp_path / "half.png")
    ours = load_image(tmp_path / "half.png")
    theirs = skia.Image.MakeFromEncoded(skia.Data.MakeFromFileName(str(tmp_path / "half.png"))).makeRasterImage()
    info = theirs.imageInfo()
    a, b = (np.zeros((3, 5, 4), np.uint8) for _ in range(2))
    assert ours.readPixels(info, a, info.minRowBytes()) and theirs.readPixels(info, b, info.minRowBytes())
    assert np.array_equal(a, b)
    assert ours.imageInfo().alphaType() == info.alphaType()
