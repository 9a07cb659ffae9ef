"""Hostile files in a composition folder: links leading out of it, specifiers leaving it, image
bombs and broken images, undecodable or empty modules, things that are not files.

Nothing outside the composition folder may be read through it, nor quoted in a message (the
`/etc/passwd` cases check every line of that file against stderr). Broken images are not an
error in Daily's sense (the composition still renders, the image is not drawn, one warning
names it); the engine may also refuse them with one error line. Either way: fast, and no
traceback.
"""

from __future__ import annotations

import os
import struct
import zlib
from pathlib import Path

import pytest

from .conftest import (assert_failed, assert_names_line, assert_rendered,
                       assert_rendered_or_one_error, error_lines, render_args, run_vcs, write_comp)

PASSWD = Path("/etc/passwd")


@pytest.fixture
def secret(tmp_path) -> Path:
    """/etc/passwd, or where a system has none, a stand-in outside the composition folder."""
    if PASSWD.is_file():
        return PASSWD
    p = tmp_path / "etc" / "passwd"
    p.parent.mkdir()
    p.write_text("root:x:0:0:root:/root:/bin/sh\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
    return p


def assert_not_leaked(secret: Path, stderr: str, stdout: str = "") -> None:
    """No line of the secret file (nor 'root:') shows up in the output."""
    text = secret.read_text(encoding="utf-8", errors="replace")
    for needle in ["root:", *(ln.strip() for ln in text.splitlines() if ln.strip())]:
        assert needle not in stderr and needle not in stdout, f"{secret} leaked: {needle!r}\n{stderr}"


def render(comp: Path, tmp_path: Path, *extra: str):
    return run_vcs(render_args(comp, tmp_path, *extra))


# ---------------------------------------------------------------------- modules leaving the folder


@pytest.mark.parametrize("verbose", [False, True])
def test_module_symlinked_to_etc_passwd(tmp_path, secret, verbose):
    comp = write_comp(tmp_path / "comp", """
        import secret from './secret.js';  // IMPORT
        export default function C() {
          return <Text>{String(secret)}</Text>;
        }
    """)
    (comp / "secret.js").symlink_to(secret)
    args = (["-v"] if verbose else []) + render_args(comp, tmp_path)
    code, out, err, seconds = run_vcs(args)
    assert_not_leaked(secret, err, out)
    if verbose:  # -v may add stack lines after the error line; the leak check is what counts
        assert code == 1 and "Traceback" not in err, err
        return
    line = assert_failed(code, err, seconds, "secret.js")
    assert_names_line(line, comp, "IMPORT", "IMPORT")


def test_folder_symlinked_to_etc(tmp_path, secret):
    comp = write_comp(tmp_path / "comp", """
        import secret from './shared/passwd';  // IMPORT
        export default function C() {
          return <Text>{String(secret)}</Text>;
        }
    """)
    (comp / "shared").symlink_to(secret.parent)
    code, out, err, seconds = render(comp, tmp_path)
    assert_not_leaked(secret, err, out)
    line = assert_failed(code, err, seconds, "passwd")
    assert_names_line(line, comp, "IMPORT", "IMPORT")


def test_entry_symlinked_to_etc_passwd(tmp_path, secret):
    comp = tmp_path / "comp"
    comp.mkdir()
    (comp / "index.jsx").symlink_to(secret)
    code, out, err, seconds = render(comp, tmp_path)
    assert_not_leaked(secret, err, out)
    assert_failed(code, err, seconds, "index.jsx")


def test_import_from_outside_the_folder(tmp_path):
    (tmp_path / "outside.js").write_text("export default 'outside';\n", encoding="utf-8")
    comp = write_comp(tmp_path / "comp", """
        import x from '../outside.js';  // IMPORT
        export default function C() {
          return <Text>{x}</Text>;
        }
    """)
    code, _out, err, seconds = render(comp, tmp_path)
    line = assert_failed(code, err, seconds, "../outside.js")
    assert_names_line(line, comp, "IMPORT", "IMPORT")


def test_absolute_import(tmp_path):
    (tmp_path / "outside.js").write_text("export default 'outside';\n", encoding="utf-8")
    comp = write_comp(tmp_path / "comp", f"""
        import x from '{tmp_path / "outside.js"}';  // IMPORT
        export default function C() {{
          return <Text>{{x}}</Text>;
        }}
    """)
    code, _out, err, seconds = render(comp, tmp_path)
    line = assert_failed(code, err, seconds, "outside.js")
    assert_names_line(line, comp, "IMPORT", "IMPORT")


# ---------------------------------------------------------------------- images


GREEN = (0, 255, 0, 255)


def png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data) & 0xFFFFFFFF)


def png_bytes(width: int, height: int, rows: int | None = None, rgba=GREEN) -> bytes:
    """An RGBA PNG declaring width×height; only `rows` rows of pixel data (all when None)."""
    row = b"\x00" + bytes(rgba) * width
    data = zlib.compress(row * (height if rows is None else rows))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", ihdr) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")


def image_comp(tmp_path: Path, name: str) -> Path:
    return write_comp(tmp_path / "comp", f"""
        export default function C() {{
          return <Box><Image src="{name}" /></Box>;
        }}
    """)


def assert_image_not_used(code: int, err: str, seconds: float, name: str, out: Path) -> None:
    """Refused with one error line naming the image, or rendered with a warning naming it and
    the image not drawn (no green pixel in the Daily-exact graphics)."""
    if code != 0:
        assert_failed(code, err, seconds, name)
        return
    assert "Traceback" not in err, err
    assert not error_lines(err), f"unexpected stderr:\n{err}"
    assert any(name in ln for ln in err.splitlines() if ln.startswith("WARNING:")), \
        f"no warning names {name}:\n{err}"
    from PIL import Image

    with Image.open(out / "vcs-output_0_graphics.png") as im:
        colors = {c for _n, c in im.convert("RGBA").getcolors(1 << 20)}
    assert GREEN not in colors, "the refused image was drawn"


def test_image_symlinked_outside(tmp_path):
    outside = tmp_path / "outside.png"
    outside.write_bytes(png_bytes(16, 16))
    comp = image_comp(tmp_path, "pic.png")
    (comp / "images").mkdir()
    (comp / "images" / "pic.png").symlink_to(outside)
    code, _out, err, seconds = render(comp, tmp_path)
    assert_image_not_used(code, err, seconds, "pic.png", tmp_path / "out")


def test_image_sidecar_symlinked_to_etc_passwd(tmp_path, secret):
    comp = image_comp(tmp_path, "pic.png")
    (comp / "images").mkdir()
    (comp / "images" / "pic.png").write_bytes(png_bytes(16, 16))
    (comp / "images" / "pic.png.json").symlink_to(secret)
    code, out, err, seconds = render(comp, tmp_path, "--emit", "graphics")
    assert_not_leaked(secret, err, out)
    assert_rendered_or_one_error(code, err, seconds, "pic.png")


def test_decompression_bomb_png(tmp_path):
    comp = image_comp(tmp_path, "bomb.png")
    (comp / "images").mkdir()
    (comp / "images" / "bomb.png").write_bytes(png_bytes(100_000, 100_000, rows=4))
    code, _out, err, seconds = render(comp, tmp_path)
    assert "MemoryError" not in err and "out of memory" not in err, err
    assert_image_not_used(code, err, seconds, "bomb.png", tmp_path / "out")


def test_decompression_bomb_png_with_all_its_data(tmp_path):
    # 8000×8000 RGBA of one colour: 256 MB decoded from a ~250 KB file; over 50 megapixels.
    comp = image_comp(tmp_path, "bomb.png")
    (comp / "images").mkdir()
    (comp / "images" / "bomb.png").write_bytes(png_bytes(8000, 8000))
    code, _out, err, seconds = render(comp, tmp_path)
    assert_image_not_used(code, err, seconds, "bomb.png", tmp_path / "out")


def test_truncated_png(tmp_path):
    comp = image_comp(tmp_path, "cut.png")
    (comp / "images").mkdir()
    whole = png_bytes(64, 64)
    (comp / "images" / "cut.png").write_bytes(whole[: len(whole) // 2])
    code, _out, err, seconds = render(comp, tmp_path)
    assert_image_not_used(code, err, seconds, "cut.png", tmp_path / "out")


def test_image_that_is_not_an_image(tmp_path):
    comp = image_comp(tmp_path, "fake.png")
    (comp / "images").mkdir()
    (comp / "images" / "fake.png").write_bytes(b"<svg xmlns='http://www.w3.org/2000/svg'/>\n" * 10)
    code, _out, err, seconds = render(comp, tmp_path)
    assert_image_not_used(code, err, seconds, "fake.png", tmp_path / "out")


def test_image_that_is_a_fifo(tmp_path):
    # Opening a FIFO for reading blocks until a writer comes: the engine must not wait for one.
    comp = image_comp(tmp_path, "pipe.png")
    (comp / "images").mkdir()
    os.mkfifo(comp / "images" / "pipe.png")
    code, _out, err, seconds = render(comp, tmp_path)
    # Not a file, so not an image the composition has: like any unknown name it may pass
    # without a warning (VCS handles unknown images itself).
    assert_rendered_or_one_error(code, err, seconds, "pipe.png")


# ---------------------------------------------------------------------- modules that are not source


def test_non_utf8_module(tmp_path):
    comp = write_comp(tmp_path / "comp", """
        import name from './latin.js';
        export default function C() {
          return <Text>{name}</Text>;
        }
    """)
    (comp / "latin.js").write_bytes("export default 'Café';\n".encode("latin-1") + b"\xff\xfe\n")
    code, _out, err, seconds = render(comp, tmp_path)
    assert_failed(code, err, seconds, str(comp / "latin.js"), "UTF-8")


def test_non_utf8_entry(tmp_path):
    comp = tmp_path / "comp"
    comp.mkdir()
    (comp / "index.jsx").write_bytes(b"export default function C() { return '\xe9\xff'; }\n")
    code, _out, err, seconds = render(comp, tmp_path)
    assert_failed(code, err, seconds, str(comp / "index.jsx"), "UTF-8")


def test_binary_module(tmp_path):
    comp = write_comp(tmp_path / "comp", """
        import blob from './blob.js';
        export default function C() {
          return <Box />;
        }
    """)
    (comp / "blob.js").write_bytes(bytes(range(256)) * 64)
    code, _out, err, seconds = render(comp, tmp_path)
    line = assert_failed(code, err, seconds, str(comp / "blob.js"))
    assert "\x00" not in line


def test_empty_entry(tmp_path):
    comp = tmp_path / "comp"
    comp.mkdir()
    (comp / "index.jsx").write_text("", encoding="utf-8")
    code, _out, err, seconds = render(comp, tmp_path)
    assert_failed(code, err, seconds, str(comp / "index.jsx"), "default export")


def test_empty_module(tmp_path):
    comp = write_comp(tmp_path / "comp", """
        import thing from './empty.js';  // IMPORT
        export default function C() {
          return <Text>{String(thing)}</Text>;
        }
    """)
    (comp / "empty.js").write_text("", encoding="utf-8")
    code, _out, err, seconds = render(comp, tmp_path)
    if code != 0:  # a default import of a module without one: an error naming it is fine too
        assert_failed(code, err, seconds, "empty.js")


def test_directory_named_index_jsx(tmp_path):
    comp = tmp_path / "comp"
    (comp / "index.jsx").mkdir(parents=True)
    code, _out, err, seconds = render(comp, tmp_path)
    assert_failed(code, err, seconds, "index.jsx")


def test_entry_that_is_a_fifo(tmp_path):
    comp = tmp_path / "comp"
    comp.mkdir()
    os.mkfifo(comp / "index.jsx")
    code, _out, err, seconds = render(comp, tmp_path)
    assert_failed(code, err, seconds, "index.jsx")


def test_composition_folder_that_does_not_exist(tmp_path):
    code, _out, err, seconds = render(tmp_path / "nope", tmp_path)
    assert_failed(code, err, seconds, "nope")


@pytest.mark.xfail(strict=True, reason="known gap: named imports are copied when the import runs (transform/esm.py), not live bindings; a cycle or a changed `export let` is not seen. The failure is one clear line, not a hang or a crash.")
def test_modules_importing_each_other(tmp_path):
    # A cycle is legitimate ES module code: b.js reads `a` only when b() is called, after
    # index.jsx has run, and imports are live bindings. It must render.
    comp = write_comp(tmp_path / "comp", """
        import { b } from './b.js';
        export const a = 'a';
        export default function C() {
          return <Text>{b()}</Text>;
        }
    """, files={"b.js": "import { a } from './index.jsx';\nexport function b() { return a + 'b'; }\n"})
    code, _out, err, seconds = render(comp, tmp_path)
    assert_rendered(code, err, seconds)


@pytest.mark.xfail(strict=True, reason="known gap: named imports are copied when the import runs (transform/esm.py), not live bindings; a cycle or a changed `export let` is not seen. The failure is one clear line, not a hang or a crash.")
def test_import_binding_is_live(tmp_path):
    # `export let` changed after the import ran: importers see the new value (live binding).
    comp = write_comp(tmp_path / "comp", """
        import { count, bump } from './counter.js';
        bump();
        export default function C() {
          if (count !== 1) throw new Error('import saw count = ' + count);  // THROW
          return <Box />;
        }
    """, files={"counter.js": "export let count = 0;\nexport function bump() { count += 1; }\n"})
    code, _out, err, seconds = render(comp, tmp_path)
    assert_rendered(code, err, seconds)
