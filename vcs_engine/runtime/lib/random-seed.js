/*
 * `random-seed` (npm, v0.3): a seedable PRNG whose sequences compositions rely on being
 * reproducible ("same seed → same layout"), so ours must produce the very same numbers.
 *
 * Written from the published algorithm, Gibson Research's UHEPRNG:
 *  - state: 48 fractions in [0, 1), a carry c (starts at 1) and a phase index;
 *  - step (multiply-with-carry, multiplier 1768863): phase advances cyclically,
 *    t = 1768863 * s[phase] + c * 2^-32, c = integer part of t, s[phase] = fractional part of t;
 *  - range(n) = floor(n * (x1 + floor(x2 * 2^21) * 2^-53)) from two consecutive steps;
 *  - seeding: every s[i] = Mash(' ') after resetting Mash, then the seed string (trimmed, control
 *    characters removed) is fed once whole to Mash and then char code by char code, each code's
 *    Mash value subtracted (mod 1) from all 48 state entries;
 *  - Mash is Baagoe's hash: an accumulator n (starts 0xefc8249d) folded per character by the
 *    constant 0.02519603282416938, the result being n / 2^32; a falsy input resets it.
 * The wrapper API is the package's: `create(seed)` (or calling the default export) returns a
 * function `rand(n)` = range(n) with random, range, intBetween, floatBetween, string, cleanString,
 * hashString, addEntropy, initState, seed, done.
 */
__vcs_define("random-seed", function (__require, __exports) {
  "use strict";

  var STATE_SIZE = 48;
  var MULTIPLIER = 1768863;
  var MASH_INITIAL = 0xefc8249d;
  var MASH_FOLD = 0.02519603282416938;
  var TWO_POW_32 = 0x100000000;
  var INV_TWO_POW_32 = 2.3283064365386963e-10;
  var INV_TWO_POW_53 = 1.1102230246251565e-16;

  function makeMash() {
    var acc = MASH_INITIAL;
    return function (data) {
      if (!data) {
        acc = MASH_INITIAL;
        return undefined;
      }
      var text = String(data);
      for (var i = 0; i < text.length; i++) {
        acc += text.charCodeAt(i);
        var h = MASH_FOLD * acc;
        acc = h >>> 0;
        h = (h - acc) * acc;
        acc = h >>> 0;
        acc += (h - acc) * TWO_POW_32;
      }
      return (acc >>> 0) * INV_TWO_POW_32;
    };
  }

  // Seeds that are not strings are hashed through their JSON form, functions by their source
  // text and circular references as "[Circular ~.path]", like the package does.
  function seedText(value) {
    var ancestors = [];
    var path = [];
    function plain(v, key) {
      if (v !== null && (typeof v === "object" || typeof v === "function") && typeof v.toJSON === "function") {
        v = v.toJSON(key);
      }
      if (typeof v === "function") return v.toString();
      if (v === null || typeof v !== "object") return v;
      var depth = ancestors.indexOf(v);
      if (depth >= 0) return "[Circular ~" + path.slice(0, depth).map(function (p) { return "." + p; }).join("") + "]";
      ancestors.push(v);
      var copy = Array.isArray(v) ? [] : {};
      Object.keys(v).forEach(function (k) {
        path.push(k);
        copy[k] = plain(v[k], k);
        path.pop();
      });
      ancestors.pop();
      return copy;
    }
    return JSON.stringify(plain(value, ""));
  }

  function cleanString(text) {
    return text.replace(/^\s+|\s+$/g, "").replace(/[\x00-\x1F]/g, "");
  }

  function createGenerator(seed) {
    var mash = makeMash();
    var state = new Array(STATE_SIZE);
    var carry = 1;
    var phase = STATE_SIZE - 1;
    var entropyCounter = 0;

    function step() {
      phase = phase + 1 === STATE_SIZE ? 0 : phase + 1;
      var t = MULTIPLIER * state[phase] + carry * INV_TWO_POW_32;
      carry = t | 0;
      state[phase] = t - carry;
      return state[phase];
    }

    function range(n) {
      var coarse = step();
      var fine = (step() * 0x200000) | 0;
      return Math.floor(n * (coarse + fine * INV_TWO_POW_53));
    }

    // Each subtraction re-hashes: Mash is stateful, so every state entry gets a different value.
    function pour(data) {
      for (var j = 0; j < STATE_SIZE; j++) {
        state[j] -= mash(data);
        if (state[j] < 0) state[j] += 1;
      }
    }

    var rand = function (n) {
      return range(n);
    };

    rand.range = range;
    rand.random = function () {
      return range(Number.MAX_VALUE - 1) / Number.MAX_VALUE;
    };
    rand.floatBetween = function (min, max) {
      return rand.random() * (max - min) + min;
    };
    rand.intBetween = function (min, max) {
      return Math.floor(rand.random() * (max - min + 1)) + min;
    };
    rand.string = function (count) {
      var out = "";
      for (var i = 0; i < count; i++) out += String.fromCharCode(33 + range(94));
      return out;
    };
    rand.cleanString = cleanString;
    rand.hashString = function (text) {
      text = cleanString(text);
      mash(text);
      for (var i = 0; i < text.length; i++) pour(text.charCodeAt(i));
    };
    rand.initState = function () {
      mash();
      for (var i = 0; i < STATE_SIZE; i++) state[i] = mash(" ");
      carry = 1;
      phase = STATE_SIZE - 1;
    };
    rand.seed = function (value) {
      if (value === undefined || value === null) value = Math.random();
      rand.initState();
      rand.hashString(typeof value === "string" ? value : seedText(value));
    };
    rand.addEntropy = function () {
      var parts = Array.prototype.slice.call(arguments);
      pour(entropyCounter++ + Date.now() + parts.join("") + Math.random());
    };
    rand.done = function () {
      mash = null;
    };

    for (var i = 0; i < STATE_SIZE; i++) state[i] = mash(Math.random());
    if (seed !== undefined) rand.seed(seed);
    return rand;
  }

  function randomSeed(seed) {
    return createGenerator(seed);
  }
  randomSeed.create = createGenerator;

  __exports.create = createGenerator;
  __exports.default = randomSeed;
});
