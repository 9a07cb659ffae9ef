/*
 * Globals that the old QuickJS in the `quickjs` package lacks but compositions and common
 * packages expect (see shared/spec/quickjs-notes.md). Timers do not run on wall-clock time:
 * the host drains them on every frame tick, which keeps renders deterministic.
 * Host callables used here: __vcs_log(level, text).
 */
(function (g) {
  'use strict';

  /*
   * Strings cross into Python as UTF-8, and a lone UTF-16 surrogate (e.g. half an emoji from
   * '😀'.slice(0, 1)) has no UTF-8 form: the binding then fails the call ("could not convert
   * args") or worse. Every host callable gets well-formed text, with U+FFFD for a lone
   * surrogate, which is what a browser's TextEncoder does.
   */
  const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, 'g');
  function wellFormed(s) {
    s = String(s);
    return LONE_SURROGATE.test(s) ? s.replace(LONE_SURROGATES, '\ufffd') : s;
  }
  ['__vcs_log', '__vcs_measure_text', '__vcs_first_emoji'].forEach(function (name) {
    const call = g[name];
    if (typeof call !== 'function') return;
    g[name] = function () {
      const args = [];
      for (let i = 0; i < arguments.length; i++) args.push(wellFormed(arguments[i]));
      return call.apply(null, args);
    };
  });
  g.__vcs_wellFormed = wellFormed;

  function formatArg(a) {
    if (typeof a === 'string') return a;
    if (a instanceof Error) return a.stack ? a.name + ': ' + a.message + '\n' + a.stack : String(a);
    if (typeof a === 'function') return '[Function ' + (a.name || 'anonymous') + ']';
    try {
      const s = JSON.stringify(a);
      return s === undefined ? String(a) : s;
    } catch (e) {
      return String(a);
    }
  }
  // console.log('%d items', n) style substitutions, as browsers and Node do.
  function formatAll(args) {
    if (args.length === 0) return '';
    let first = args[0];
    let rest = Array.prototype.slice.call(args, 1);
    if (typeof first === 'string' && /%[sdifoOj%]/.test(first)) {
      first = first.replace(/%([sdifoOj%])/g, function (m, c) {
        if (c === '%') return '%';
        if (rest.length === 0) return m;
        const v = rest.shift();
        if (c === 'd' || c === 'i') return String(parseInt(v, 10));
        if (c === 'f') return String(parseFloat(v));
        return formatArg(v);
      });
    } else {
      first = formatArg(first);
    }
    return [first].concat(rest.map(formatArg)).join(' ');
  }
  const levels = ['log', 'info', 'warn', 'error', 'debug', 'trace'];
  const consoleObj = {};
  levels.forEach(function (level) {
    consoleObj[level] = function () {
      g.__vcs_log(level, formatAll(arguments));
    };
  });
  consoleObj.assert = function (cond) {
    if (!cond) g.__vcs_log('error', 'Assertion failed: ' + formatAll(Array.prototype.slice.call(arguments, 1)));
  };
  consoleObj.table = consoleObj.log;
  consoleObj.dir = consoleObj.log;
  consoleObj.time = consoleObj.timeEnd = consoleObj.group = consoleObj.groupEnd = function () {};
  g.console = consoleObj;

  // Timers: kept in a queue the host drains once per frame (__vcs_runTimers).
  let timerSeq = 1;
  const timers = new Map();
  g.__vcs_clock = { now: 0 };
  g.setTimeout = function (fn, ms) {
    const id = timerSeq++;
    const args = Array.prototype.slice.call(arguments, 2);
    timers.set(id, { fn: fn, at: g.__vcs_clock.now + (Number(ms) || 0) / 1000, args: args, every: 0 });
    return id;
  };
  g.setInterval = function (fn, ms) {
    const id = g.setTimeout.apply(null, arguments);
    timers.get(id).every = Math.max(0.001, (Number(ms) || 0) / 1000);
    return id;
  };
  g.clearTimeout = g.clearInterval = function (id) {
    timers.delete(id);
  };
  // What every mount starts from (the host's load): no timers of a previous mount, the clock at
  // 0, the random sequence from its seed. A remount then runs exactly as a fresh process would.
  g.__vcs_freshStart = function () {
    timers.clear();
    timerSeq = 1;
    g.__vcs_clock.now = 0;
    randomState = RANDOM_SEED;
  };
  g.__vcs_runTimers = function () {
    const due = [];
    timers.forEach(function (t, id) {
      if (t.at <= g.__vcs_clock.now) due.push(id);
    });
    due.forEach(function (id) {
      const t = timers.get(id);
      if (!t) return;
      if (t.every) t.at += t.every;
      else timers.delete(id);
      if (typeof t.fn === 'function') t.fn.apply(null, t.args);
    });
  };
  g.queueMicrotask = function (fn) {
    Promise.resolve().then(fn);
  };
  g.performance = { now: function () { return g.__vcs_clock.now * 1000; } };

  /*
   * Math.random is seeded, and reseeded at every mount (`__vcs_freshStart`): a composition that
   * draws random numbers (emoji reactions' paths, a bouncing logo) then gives the same frames on
   * every run, so a timeline seek replaying frames 0..N shows what `vcs render` writes for
   * frame N. Mulberry32: 32 bits of state, plenty for visuals.
   */
  const RANDOM_SEED = 0x5eed;
  let randomState = RANDOM_SEED;
  Math.random = function random() {
    randomState = (randomState + 0x6d2b79f5) | 0;
    let t = Math.imul(randomState ^ (randomState >>> 15), 1 | randomState);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  // crypto.getRandomValues for `uuid`-style packages. Not cryptographic: compositions only need
  // unique ids, and the sandbox has no entropy source.
  g.crypto = {
    getRandomValues: function (arr) {
      for (let i = 0; i < arr.length; i++) arr[i] = Math.floor(Math.random() * 256);
      return arr;
    },
  };
  g.process = { env: { NODE_ENV: 'production' } };
  g.window = g;
  g.self = g;

  function define(proto, name, fn) {
    if (!proto[name]) Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true });
  }
  function at(i) {
    i = Math.trunc(i) || 0;
    if (i < 0) i += this.length;
    return i < 0 || i >= this.length ? undefined : this[i];
  }
  define(Array.prototype, 'at', at);
  define(String.prototype, 'at', at);
  define(Array.prototype, 'findLast', function (f, t) {
    for (let i = this.length - 1; i >= 0; i--) if (f.call(t, this[i], i, this)) return this[i];
    return undefined;
  });
  define(Array.prototype, 'findLastIndex', function (f, t) {
    for (let i = this.length - 1; i >= 0; i--) if (f.call(t, this[i], i, this)) return i;
    return -1;
  });
  define(Object, 'hasOwn', function (o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  });
  define(String.prototype, 'replaceAll', function (search, repl) {
    if (search instanceof RegExp) return this.replace(search, repl);
    return this.split(search).join(repl);
  });
  define(g, 'structuredClone', function (v) {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  });

  /*
   * Lockdown: `__vcs_seal()` calls this once, after the runtime is loaded and before any
   * composition code runs. Why: the runtime and the host read everything through JSON and the
   * standard built-ins. A composition that replaced `JSON.stringify`, added
   * `Object.prototype.toJSON` or patched `Array.prototype.map` would make the engine emit
   * garbage or crash. So:
   *
   * - `JSON.stringify` becomes a stack-safe version: this QuickJS recurses natively in
   *   `JSON.stringify` without checking its stack, and a value nested 100,000 deep crashed the
   *   whole process. A JavaScript replacer is called at every level, and calls into JavaScript
   *   are stack-checked, so the identity replacer turns the crash into a catchable
   *   "stack overflow".
   * - The standard built-ins (constructors, prototypes, JSON, Math, Reflect, …) are frozen: a
   *   composition assigning one fails with a TypeError at its own line (modules are strict).
   *   Assigning `constructor`, `toString`, `name`, `message`, … on an ordinary object must keep
   *   working although the prototype's property is frozen (the "override mistake" of strict
   *   mode), so those few become accessors that define the property on the object instead.
   * - The runtime's own globals (`__vcs_*`, `__jsx`, `__h`, `__Fragment`) and the built-ins'
   *   global names cannot be reassigned, and the runtime's entry-point tables are frozen.
   */
  let locked = false;
  g.__vcs_lockdown = function () {
    if (locked) return;
    locked = true;
    const O = Object;
    const defineProperty = O.defineProperty;
    const getOwnPropertyDescriptor = O.getOwnPropertyDescriptor;
    const getPrototypeOf = O.getPrototypeOf;
    const ownKeys = Reflect.ownKeys;
    const freeze = O.freeze;
    const isArray = Array.isArray;

    const nativeStringify = JSON.stringify;
    function identity(key, value) {
      return value;
    }
    defineProperty(JSON, 'stringify', {
      value: function stringify(value, replacer, space) {
        if (typeof replacer === 'function') return nativeStringify(value, replacer, space);
        // An array replacer (a key list) is native-only: check the depth first, then format.
        if (isArray(replacer)) nativeStringify(value, identity);
        return nativeStringify(value, isArray(replacer) ? replacer : identity, space);
      },
      writable: true,
      configurable: true,
    });

    const names = [
      'Object', 'Function', 'Array', 'String', 'Number', 'Boolean', 'Symbol', 'BigInt', 'Math',
      'JSON', 'Reflect', 'Proxy', 'Date', 'RegExp', 'Map', 'Set', 'WeakMap', 'WeakSet', 'WeakRef',
      'FinalizationRegistry', 'Promise', 'Error', 'EvalError', 'RangeError', 'ReferenceError',
      'SyntaxError', 'TypeError', 'URIError', 'InternalError', 'AggregateError', 'ArrayBuffer',
      'SharedArrayBuffer', 'DataView', 'Atomics', 'Int8Array', 'Uint8Array', 'Uint8ClampedArray',
      'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array',
      'BigInt64Array', 'BigUint64Array', 'parseInt', 'parseFloat', 'isNaN', 'isFinite', 'eval',
      'encodeURI', 'encodeURIComponent', 'decodeURI', 'decodeURIComponent', 'escape', 'unescape',
    ].filter(function (name) {
      return g[name] !== undefined;
    });
    const roots = names.map(function (name) {
      return g[name];
    });
    // Intrinsics no global names: function kinds, iterators, %TypedArray%.
    [function* () {}, async function () {}, async function* () {}].forEach(function (f) {
      roots.push(getPrototypeOf(f));
    });
    [[][Symbol.iterator](), new Map().entries(), new Set().values(), ''[Symbol.iterator]()].forEach(function (it) {
      roots.push(getPrototypeOf(it));
    });
    if (typeof Int8Array === 'function') roots.push(getPrototypeOf(Int8Array));

    // The "override mistake" repair (see above): data properties that ordinary objects commonly
    // assign become accessors; assigning on the built-in itself still fails. Method syntax: the
    // accessors have no `prototype` object of their own for the walk below to visit.
    const overridable = ['constructor', 'toString', 'valueOf', 'toLocaleString', 'name', 'message',
                         'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable'];
    function allowOverride(obj, name) {
      const d = getOwnPropertyDescriptor(obj, name);
      if (!d || !('value' in d) || !d.configurable) return;
      const value = d.value;
      const accessors = {
        get() {
          return value;
        },
        set(v) {
          if (this === obj) throw new TypeError("cannot assign to '" + name + "' of a built-in");
          defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
        },
      };
      defineProperty(obj, name, { get: accessors.get, set: accessors.set, enumerable: d.enumerable, configurable: false });
    }

    const seen = new Set();
    const todo = roots.slice();
    while (todo.length) {
      const o = todo.pop();
      if (o === null || (typeof o !== 'object' && typeof o !== 'function') || seen.has(o) || o === g) continue;
      seen.add(o);
      // Prototypes, not functions: converting a function's `name` would create new functions
      // (the accessors) for this walk to convert in turn.
      if (typeof o === 'object' || o === Function.prototype) {
        overridable.forEach(function (name) {
          allowOverride(o, name);
        });
      }
      freeze(o);
      todo.push(getPrototypeOf(o));
      ownKeys(o).forEach(function (key) {
        const d = getOwnPropertyDescriptor(o, key);
        if ('value' in d) todo.push(d.value);
        else todo.push(d.get, d.set);
      });
    }

    ownKeys(g).forEach(function (key) {
      const ours = typeof key === 'string' && key.slice(0, 2) === '__';
      if (!ours && names.indexOf(key) < 0) return;
      const d = getOwnPropertyDescriptor(g, key);
      if (d.configurable && 'value' in d) {
        defineProperty(g, key, { value: d.value, writable: false, enumerable: d.enumerable, configurable: false });
      }
    });
    ['__vcs_host', '__vcs_layout', '__vcs_output', '__vcs_anim', '__vcs_api', '__vcs_react', '__vcs_nodes'].forEach(function (name) {
      if (g[name]) freeze(g[name]);
    });
  };
})(globalThis);
