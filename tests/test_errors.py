"""Errors name the composition's `file:line` (errors.py contract), and the sandbox stops runaway
compositions (memory, stack, time) with SandboxLimitError while the host stays usable.

Sources here are written without the shared import header so that line numbers are literal.
"""

from __future__ import annotations

import re
import textwrap
import time
from pathlib import Path

import pytest
from conftest import texts

from vcs_engine.errors import CompositionError, CompositionNotFound, SandboxLimitError
from vcs_engine.host import Host, _default_text_callables
from vcs_engine.runtime import JsRuntime

IMPORTS = "import * as React from 'react';\nimport { Box, Text } from '#vcs-react/components';\n"


def entry(host_or_path) -> Path:
    p = host_or_path.path if isinstance(host_or_path, Host) else Path(host_or_path)
    return p / "index.jsx"


def load_error(load, source: str, **kw) -> CompositionError:
    with pytest.raises(CompositionError) as info:
        load(source, header=False, **kw)
    return info.value


# ---------------------------------------------------------------------- syntax and imports


def test_syntax_error_names_file_line_col(load, comp_path):
    src = IMPORTS + textwrap.dedent("""\
        export default function C() {
          const x = ;
          return null;
        }
    """)
    folder = comp_path(src, header=False)
    with pytest.raises(CompositionError) as info:
        Host.load(folder)
    msg = str(info.value)
    assert re.match(re.escape(str(folder / "index.jsx")) + r":4:\d+: ", msg), msg
    assert "syntax" in msg.lower()
    assert "\n" not in msg


def test_unclosed_jsx_is_a_located_syntax_error(load):
    err = load_error(load, IMPORTS + "export default function C() {\n  return <Box>;\n}\n")
    assert err.location is not None and err.location.path.name == "index.jsx"
    assert err.location.line in (4, 5)
    assert str(err).startswith(f"{err.location.path}:{err.location.line}:")


def test_missing_import_names_the_importing_line(load):
    src = IMPORTS + "import { Banner } from './components/Banner.js';\nexport default function C() { return null; }\n"
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:3:")
    assert err.location.path.name == "index.jsx"
    assert "Banner" in str(err)


def test_unknown_builtin_import(load):
    err = load_error(load, IMPORTS + "import { Nope } from '#vcs-react/nothing';\nexport default function C() { return null; }\n")
    assert str(err).startswith(f"{err.location.path}:3:")


def test_non_function_default_export(load):
    err = load_error(load, IMPORTS + "\nexport default { render: 1 };\n")
    assert str(err).startswith(f"{err.location.path}:4: "), str(err)
    assert err.location.path.name == "index.jsx"
    assert "not a component" in str(err)


def test_missing_default_export(load):
    err = load_error(load, IMPORTS + "export function C() { return null; }\n")
    assert err.location is not None and err.location.path.name == "index.jsx"
    assert "default export" in str(err)


def test_missing_composition_path():
    with pytest.raises(CompositionNotFound):
        Host.load("/nonexistent/composition/folder")


# ---------------------------------------------------------------------- runtime exceptions


def test_render_exception_names_line_and_component_stack(load):
    src = IMPORTS + textwrap.dedent("""\
        function Inner({ value }) {
          const x = value.missing;
          return <Text>{x.deeper}</Text>;
        }
        function Middle() { return <Box><Inner value={{}} /></Box>; }
        export default function C() {
          return <Middle />;
        }
    """)
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:5: TypeError"), str(err)
    lines = [ln.strip() for ln in err.component_stack.splitlines()]
    assert lines[0] == "in Inner"
    assert lines.index("in Middle") < lines.index("in C")
    assert "in Inner" in err.details()


def test_reference_error_is_located(load):
    src = IMPORTS + textwrap.dedent("""\
        export const compositionInterface = { params: [] };
        export default function C() {
          const a = 1;
          const p = undefinedHelper(a);
          return <Text>ok</Text>;
        }
    """)
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:6: ReferenceError")
    assert "undefinedHelper" in str(err)


def test_error_raised_by_a_param_change_then_recovery_by_reload(load):
    host = load(IMPORTS + textwrap.dedent("""\
        import { useParams } from '#vcs-react/hooks';
        export const compositionInterface = { params: [{ id: 'boom', type: 'boolean', defaultValue: false }] };
        export default function C() {
          const p = useParams();
          if (p.boom) {
            throw new Error('boom requested');
          }
          return <Text>ok</Text>;
        }
    """), header=False)
    assert texts(host.render(1)) == ["ok"]
    host.set_params({"boom": True})
    with pytest.raises(CompositionError) as info:
        host.render(2)
    assert str(info.value) == f"{entry(host)}:8: Error: boom requested"
    assert "in C" in info.value.component_stack
    host.set_params({"boom": False})
    host.reload()
    assert texts(host.render(3)) == ["ok"]


def test_error_in_layout_function(load):
    src = IMPORTS + textwrap.dedent("""\
        function bad(frame, params) {
          if (params.n > 1) {
            throw new RangeError('too many: ' + params.n);
          }
          return frame;
        }
        export default function C() {
          return <Box layout={[bad, { n: 2 }]} />;
        }
    """)
    err = load_error(load, src)
    assert str(err) == f"{err.location.path}:5: RangeError: too many: 2"


def test_error_in_effect(load):
    src = IMPORTS + textwrap.dedent("""\
        export default function C() {
          React.useEffect(() => {
            null.fail();
          }, []);
          return null;
        }
    """)
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:5: TypeError")


def test_exception_in_nested_module_names_that_file(load):
    files = {
        "components/Bad.js": """\
            import * as React from 'react';
            import { Text } from '#vcs-react/components';

            export function Bad({ items }) {
              // items is undefined here
              return <Text>{items.join(',')}</Text>;
            }
        """,
    }
    src = IMPORTS + "import { Bad } from './components/Bad.js';\nexport default function C() { return <Box><Bad /></Box>; }\n"
    err = load_error(load, src, files=files)
    assert err.location.path.name == "Bad.js"
    assert str(err).startswith(f"{err.location.path}:6: TypeError"), str(err)
    assert err.location.path.parent.name == "components"
    assert "in Bad" in err.component_stack


def test_exception_at_module_top_level_of_nested_file(load):
    files = {"lib/config.js": "export const a = 1;\n\nexport const b = a.toFixed(-5);\n"}
    src = IMPORTS + "import { b } from './lib/config.js';\nexport default function C() { return <Text>{b}</Text>; }\n"
    err = load_error(load, src, files=files)
    assert str(err).startswith(f"{err.location.path}:3: RangeError"), str(err)
    assert err.location.path.name == "config.js"


def test_thrown_non_error_value(load):
    src = IMPORTS + "export default function C() {\n  throw 'plain string';\n}\n"
    err = load_error(load, src)
    assert "plain string" in str(err)


# ---------------------------------------------------------------------- sandbox limits


@pytest.fixture
def sandbox_runtime():
    """A runtime per test: a limit that interrupts a call leaves it for a fresh one."""
    measure, first_emoji = _default_text_callables()
    return JsRuntime(measure, first_emoji, time_limit_s=0.5)


@pytest.fixture
def sandbox(comp_path, sandbox_runtime):
    """Load `source` in the limited runtime; returns (error, host); the host has the folder set."""

    def run(source: str):
        folder = comp_path(IMPORTS + textwrap.dedent(source), header=False)
        host = Host(runtime=sandbox_runtime)
        host.path = folder
        with pytest.raises(SandboxLimitError) as info:
            host.reload()
        return info.value, host

    return run


def assert_recovers(host: Host) -> None:
    (host.path / "index.jsx").write_text(IMPORTS + "export default function C() { return <Text>fine</Text>; }\n")
    host.reload()
    assert texts(host.render(1)) == ["fine"]


def test_huge_allocation_is_stopped(sandbox):
    err, host = sandbox("""\
        export default function C() {
          const a = new Array(1e9).fill(0);
          return <Text>{String(a.length)}</Text>;
        }
    """)
    assert "memory" in str(err)
    assert_recovers(host)


def test_growing_string_is_stopped(sandbox):
    err, host = sandbox("""\
        export default function C() {
          let s = 'x';
          for (;;) {
            s += s;
          }
        }
    """)
    assert "memory" in str(err)
    assert str(err).startswith(f"{entry(host)}:6: ")
    assert_recovers(host)


def test_runaway_recursion_is_stopped(sandbox):
    err, host = sandbox("""\
        function down(n) {
          return down(n + 1) + 1;
        }
        export default function C() {
          return <Text>{String(down(0))}</Text>;
        }
    """)
    assert "stack overflow" in str(err)
    assert str(err).startswith(f"{entry(host)}:4: ")
    assert_recovers(host)


def test_endless_loop_is_stopped(sandbox):
    start = time.monotonic()
    err, host = sandbox("""\
        export default function C() {
          let i = 0;
          while (true) {
            i++;
          }
          return null;
        }
    """)
    assert time.monotonic() - start < 5
    assert "longer than" in str(err)
    assert str(err).startswith(f"{entry(host)}:")
    assert_recovers(host)


def test_endless_loop_in_layout_function_is_stopped(sandbox):
    err, host = sandbox("""\
        const stuck = (f) => {
          for (let i = 0; i >= 0; i = (i + 1) % 10) {}
          return f;
        };
        export default function C() {
          return <Box layout={[stuck]} />;
        }
    """)
    assert str(err).startswith(f"{entry(host)}:4: ")
    assert_recovers(host)


# ---------------------------------------------------------------------- one-line functions


def test_error_in_one_line_component_names_its_line(load):
    # QuickJS gives no line for a frame whose function is all on one line.
    src = IMPORTS + "\nexport default function C() { return <Text>{null.x}</Text>; }\n"
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:4: TypeError"), str(err)
    assert err.location.path.name == "index.jsx"


def test_error_in_one_line_layout_function_names_its_line(load):
    src = IMPORTS + textwrap.dedent("""\
        const broken = (frame, params) => params.missing.x;

        export default function C() {
          return <Box layout={[broken]} />;
        }
    """)
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:3: TypeError"), str(err)


def test_one_line_helper_called_from_composition_code_names_the_helper(load):
    src = IMPORTS + textwrap.dedent("""\
        function fmt(v) { return v.toFixed(2); }
        export default function C() {
          const label = fmt(undefined);
          return <Text>{label}</Text>;
        }
    """)
    err = load_error(load, src)
    assert str(err).startswith(f"{err.location.path}:3: TypeError"), str(err)


def _call_fmt(rt: JsRuntime) -> CompositionError:
    with pytest.raises(CompositionError) as info:
        rt.eval("(function caller() {\n  fmt(undefined);\n})()")
    return info.value


def test_one_line_function_found_after_its_module_outgrew_its_line_range():
    # A reload that makes a module longer than its reserved range moves it to a new range; the
    # old source must not count as a second definition of `fmt`.
    rt = JsRuntime(lambda r: "{}", lambda s: "")
    rt.define_module("index.js", "function fmt(v) { return v.toFixed(2); }\n", Path("/c/index.js"))
    rt.define_module("index.js", "\n" * 200 + "function fmt(v) { return v.toFixed(2); }\n", Path("/c/index.js"))
    err = _call_fmt(rt)
    assert str(err).startswith("/c/index.js:201: TypeError"), str(err)


def test_one_line_function_found_after_switching_composition():
    rt = JsRuntime(lambda r: "{}", lambda s: "")
    rt.define_module("a.js", "function fmt(v) { return v.toFixed(2); }\n", Path("/a/a.js"))
    rt.forget_modules()
    rt.define_module("b.js", "\nfunction fmt(v) { return v.toFixed(2); }\n", Path("/b/b.js"))
    err = _call_fmt(rt)
    assert str(err).startswith("/b/b.js:2: TypeError"), str(err)


def test_transform_error_without_a_position_names_the_path(tmp_path):
    folder = tmp_path / "empty_comp"
    folder.mkdir()
    with pytest.raises(CompositionError) as info:
        Host.load(folder)
    assert str(info.value) == f"{folder}: composition folder has no index.jsx or index.js"


def test_render_after_a_failed_load_says_so(tmp_path) -> None:
    from vcs_engine.errors import CompositionError
    from vcs_engine.host import Host

    path = tmp_path / "bad.jsx"
    path.write_text("export default 42;\n")
    host = Host()
    with pytest.raises(CompositionError):
        host.open(path)
    # Every later render repeats the load's own error (honest state), not a follow-up one.
    for frame in (1, 2):
        with pytest.raises(CompositionError, match="bad.jsx:1: .*default export is not a component"):
            host.render(frame)
