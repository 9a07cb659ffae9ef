"""Tests of the runtime's `random-seed` and `uuid` modules (vcs_engine/runtime/lib), run in a bare
QuickJS context with a minimal `__vcs_define` stub.

The expected numbers below were produced by the real npm package random-seed 0.3.0 under Node
(`npm pack random-seed`, seeded with `Rand.create(seed)`, calls in the order listed), recorded once
at development time: the runtime must reproduce the exact sequences compositions were made with.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import quickjs

LIB = Path(__file__).resolve().parents[1] / "vcs_engine" / "runtime" / "lib"

RECORDED = {
    "seed": {
        "random": [
            0.5264826008852708,
            0.8856473809357064,
            0.7559986580151921,
            0.7188518836937081,
            0.3879786848077097,
            0.10067468287453929,
            0.3879270765892179,
            0.5533768110699375,
            0.18269284456947743,
            0.14744253442962563,
            0.876214828591908,
            0.934665705457485,
            0.028199819740858056,
            0.25709191050968283,
            0.05657156642924943,
            0.035115053832643905,
            0.7190705048320309,
            0.8528047787398105,
            0.4823132823026596,
            0.4867762972470707,
        ],
        "range100": [1, 68, 84, 52, 59, 88, 5, 49, 14, 72],
        "intBetween": [4, 3, 1, 2, 5, 1, 1, -1, -2, 2],
        "floatBetween": [
            12.104038164435226,
            18.19423258515802,
            11.19326973991296,
            15.817953704253643,
            12.732023557778417,
        ],
        "string": ")~O8\"Z'$Z\\':%FC|z\\JRN'=S",
        "call": [81, 55, 607, 924, 32],
    },
    "daily-baseline": {
        "random": [
            0.44878196190504893,
            0.23138100459313793,
            0.18364470052514714,
            0.062284437176466034,
            0.787305714911457,
            0.3978369440057411,
            0.026367071026163535,
            0.25100888755970663,
            0.6009698225342753,
            0.7890779971478818,
            0.3729758469531974,
            0.03949483188285541,
            0.0998934050963044,
            0.8668376071489122,
            0.029059734564271578,
            0.5176121431253404,
            0.4956374158109117,
            0.250145276314097,
            0.6651623556336687,
            0.3663660143502664,
        ],
        "range100": [72, 6, 38, 51, 80, 29, 31, 63, 94, 5],
        "intBetween": [3, -2, -2, 4, -4, 5, 3, 5, 2, 5],
        "floatBetween": [
            16.863069566554167,
            17.24129017718945,
            10.79478279056975,
            12.876438913273573,
            17.518367286627292,
        ],
        "string": "$jrGAqNC.PC6'KxY}gs}#2\\1",
        "call": [312, 902, 418, 886, 173],
    },
    "Hello, World! é😀": {
        "random": [
            0.5061489525921062,
            0.805268125245203,
            0.39784997053881554,
            0.6463282999447012,
            0.12198917139375842,
            0.9034720873156052,
            0.8599785664219093,
            0.1156560239955583,
            0.6487749160798165,
            0.7700321376308132,
            0.7790470942083286,
            0.2978920249700262,
            0.0550627779253019,
            0.9337484395032364,
            0.25345799584395035,
            0.380423516411895,
            0.7425170620133649,
            0.8837900940239048,
            0.06475015595965616,
            0.08971653288498582,
        ],
        "range100": [17, 20, 56, 81, 15, 99, 9, 21, 13, 34],
        "intBetween": [-3, 2, 5, -2, 1, -4, 0, -5, 0, -5],
        "floatBetween": [
            19.58090250810541,
            15.96965134951175,
            11.551640205796915,
            12.553463088630195,
            17.235004761071476,
        ],
        "string": "F{gk/X)o5R;=_Q_SH*;FSu\\5",
        "call": [214, 44, 658, 995, 27],
    },
}

# Seeds of other types, and API corners, also recorded from the package:
#   number42: create(42).random(); object: create({a: [1, 'x', null], b: {c: true}}).random();
#   fn: create({f: function () { return 1; }}).random(); circular: create(c).random() with
#   c = {a: {}}, c.a.back = c, c.a.self = c.a; cleaned: create('  seed\n').random();
#   direct: Rand('seed').random(); rehash: r.initState(); r.hashString('seed'); r.random();
#   cleanString: cleanString(' \t a\u0001b\nc  '); empty: create('').random().
RECORDED_SPECIAL = {
    "number42": 0.30633539534482257,
    "object": 0.6388127631354956,
    "fn": 0.16793127531649843,
    "circular": 0.24028250472521906,
    "cleaned": 0.5264826008852708,
    "direct": 0.5264826008852708,
    "rehash": 0.5264826008852708,
    "cleanString": "abc",
    "empty": 0.5887344738255214,
}


@pytest.fixture(scope="module")
def js() -> quickjs.Context:
    context = quickjs.Context()
    context.eval(
        "var modules = {}; function __vcs_define(id, factory) { var e = {}; factory(null, e); modules[id] = e; }"
    )
    context.eval((LIB / "random-seed.js").read_text())
    context.eval((LIB / "uuid.js").read_text())
    context.eval("var Rand = modules['random-seed'].default; var uuid = modules.uuid;")
    return context


def evaluate(context: quickjs.Context, expression: str) -> object:
    return json.loads(context.eval(f"JSON.stringify({expression})"))


@pytest.mark.parametrize("seed", list(RECORDED))
def test_sequences_match_the_npm_package(js: quickjs.Context, seed: str) -> None:
    program = f"""(function () {{
        var r = Rand.create({json.dumps(seed)});
        function many(n, f) {{ var out = []; for (var i = 0; i < n; i++) out.push(f()); return out; }}
        return {{
          random: many(20, function () {{ return r.random(); }}),
          range100: many(10, function () {{ return r.range(100); }}),
          intBetween: many(10, function () {{ return r.intBetween(-5, 5); }}),
          floatBetween: many(5, function () {{ return r.floatBetween(10, 20); }}),
          string: r.string(24),
          call: many(5, function () {{ return r(1000); }}),
        }};
    }})()"""
    assert evaluate(js, program) == RECORDED[seed]


def test_other_seed_types_and_api_corners(js: quickjs.Context) -> None:
    program = """(function () {
        var c = {a: {}}; c.a.back = c; c.a.self = c.a;
        var r = Rand.create('x'); r.initState(); r.hashString('seed');
        return {
          number42: Rand.create(42).random(),
          object: Rand.create({a: [1, 'x', null], b: {c: true}}).random(),
          fn: Rand.create({f: function () { return 1; }}).random(),
          circular: Rand.create(c).random(),
          cleaned: Rand.create('  seed\\n').random(),
          direct: Rand('seed').random(),
          rehash: r.random(),
          cleanString: Rand.create().cleanString(' \\t a\\u0001b\\nc  '),
          empty: Rand.create('').random(),
        };
    })()"""
    assert evaluate(js, program) == RECORDED_SPECIAL


def test_named_create_and_unseeded_generators(js: quickjs.Context) -> None:
    assert evaluate(js, "modules['random-seed'].create('seed').random()") == RECORDED["seed"]["random"][0]
    values = evaluate(
        js, "(function () { var r = Rand.create(); r.addEntropy('a', 1); return [r.random(), r.random()]; })()"
    )
    assert all(0 <= value < 1 for value in values) and values[0] != values[1]
    with pytest.raises(quickjs.JSException):
        js.eval("(function () { var r = Rand.create('s'); r.done(); r.seed('t'); })()")


UUID_V4 = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def test_uuid_v4_validate_version(js: quickjs.Context) -> None:
    ids = evaluate(js, "[uuid.v4(), uuid.v4(), uuid.default.v4()]")
    assert all(UUID_V4.match(value) for value in ids) and len(set(ids)) == 3
    fixed = evaluate(js, "uuid.v4({random: [0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,255]})")
    assert fixed == "00010203-0405-4607-8809-0a0b0c0d0eff"
    written = "uuid.v4({rng: function () { return new Array(16).fill(255); }}, new Array(18).fill(0), 2)"
    assert evaluate(js, written) == [
        0,
        0,
        255,
        255,
        255,
        255,
        255,
        255,
        79,
        255,
        191,
        255,
        255,
        255,
        255,
        255,
        255,
        255,
    ]
    checks = "[uuid.v4(), uuid.NIL, uuid.MAX, 'x', 7, uuid.NIL.replace(/0/g, 'g')].map(uuid.validate)"
    assert evaluate(js, checks) == [True, True, True, False, False, False]
    assert evaluate(js, "[uuid.version(uuid.v4()), uuid.version('6ba7b810-9dad-11d1-80b4-00c04fd430c8')]") == [4, 1]
    with pytest.raises(quickjs.JSException, match="Invalid UUID"):
        js.eval("uuid.version('nope')")


def test_uuid_without_crypto_uses_math_random() -> None:
    context = quickjs.Context()
    context.eval("var m; function __vcs_define(id, f) { m = {}; f(null, m); }")
    context.eval((LIB / "uuid.js").read_text())
    assert UUID_V4.match(context.eval("typeof crypto === 'undefined' && m.v4()"))
