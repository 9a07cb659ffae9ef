/*
 * Globals that the old QuickJS in the `quickjs` package lacks but compositions and common
 * packages expect (see shared/spec/quickjs-notes.md). Timers do not run on wall-clock time:
 * the host drains them on every frame tick, which keeps renders deterministic.
 * Host callables used here: __vcs_log(level, text).
 */
(function (g) {
  'use strict';

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
})(globalThis);
