/*
 * The part of npm `uuid` compositions use: random (version 4) UUIDs, plus NIL/MAX, validate and
 * version. Randomness comes from `crypto.getRandomValues` (the runtime installs one; QuickJS has
 * none of its own) with a Math.random fallback so the module works in a bare context too.
 */
__vcs_define("uuid", function (__require, __exports) {
  "use strict";

  var NIL = "00000000-0000-0000-0000-000000000000";
  var MAX = "ffffffff-ffff-ffff-ffff-ffffffffffff";
  var UUID_PATTERN =
    /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;

  function randomBytes() {
    var bytes = new Uint8Array(16);
    var c = globalThis.crypto;
    if (c && typeof c.getRandomValues === "function") {
      c.getRandomValues(bytes);
    } else {
      for (var i = 0; i < 16; i++) bytes[i] = Math.floor(Math.random() * 256);
    }
    return bytes;
  }

  function format(bytes, offset) {
    var hex = "";
    for (var i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) hex += "-";
      hex += (bytes[offset + i] + 0x100).toString(16).slice(1);
    }
    return hex;
  }

  // v4([options [, buffer [, offset]]]): options.random (16 bytes) or options.rng() replace the
  // random source; with a buffer the bytes are written there and the buffer is returned.
  function v4(options, buffer, offset) {
    var source = (options && (options.random || (options.rng && options.rng()))) || randomBytes();
    var bytes = Array.prototype.slice.call(source, 0, 16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // RFC 4122 variant
    if (buffer) {
      var start = offset || 0;
      for (var i = 0; i < 16; i++) buffer[start + i] = bytes[i];
      return buffer;
    }
    return format(bytes, 0);
  }

  function validate(value) {
    return typeof value === "string" && UUID_PATTERN.test(value);
  }

  function version(value) {
    if (!validate(value)) throw new TypeError("Invalid UUID");
    return parseInt(value.slice(14, 15), 16);
  }

  __exports.v4 = v4;
  __exports.NIL = NIL;
  __exports.MAX = MAX;
  __exports.validate = validate;
  __exports.version = version;
  __exports.default = { v4: v4, NIL: NIL, MAX: MAX, validate: validate, version: version };
});
