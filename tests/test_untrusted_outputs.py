"""The host never trusts what the runtime hands back (issue 9).

A composition may replace built-ins (`JSON.stringify`, `Object.prototype` members), declare a
malformed `compositionInterface`, nest JSX or data absurdly deep, or exhaust memory: each must
end in a clear, located error or in sanitized data with warnings, never in a Python traceback
or a crashed process. Cases that crashed the process before (a native stack overflow in
QuickJS) run in a child process, so a regression fails the test instead of killing the run.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import commands, texts, write_composition

from vcs_engine.errors import CompositionError, SandboxLimitError
from vcs_engine.host import FrameOutput, Host
from vcs_engine.interface import MAX_PARAMS, CompositionInterface
from vcs_engine.media import SourceSet, input_key
from vcs_engine.render import Compositor, DisplayListError, parse_display_list

IMPORTS = ("import * as React from 'react';\n"
           "import { Box, Text, Image, Video } from '#vcs-react/components';\n")
HEADER_LINES = 2
PLAIN = "export default function C() { return <Text>hello</Text>; }\n"


def folder_with(tmp_path: Path, source: str, name: str = "comp") -> Path:
    return write_composition(tmp_path / name, IMPORTS + textwrap.dedent(source), header=False)


def load_error(folder: Path) -> CompositionError:
    with pytest.raises(CompositionError) as info:
        Host.load(folder)
    return info.value


def recovers(folder: Path) -> None:
    """The same folder, fixed, loads and renders in a new host (the process is fine)."""
    (folder / "index.jsx").write_text(IMPORTS + PLAIN)
    assert texts(Host.load(folder).render(0)) == ["hello"]


def run_child(folder: Path, expr: str = "") -> dict:
    """Load `folder` in a child process; returns what happened (or the crash) as a dict."""
    script = textwrap.dedent("""
        import json, sys
        from vcs_engine.host import Host
        from vcs_engine.errors import CompositionError
        try:
            host = Host.load(sys.argv[1])
            out = host.render(0)
            result = {"ok": True, "flattened": out.flattened, "layers": out.video_layers,
                       "params": [p.id for p in host.interface.params]}
        except CompositionError as e:
            result = {"ok": False, "error": str(e), "limit": type(e).__name__}
        print(json.dumps(result))
    """)
    done = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"the engine process died (status {done.returncode}): {done.stderr[-2000:]}"
    return json.loads(done.stdout.strip().splitlines()[-1])


# ---------------------------------------------------------------------- replaced built-ins


@pytest.mark.parametrize("statement", [
    "JSON.stringify = () => 'x';",
    "JSON.parse = () => ({});",
    "Object.prototype.toJSON = function () { return 1; };",
    "Object.prototype.polluted = 5;",
    "Array.prototype.map = function () { return []; };",
    "Object.defineProperty(JSON, 'stringify', { value: () => '' });",
    "Function.prototype.call = null;",
    "Object.prototype.toString = function () { return 'x'; };",
    "Error.prototype.message = 'hijacked';",
    "globalThis.__vcs_host = {};",
])
def test_replacing_a_builtin_is_a_located_error(tmp_path, statement):
    folder = folder_with(tmp_path, f"{statement}\n{PLAIN}")
    err = load_error(folder)
    assert err.location is not None and err.location.path.name == "index.jsx"
    assert err.location.line == HEADER_LINES + 1, str(err)
    assert "TypeError" in str(err) and "\n" not in str(err)
    recovers(folder)


def test_attempts_caught_by_the_composition_leave_the_output_intact(tmp_path):
    reference = Host.load(folder_with(tmp_path, PLAIN, "plain")).render(0)
    folder = folder_with(tmp_path, """\
        for (const attempt of [
          () => { JSON.stringify = () => 'x'; },
          () => { JSON.parse = () => ({}); },
          () => { Object.prototype.toJSON = function () { return 1; }; },
          () => { Object.prototype.extra = 1; },
          () => { Array.prototype.map = () => []; },
          () => { Object.setPrototypeOf(Array.prototype, null); },
        ]) {
          try { attempt(); } catch (e) { /* a careful composition goes on */ }
        }
    """ + PLAIN)
    out = Host.load(folder).render(0)
    assert out.flattened_json == reference.flattened_json
    assert out.video_layers_json == reference.video_layers_json


def test_ordinary_objects_can_still_define_their_own_members(tmp_path):
    """Frozen prototypes must not break `obj.toString = …` and friends (strict mode)."""
    folder = folder_with(tmp_path, """\
        function Legacy() {}
        Legacy.prototype = {};
        Legacy.prototype.constructor = Legacy;
        const o = {};
        o.toString = () => 'o';
        o.hasOwnProperty = () => true;
        const e = new Error();
        e.name = 'Named';
        e.message = 'msg';
        export default function C() {
          return <Text>{String(o) + new Legacy().constructor.name + e.name + e.message + JSON.stringify({a: [1]})}</Text>;
        }
    """)
    assert texts(Host.load(folder).render(0)) == ['oLegacyNamedmsg{"a":[1]}']


def test_deep_json_stringify_is_an_error_not_a_crash(tmp_path):
    """This QuickJS's native JSON.stringify does not check its stack: 100,000 levels crashed."""
    folder = folder_with(tmp_path, """\
        let deep = [];
        for (let i = 0; i < 100000; i++) deep = [deep];
        export default function C() {
          return <Text>{JSON.stringify(deep).length}</Text>;
        }
    """)
    result = run_child(folder)
    assert not result["ok"] and "stack overflow" in result["error"]
    assert "index.jsx:" in result["error"]


# ---------------------------------------------------------------------- malformed interfaces


MALFORMED = {
    "not an object": "5",
    "params not a list": "{ params: 'abc' }",
    "params an object": "{ params: { a: 1 } }",
    "param without id": "{ params: [{ type: 'text' }, { id: 'ok', type: 'text' }] }",
    "id not a string": "{ params: [{ id: { a: 1 }, type: 'text', defaultValue: 1 }, { id: 'ok', type: 'text' }] }",
    "unknown type": "{ params: [{ id: 'c', type: 'color' }, { id: 'ok', type: 'text' }] }",
    "values not a list": "{ params: [{ id: 'e', type: 'enum', values: 5 }, { id: 'ok', type: 'text' }] }",
    "defaultValue an object": "{ params: [{ id: 'ok', type: 'text', defaultValue: { x: 1 } }] }",
    "displayMeta a string": "{ displayMeta: 'name', params: [{ id: 'ok', type: 'text' }] }",
    "fontFamilies a number": "{ fontFamilies: 5, params: [{ id: 'ok', type: 'text' }] }",
    "standardSources a string": "{ standardSources: 'chat', params: [{ id: 'ok', type: 'text' }] }",
    "a getter that is a function": "{ params: [{ id: 'ok', type: 'text', defaultValue: () => 1 }] }",
}


@pytest.mark.parametrize("declared", MALFORMED.values(), ids=MALFORMED.keys())
def test_malformed_interface_gives_warnings_and_a_usable_host(tmp_path, caplog, declared):
    folder = folder_with(tmp_path, f"export const compositionInterface = {declared};\n{PLAIN}")
    with caplog.at_level(logging.WARNING):
        host = Host.load(folder)
    assert texts(host.render(1)) == ["hello"]
    ids = [p.id for p in host.interface.params]
    assert ids in ([], ["ok"])
    assert host.interface.font_families == ("Roboto",)
    assert all(isinstance(s, str) for s in host.interface.standard_sources)
    if declared != MALFORMED["a getter that is a function"]:
        assert any("compositionInterface" in r.getMessage() for r in caplog.records), declared
    host.set_params({"ok": "x"})
    host.render(2)


def test_huge_param_list_is_capped_quickly(tmp_path, caplog):
    folder = folder_with(tmp_path, """\
        export const compositionInterface = {
          params: Array.from({ length: 200000 }, (_, i) => ({ id: 'p' + i, type: 'text', defaultValue: 'v' })),
        };
    """ + PLAIN)
    start = time.monotonic()
    with caplog.at_level(logging.WARNING):
        host = Host.load(folder)
    assert time.monotonic() - start < 5
    assert len(host.interface.params) == MAX_PARAMS
    assert any("200000" in r.getMessage() or "200,000" in r.getMessage() for r in caplog.records)


def test_deeply_nested_interface_data_does_not_crash(tmp_path):
    folder = folder_with(tmp_path, """\
        let deep = [];
        for (let i = 0; i < 100000; i++) deep = [deep];
        export const compositionInterface = { displayMeta: { name: 'n', extra: deep }, params: [
          { id: 'ok', type: 'text', defaultValue: deep },
        ] };
    """ + PLAIN)
    result = run_child(folder)
    assert result["ok"], result
    assert result["params"] == ["ok"]


@pytest.mark.parametrize("value", [
    None, 5, "x", [], [1, "a"], {"params": None}, {"params": [None, 3, "p", []]},
    {"params": [{"id": "a", "type": "enum", "values": [1, 2.5, True, None, {"x": 1}, "s"]}]},
    {"params": [{"id": "a", "type": "number", "step": "big", "shortHelpText": 5, "textSizeHint": []}]},
    {"params": [{"id": "a", "type": "text"}, {"id": "a", "type": "number"}]},
    {"displayMeta": {"name": 5, "description": ["x"]}, "fontFamilies": ["Bitter", 3], "imagePreloads": {}},
    {"params": [{"id": "n", "type": "number", "defaultValue": 10**400, "step": 10**400}]},
])
def test_from_json_accepts_any_json(value):
    iface = CompositionInterface.from_json(value)
    assert isinstance(iface.params, tuple) and isinstance(iface.warnings, tuple)
    assert all(isinstance(p.id, str) and p.id for p in iface.params)
    assert all(isinstance(v, str) for p in iface.params for v in p.values)
    assert all(isinstance(f, str) for f in iface.font_families)
    if iface.params and iface.params[0].type == "enum":
        assert iface.params[0].values == ("1", "2.5", "s")


# ---------------------------------------------------------------------- nesting and limits


def test_100000_nested_boxes_are_a_located_error(tmp_path):
    depth = 100_000
    folder = folder_with(tmp_path, "export default function C() {\n  return " + "<Box>" * depth
                         + "</Box>" * depth + ";\n}\n")
    start = time.monotonic()
    err = load_error(folder)
    assert time.monotonic() - start < 10
    assert err.location is not None and err.location.path.name == "index.jsx"
    assert err.location.line == HEADER_LINES + 2
    assert "nested" in str(err) and "\n" not in str(err)
    recovers(folder)


def test_jsx_nesting_above_the_lowering_limit_is_a_located_error(tmp_path):
    folder = folder_with(tmp_path, "export default function C() {\n  return " + "<Box>" * 500 + "</Box>" * 500 + ";\n}\n")
    err = load_error(folder)
    assert err.location.line == HEADER_LINES + 2 and "nested more than" in str(err)


def test_deep_component_recursion_names_the_composition(tmp_path):
    folder = folder_with(tmp_path, """\
        function Nest({ n }) {
          return n ? <Box><Nest n={n - 1} /></Box> : null;
        }
        export default function C() {
          return <Nest n={100000} />;
        }
    """)
    err = load_error(folder)
    assert isinstance(err, SandboxLimitError) and "stack overflow" in str(err)
    assert err.location is not None and err.location.path.name == "index.jsx", str(err)
    recovers(folder)


def test_memory_limit_names_the_composition_and_the_limit(tmp_path):
    folder = folder_with(tmp_path, """\
        export default function C() {
          globalThis.keep = [];
          for (;;) globalThis.keep.push({ n: globalThis.keep.length });
        }
    """)
    err = load_error(folder)
    assert isinstance(err, SandboxLimitError)
    assert "the composition used more than 256 MB" in str(err)
    assert err.location is not None and err.location.path.name == "index.jsx", str(err)
    assert "react.js" not in str(err)
    recovers(folder)


def test_a_thrown_null_is_named_at_the_composition(tmp_path):
    """QuickJS throws null when it cannot allocate its out-of-memory error: same report."""
    err = load_error(folder_with(tmp_path, "export default function C() {\n  throw null;\n}\n"))
    assert err.location is not None and err.location.path.name == "index.jsx"
    assert "256 MB" in str(err) and "threw null" in str(err)


# ---------------------------------------------------------------------- values inside outputs


def test_deep_values_in_outputs_reach_the_host_as_parseable_json(tmp_path):
    folder = folder_with(tmp_path, """\
        let deep = {};
        for (let i = 0; i < 3000; i++) deep = { deep };
        const weird = () => ({ x: deep, y: 0, w: deep, h: 10 });
        export default function C() {
          return <Box>
            <Box layout={[weird]} blend={{ opacity: deep }} transform={{ scaleX: deep }} style={{ fillColor: 'red' }} />
            <Video src={deep} />
            <Text style={{ fontFamily: { a: 1 }, fontWeight: [1] }}>x</Text>
          </Box>;
        }
    """)
    result = run_child(folder)
    assert result["ok"], result
    with pytest.raises(DisplayListError):  # like Daily's renderer, ours refuses such a list whole …
        parse_display_list(result["flattened"])
    for layer in result["layers"]:
        hash(input_key(layer["id"]))  # the compositor keys sources by it
    # … and what users look at keeps running: the list draws as nothing.
    compositor = Compositor(64, 36)
    out = FrameOutput(0, 0.0, json.dumps(result["layers"]), json.dumps(result["flattened"]), "[]",
                      json.dumps(result["flattened"]["commands"]), 1280, 720)
    assert compositor.composite(out, SourceSet(), 0.0).shape == (36, 64, 4)


def test_text_style_that_cannot_be_measured_is_a_located_error(tmp_path):
    folder = folder_with(tmp_path, """\
        let deep = {};
        for (let i = 0; i < 3000; i++) deep = { deep };
        export default function C() {
          return <Text style={{ textColor: deep }}>x</Text>;
        }
    """)
    err = load_error(folder)
    assert err.location is not None and err.location.path.name == "index.jsx"
    assert "style" in str(err) and "Python call failed" not in str(err)


def test_text_style_of_the_wrong_kind_is_measured_as_no_style(tmp_path):
    folder = folder_with(tmp_path, """\
        export default function C() {
          return <Box><Text style="big">a</Text><Text style={[1, 2]}>b</Text></Box>;
        }
    """)
    assert texts(Host.load(folder).render(0)) == ["a", "b"]


def test_image_names_are_own_entries_only(tmp_path):
    folder = folder_with(tmp_path, """\
        export default function C() {
          return <Box><Image src="constructor" /><Image src="hasOwnProperty.x" /></Box>;
        }
    """)
    out = Host.load(folder).render(0)
    assert not [c for c in commands(out) if c[0] == "drawImage"]
