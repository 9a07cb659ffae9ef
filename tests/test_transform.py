"""Tests of vcs_engine.transform: JSX/ESM lowering evaluated in a bare QuickJS context, line
preservation, specifier resolution, error locations and the content-hash cache."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest
import quickjs

from vcs_engine.transform import TransformCache, TransformError, load_composition_modules, transform_module

DAILY = Path(__file__).resolve().parents[2] / "shared" / "daily-reference"
if not DAILY.is_dir():
    DAILY = Path("/work/shared/daily-reference")

# A minimal stand-in for the runtime's side of the contract: a module registry, built-ins that
# answer any property access, and element functions returning the props a component would get
# (children folded in as createElement does; key and ref left in, to be visible to the tests).
HARNESS = r"""
var __defs = {}, __cache = {};
function __vcs_define(id, factory) { __defs[id] = factory; }
function __stub(name) {
  var target = function () { return __stub(name + "()"); };
  var proxy = new Proxy(target, { get: function (t, key) {
    if (key === Symbol.toPrimitive) return function () { return 0; };
    if (key === "default") return proxy;
    if (key === "__name") return name;
    return __stub(name + "." + String(key));
  } });
  return proxy;
}
function __require(id) {
  if (id in __cache) return __cache[id];
  if (!(id in __defs)) return (__cache[id] = __stub(id));
  var exports = {};
  __cache[id] = exports;
  __defs[id](__require, exports);
  return exports;
}
function __h(type, config) {
  var props = {}, children = Array.prototype.slice.call(arguments, 2);
  for (var k in config) props[k] = config[k];
  if (children.length === 1) props.children = children[0];
  else if (children.length > 1) props.children = children;
  return {type: type, props: props, form: "createElement"};
}
function __jsx(type, props) { return {type: type, props: props, form: "jsx"}; }
var __Fragment = "#fragment";
"""


def _context(chunks: list[str]) -> quickjs.Context:
    context = quickjs.Context()
    context.eval(HARNESS)
    for chunk in chunks:
        context.eval(chunk)
    return context


def write_tree(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text))


def run_composition(root: Path, files: dict[str, str], expression: str = "exports.default") -> object:
    """Write files, bundle the folder, run the entry; return `expression` (JSON round trip)."""
    write_tree(root, files)
    bundle = load_composition_modules(root, TransformCache())
    context = _context([module.code for module in bundle.modules])
    result = context.eval(
        f"(function () {{ var exports = __require({json.dumps(bundle.entry_id)}); "
        f"return JSON.stringify({expression}); }})()"
    )
    return None if result is None else json.loads(result)


def run_jsx(source: str, **scope: object) -> object:
    """Transform one module exporting `value`; evaluate it; return `value` as JSON."""
    prelude = "".join(f"const {name} = {json.dumps(value)}; " for name, value in scope.items())
    module = transform_module((prelude + textwrap.dedent(source)).encode(), Path("test.jsx"))
    context = _context([module.chunk("test.jsx", ["builtin:" + r.specifier for r in module.requests])])
    return json.loads(context.eval('JSON.stringify(__require("test.jsx").value)'))


def el(type_: str, props: dict | None = None, *children: object, form: str = "jsx") -> dict:
    """The element `<type_ {...props}>{children}</type_>` as the harness returns it."""
    props = dict(props or {})
    if len(children) == 1:
        props["children"] = children[0]
    elif children:
        props["children"] = list(children)
    return {"type": type_, "props": props, "form": form}


def children_of(element: dict) -> list[object]:
    """The children as a list (none of these tests has a lone array child)."""
    children = element["props"].get("children", [])
    return children if isinstance(children, list) else [children]


# --- JSX --------------------------------------------------------------------------------------


def test_intrinsic_component_member_and_namespaced_names() -> None:
    assert run_jsx("export const value = <div/>;") == el("div")
    assert run_jsx("export const value = <Box/>;", Box="the Box") == el("the Box")
    assert run_jsx("export const value = <ui.Box.Inner/>;", ui={"Box": {"Inner": "inner"}}) == el("inner")
    assert run_jsx("export const value = <svg:rect/>;") == el("svg:rect")
    assert run_jsx("export const value = <my-el></my-el>;") == el("my-el")
    assert run_jsx("export const value = <_private/>;", _private="p") == el("p")


def test_fragment_and_nesting() -> None:
    value = run_jsx("export const value = <><a/><B>x</B></>;", B="B")
    assert value == el("#fragment", None, el("a"), el("B", None, "x"))


def test_attributes() -> None:
    source = """
        export const value = <Box id="one" n={1 + 1} flag key="k" data-x='d' aria:label="l"
            style={{color: 'red'}} icon=<img src="i"/> />;
    """
    value = run_jsx(source, Box="Box")
    assert value == el(
        "Box",
        {
            "id": "one",
            "n": 2,
            "flag": True,
            "key": "k",
            "data-x": "d",
            "aria:label": "l",
            "style": {"color": "red"},
            "icon": el("img", {"src": "i"}),
        },
    )


def test_attribute_strings_decode_entities_and_fold_line_breaks() -> None:
    source = 'export const value = <a title="x &amp; y &quot;z&quot; \\n" text="one\n      two" />;'
    assert run_jsx(source)["props"] == {"title": 'x & y "z" \\n', "text": "one two"}


def test_spread_attributes() -> None:
    value = run_jsx("export const value = <a {...p} b={2} {...q} c />;", p={"a": 1, "b": 1}, q={"c": 0, "d": 4})
    assert value["props"] == {"a": 1, "b": 2, "c": True, "d": 4}
    value = run_jsx("export const value = <a {...p} />;", p={"a": 1})
    assert value["props"] == {"a": 1}


def test_children_are_separate_arguments_with_expressions_and_spread() -> None:
    source = """
        export const value = <ul>
          {items.map((item) => <li key={item}>{item}</li>)}
          {flag && <b/>}
          {/* a comment child */}
          {}
          {...extra}
        </ul>;
    """
    value = run_jsx(source, items=[1, 2], flag=True, extra=["e1", "e2"])
    assert value == el("ul", None, [el("li", {"key": 1}, 1), el("li", {"key": 2}, 2)], el("b"), "e1", "e2",
                       form="createElement")  # a spread child needs createElement


def test_the_jsx_form_keeps_attribute_and_child_order_and_children_override() -> None:
    source = """
        const seen = [];
        const f = (x) => (seen.push(x), x);
        const el = <a one={f(1)} key={f(2)} children="attr">{f(3)}{f(4)}</a>;
        export const value = [el, seen];
    """
    value = run_jsx(source)
    assert value == [el("a", {"one": 1, "key": 2}, 3, 4), [1, 2, 3, 4]]
    assert run_jsx('export const value = <a children="attr" />;') == el("a", {"children": "attr"})


@pytest.mark.parametrize(
    ("jsx", "children"),
    [
        ("<a>  hello  </a>", ["  hello  "]),
        ("<a>\n   hello\n     world  \n</a>", ["hello world"]),
        ("<a>\n\n  first line\n\n\n  second\t\tline \n  </a>", ["first line second  line"]),
        ("<a>{x} {y}</a>", [1, " ", 2]),
        ("<a>\n  {x}\n  {y}\n</a>", [1, 2]),
        ("<a>\n  {x} and {y}\n</a>", [1, " and ", 2]),
        ("<a>   \n   </a>", []),
        ("<a>one <b/> two</a>", ["one ", el("b"), " two"]),
        ("<a>// not a comment /* nor this */</a>", ["// not a comment /* nor this */"]),
    ],
)
def test_jsx_text_whitespace_follows_babel(jsx: str, children: list[object]) -> None:
    assert children_of(run_jsx(f"export const value = {jsx};", x=1, y=2)) == children


def test_jsx_text_entities() -> None:
    source = "export const value = <a>&nbsp;&amp;&lt;&gt;&quot;&apos;&#123;&#x1F600;&copy; &bogus; &#X41;</a>;"
    assert children_of(run_jsx(source)) == ["\u00a0&<>\"'{\U0001f600\u00a9 &bogus; &#X41;"]


# --- ES modules -------------------------------------------------------------------------------


def test_import_forms(tmp_path: Path) -> None:
    files = {
        "lib.js": """
            export default 'D';
            export const a = 'A', b = 'B';
        """,
        "side.js": "globalThis.sideEffect = 'ran';",
        "index.jsx": """
            import D, {a, b as c} from './lib.js';
            import * as NS from './lib';
            import D2, * as NS2 from './lib.js';
            import D3, {a as a3} from './lib.js';
            import './side.js';
            import Rand from 'random-seed';
            import * as React from 'react';
            export default [D, a, c, NS.a, NS.default, D2, NS2.b, D3, a3, globalThis.sideEffect,
                            Rand.__name, React.__name];
        """,
    }
    assert run_composition(tmp_path, files) == [
        "D",
        "A",
        "B",
        "A",
        "D",
        "D",
        "B",
        "D",
        "A",
        "ran",
        "random-seed",
        "react",
    ]


def test_export_forms(tmp_path: Path) -> None:
    files = {
        "things.js": """
            export const one = 1;
            export let two = 2;
            export var three = 3;
            export function four() { return 4; }
            export class Five { get value() { return 5; } }
            export const {six, seven: [seven]} = {six: 6, seven: [7]};
            const local = 8, other = 9;
            export {local, other as nine};
            export default function () { return 'anonymous default'; }
        """,
        "more.js": """
            export * from './things.js';
            export * as all from './things.js';
            export {one as uno, default as thingsDefault} from './things.js';
            export default class { name() { return 'class default'; } }
        """,
        "index.js": """
            import * as more from './more.js';
            import MoreDefault from './more.js';
            export default {
              keys: Object.keys(more).sort(),
              values: [more.one, more.two, more.three, more.four(), new more.Five().value, more.six,
                       more.seven, more.local, more.nine, more.uno, more.thingsDefault(),
                       more.all.default(), new MoreDefault().name()],
            };
        """,
    }
    result = run_composition(tmp_path, files)
    assert result["keys"] == sorted(
        [
            "Five",
            "all",
            "default",
            "four",
            "local",
            "nine",
            "one",
            "seven",
            "six",
            "thingsDefault",
            "three",
            "two",
            "uno",
        ]
    )
    assert result["values"] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 1, "anonymous default", "anonymous default", "class default"]


def test_exports_are_live_and_hoisted_functions_work_in_cycles(tmp_path: Path) -> None:
    files = {
        "counter.js": """
            import {report} from './index.js';
            export let count = 0;
            export function increment() { count += 1; }
            export const early = report();
        """,
        "index.js": """
            import * as counter from './counter.js';
            counter.increment();
            counter.increment();
            export function report() { return 'hoisted'; }
            export default [counter.count, counter.early];
        """,
    }
    assert run_composition(tmp_path, files) == [2, "hoisted"]


def test_export_default_expression_with_jsx(tmp_path: Path) -> None:
    files = {"index.jsx": "export default <Box a={1}>hi</Box>;\nfunction Box() {}\n"}
    assert run_composition(tmp_path, files, "exports.default.props") == {"a": 1, "children": "hi"}


def test_bundle_order_ids_and_dependencies(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "index.jsx": "import A from './components/A';\nimport {x} from './util.js';\nexport default A;",
            "components/A.jsx": "import {x} from '../util.js';\nimport {Box} from '#vcs-react/components';\nexport default x;",
            "util.js": "export const x = 1;",
        },
    )
    bundle = load_composition_modules(tmp_path, TransformCache())
    assert bundle.root == tmp_path
    assert bundle.entry_id == "index.jsx"
    assert [module.id for module in bundle.modules] == ["util.js", "components/A.jsx", "index.jsx"]
    assert bundle.module("components/A.jsx").dependencies == ("util.js", "#vcs-react/components")
    first = bundle.modules[0]
    assert first.path == tmp_path / "util.js" and first.line_count == 1 and len(first.source_hash) == 32
    assert first.code.startswith('__vcs_define("util.js", function (__require, __exports) {')


def test_single_file_composition(tmp_path: Path) -> None:
    write_tree(tmp_path, {"hello.jsx": "export default 1;", "other.jsx": "syntax error here ("})
    bundle = load_composition_modules(tmp_path / "hello.jsx", TransformCache())
    assert (bundle.root, bundle.entry_id, len(bundle.modules)) == (tmp_path, "hello.jsx", 1)


# --- line preservation ------------------------------------------------------------------------

LINE_37 = """\
import * as React from 'react';
import {Box, Text} from '#vcs-react/components';
import {
  useVideoTime,
} from '#vcs-react/hooks';

export const compositionInterface = {
  params: [],
};

export default function App() {
  const t = 0;
  return (
    <Box id="root"
      style={{
        fillColor: 'red',
      }}
      layout={[
        1,
        2,
      ]}
    >
      Some text
        on two lines &amp; an entity
      <Text>
        {t}
      </Text>
      {/* a comment
          on two lines */}
      <>
      </>
    </Box>
  );
}

export function fail() {
  throw new Error('thrown on line 37');
}
"""


def test_runtime_error_line_is_source_line(tmp_path: Path) -> None:
    write_tree(tmp_path, {"index.jsx": LINE_37})
    bundle = load_composition_modules(tmp_path, TransformCache())
    context = _context([bundle.modules[0].code])
    context.eval('var app = __require("index.jsx"); app.default();')
    with pytest.raises(quickjs.JSException, match=r"at fail \(<input>:37\)"):
        context.eval("app.fail()")


def test_each_jsx_piece_stays_on_its_source_line() -> None:
    # Every marker identifier must appear on the output line of its source line.
    source = textwrap.dedent("""\
        const v = <A
          p1={m1}
          {...m2}
          p3="s"
        >
          {m4}
          text
          <B p5={m5}
             p6={<C>{m6}</C>}
          />
          {m7 && (
            <D>{m8}</D>
          )}
        </A>; const m9 = 1;
        export default m10;
    """)
    output = transform_module(source.encode(), Path("x.jsx")).chunk("x.jsx", []).splitlines()
    for row, line in enumerate(source.splitlines()):
        for marker in re.findall(r"\bm\d+\b", line):
            assert re.search(rf"\b{marker}\b", output[row]), (marker, row + 1, output[row])
    assert '"text"' in output[6]


def test_daily_reference_modules_keep_their_line_count() -> None:
    if not DAILY.is_dir():
        pytest.skip("daily-reference not available")
    for path in sorted(DAILY.rglob("*.js*")):
        source = path.read_bytes()
        chunk = transform_module(source, path).chunk(path.name, [])
        # + the line of the closing "});" and its newline
        assert chunk.count("\n") == source.count(b"\n") + 2, path


# --- resolution -------------------------------------------------------------------------------


def test_resolution_order(tmp_path: Path) -> None:
    files = {
        "index.js": """
            import a from './a';
            import b from './b';
            import c from './c';
            import d from './d.js';
            export default [a, b, c, d];
        """,
        "a.js": "export default 'a.js';",
        "a.jsx": "export default 'a.jsx';",
        "b.jsx": "export default 'b.jsx';",
        "b/index.js": "export default 'b/index.js';",
        "c/index.jsx": "export default 'c/index.jsx';",
        "d.js": "export default 'd.js';",
        "d.js.jsx": "export default 'd.js.jsx';",
    }
    assert run_composition(tmp_path, files) == ["a.js", "b.jsx", "c/index.jsx", "d.js"]


@pytest.mark.parametrize(
    ("specifier", "resolved"),
    [
        ("react", "react"),
        ("#vcs-react/hooks", "#vcs-react/hooks"),
        ("#vcs-react/hooks/index.js", "#vcs-react/hooks"),
        ("#vcs-react/components/Box.js", "#vcs-react/components"),
        ("#vcs/react/contexts", "#vcs-react/contexts"),
        ("#vcs-stdlib/layouts/index", "#vcs-stdlib/layouts"),
        ("#vcs-stdlib/components", "#vcs-stdlib/components"),
        ("uuid", "uuid"),
        ("random-seed", "random-seed"),
    ],
)
def test_builtin_specifiers(tmp_path: Path, specifier: str, resolved: str) -> None:
    write_tree(tmp_path, {"index.js": f"import * as m from '{specifier}';"})
    assert load_composition_modules(tmp_path, TransformCache()).modules[-1].dependencies == (resolved,)


@pytest.mark.parametrize(
    ("files", "where", "message"),
    [
        ({"index.js": "const a = 1;\n  import x from 'lodash';"}, ("index.js", 2, 17), "cannot import 'lodash'"),
        ({"index.js": "import x from './nope';"}, ("index.js", 1, 15), "cannot find module './nope'"),
        (
            {"index.js": "import x from './sub/a.js';", "sub/a.js": "export * from '../../outside.js';"},
            ("sub/a.js", 1, 15),
            "outside the composition folder",
        ),
        (
            {"index.js": "import x from './types';", "types.ts": "export const a: number = 1;"},
            ("index.js", 1, 15),
            "TypeScript modules are not supported",
        ),
        (
            {"index.js": "import x from './data.json';", "data.json": "{}"},
            ("index.js", 1, 15),
            "only .js and .jsx modules",
        ),
        ({"index.js": "const x = 1;\nconst y = ;\n"}, ("index.js", 2, 9), "syntax error: unexpected '='"),
        ({"index.jsx": "const a = <div>\n  <span>\n</div>;"}, ("index.jsx", 3, 1), "expected the closing tag </span>"),
        ({"index.jsx": "const a = <a.b></a.c>;"}, ("index.jsx", 1, 16), "expected the closing tag </a.b>"),
        ({"index.js": "f(1, 2"}, ("index.js", 1, 7), "unexpected end of file"),
        ({"index.js": "function f() {\n  return 1;\n"}, ("index.js", 2, 12), "missing '}'"),
        ({"index.js": "export const a = 1;\nexport {a};"}, ("index.js", 2, 1), "duplicate export 'a'"),
        ({"index.js": "const m = import('./x.js');"}, ("index.js", 1, 11), "dynamic import()"),
        ({"index.jsx": "const a = <a b={}/>;"}, ("index.jsx", 1, 16), "non-empty expression"),
        ({"index.js": "if (x) {\n  export const a = 1;\n}"}, ("index.js", 2, 3), "only allowed at the top level"),
    ],
)
def test_errors_carry_file_line_col(
    tmp_path: Path, files: dict[str, str], where: tuple[str, int, int], message: str
) -> None:
    write_tree(tmp_path, files)
    with pytest.raises(TransformError) as caught:
        load_composition_modules(tmp_path, TransformCache())
    error = caught.value
    assert (error.file, error.line, error.col) == (tmp_path / where[0], where[1], where[2])
    assert message in error.message
    assert str(error).startswith(f"{tmp_path / where[0]}:{where[1]}:{where[2]}: ")


def test_non_utf8_source(tmp_path: Path) -> None:
    (tmp_path / "index.js").write_bytes("const s = 'caf\xe9';".encode("latin-1"))
    with pytest.raises(TransformError, match=r"index.js:1:15: the file is not UTF-8 text"):
        load_composition_modules(tmp_path, TransformCache())


def test_missing_entry(tmp_path: Path) -> None:
    with pytest.raises(TransformError, match="no index.jsx or index.js"):
        load_composition_modules(tmp_path, TransformCache())
    (tmp_path / "index.tsx").write_text("")
    with pytest.raises(TransformError, match="TypeScript"):
        load_composition_modules(tmp_path, TransformCache())


# --- cache ------------------------------------------------------------------------------------


def test_one_file_edit_retransforms_only_that_file(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "index.jsx": "import {a} from './a.js';\nimport {b} from './b.js';\nexport default <x>{a}{b}</x>;",
            "a.js": "export const a = 1;",
            "b.js": "export const b = 2;",
        },
    )
    cache = TransformCache()
    first = load_composition_modules(tmp_path, cache)
    assert cache.transforms == 3
    load_composition_modules(tmp_path, cache)
    assert cache.transforms == 3
    (tmp_path / "b.js").write_text("export const b = 3;")
    second = load_composition_modules(tmp_path, cache)
    assert cache.transforms == 4
    changed = [old.id for old, new in zip(first.modules, second.modules) if old.source_hash != new.source_hash]
    assert changed == ["b.js"]
    (tmp_path / "b.js").write_text("export const b = 2;")  # reverted: served from the cache
    load_composition_modules(tmp_path, cache)
    assert (cache.transforms, cache.hits) == (4, 8)
    cache.clear()
    load_composition_modules(tmp_path, cache)
    assert cache.transforms == 7


def test_same_content_at_two_paths_shares_the_transform_but_not_the_id(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "index.js": "import './x.js';\nimport './y.js';",
            "x.js": "export const v = 1;",
            "y.js": "export const v = 1;",
        },
    )
    cache = TransformCache()
    bundle = load_composition_modules(tmp_path, cache)
    assert cache.transforms == 2
    assert bundle.module("x.js").code != bundle.module("y.js").code


# --- Daily's reference compositions ---------------------------------------------------------------


def _daily_compositions() -> list[Path]:
    if not DAILY.is_dir():
        return []
    return sorted((DAILY / "compositions").iterdir()) + sorted((DAILY / "examples").glob("*.jsx"))


@pytest.mark.skipif(not DAILY.is_dir(), reason="daily-reference not available")
@pytest.mark.parametrize("composition", _daily_compositions(), ids=lambda path: path.name)
def test_daily_reference_compositions_transform_and_evaluate(composition: Path) -> None:
    bundle = load_composition_modules(composition, TransformCache())
    context = _context([module.code for module in bundle.modules])
    keys = context.eval(f"Object.keys(__require({json.dumps(bundle.entry_id)})).join(',')")
    assert "default" in keys.split(",") and "compositionInterface" in keys.split(",")
    for module in bundle.modules:  # every module evaluates, not only the ones the entry reaches
        context.eval(f"__require({json.dumps(module.id)})")
