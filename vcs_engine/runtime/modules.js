/*
 * The module registry. The quickjs package cannot load ES modules, so the transform turns every
 * module into `__vcs_define(id, factory)` and we link them here, CommonJS-style, with ids already
 * resolved by the Python side (vcs_engine/transform). Evaluation is lazy and happens once per id;
 * `__vcs_forget()` drops every module defined after `__vcs_seal()` (the composition's) on hot
 * reload while the runtime stays.
 *
 * `__vcs_require(id)` is the host's door (host.js `load`, scenario.py): it returns a view of
 * the module with only what the host reads, its `compositionInterface` reduced to checked plain
 * data (see `checkedInterface`), because the host must never trust a composition's values.
 * Modules import each other through `requireModule`, which returns the real exports. The id
 * the host asked for last is the entry (`__vcs_entry`), which error messages name when no
 * composition code is on the stack.
 */
(function (g) {
  'use strict';
  const factories = new Map();
  const cache = new Map();
  const builtins = new Set();

  g.__vcs_define = function (id, factory) {
    factories.set(id, factory);
    cache.delete(id);
  };
  function requireModule(id) {
    if (cache.has(id)) return cache.get(id).exports;
    const factory = factories.get(id);
    if (!factory) throw new Error("Cannot find module '" + id + "'");
    const record = { exports: {} };
    cache.set(id, record); // before running: circular imports see the partial exports
    factory(requireModule, record.exports);
    return record.exports;
  }

  let entryId = '';
  g.__vcs_require = function (id) {
    entryId = String(id);
    const exports = requireModule(id);
    if (builtins.has(id)) return exports;
    return Object.freeze({
      get default() {
        return exports.default;
      },
      get compositionInterface() {
        return checkedInterface(exports.compositionInterface);
      },
      get layoutAnimations() {
        return exports.layoutAnimations;
      },
    });
  };
  Object.defineProperty(g, '__vcs_entry', {
    get: function () {
      return entryId;
    },
  });

  /*
   * The interface as the host may use it: plain JSON data (no functions, getters run once, no
   * cycles, at most PLAIN_DEPTH levels, lists and key sets capped), `params` a list of objects
   * with a non-empty string `id`, and `fontFamilies`, `imagePreloads`, `standardSources` lists of
   * strings. Anything else is dropped with one console warning each; the Python side
   * (vcs_engine/interface.py) then checks types, values and defaults.
   */
  const MAX_PARAMS = 1000;
  const MAX_LIST = 1000;
  const MAX_KEYS = 200;
  const PLAIN_DEPTH = 8;
  const STRING_LISTS = ['fontFamilies', 'imagePreloads', 'standardSources'];

  const hostLog = g.__vcs_log; // not `console`: a composition may replace that
  function warn(text) {
    hostLog('warn', 'VCS: compositionInterface' + text);
  }

  function plain(v, depth) {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return isFinite(v) ? v : null;
    if (typeof v !== 'object' || depth <= 0) return undefined;
    if (Array.isArray(v)) {
      const out = [];
      const n = Math.min(v.length, MAX_LIST);
      for (let i = 0; i < n; i++) {
        const x = plain(v[i], depth - 1);
        out.push(x === undefined ? null : x);
      }
      return out;
    }
    const out = {};
    const keys = Object.keys(v);
    const n = Math.min(keys.length, MAX_KEYS);
    for (let i = 0; i < n; i++) {
      const x = plain(v[keys[i]], depth - 1);
      if (x !== undefined) Object.defineProperty(out, keys[i], { value: x, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }

  g.__vcs_plain = plain; // output.js: composition values inside commands

  function checkedInterface(raw) {
    if (raw === undefined || raw === null) return { params: [] };
    if (typeof raw !== 'object' || Array.isArray(raw)) {
      warn(' must be an object; got ' + (Array.isArray(raw) ? 'an array' : typeof raw) + ', so it is ignored');
      return { params: [] };
    }
    const out = plain(raw, PLAIN_DEPTH + 1);
    const params = raw.params;
    out.params = [];
    if (params !== undefined && params !== null && !Array.isArray(params)) {
      warn('.params must be a list; got ' + typeof params + ', so the composition has no params');
    } else if (params) {
      if (params.length > MAX_PARAMS) warn('.params has ' + params.length + ' entries; only the first ' + MAX_PARAMS + ' are used');
      const n = Math.min(params.length, MAX_PARAMS);
      for (let i = 0; i < n; i++) {
        const p = params[i];
        if (p === null || typeof p !== 'object' || Array.isArray(p) || typeof p.id !== 'string' || !p.id) {
          warn('.params[' + i + '] is not an object with a string id; it is ignored');
          continue;
        }
        out.params.push(plain(p, PLAIN_DEPTH));
      }
    }
    STRING_LISTS.forEach(function (key) {
      const list = raw[key];
      if (list === undefined || list === null) return;
      if (!Array.isArray(list)) {
        warn('.' + key + ' must be a list of strings; got ' + typeof list + ', so it is ignored');
        delete out[key];
        return;
      }
      const kept = list.slice(0, MAX_LIST).filter(function (x) {
        return typeof x === 'string';
      });
      if (kept.length !== list.length) warn('.' + key + ' may only hold strings (at most ' + MAX_LIST + '); the others are ignored');
      out[key] = kept;
    });
    return out;
  }
  // Register a module implemented by the runtime itself (exports known up front).
  g.__vcs_builtin = function (id, exportsObj) {
    if (!('default' in exportsObj)) exportsObj.default = exportsObj;
    builtins.add(id);
    factories.set(id, function () {});
    cache.set(id, { exports: exportsObj });
  };
  // Everything defined so far belongs to the runtime and survives composition reloads; the
  // built-ins are locked down (polyfills.js) before any composition code can run. Once only.
  let sealed = false;
  g.__vcs_seal = function () {
    if (sealed) return;
    sealed = true;
    factories.forEach(function (f, id) {
      builtins.add(id);
    });
    g.__vcs_lockdown();
  };
  // Drop every module that is not part of the runtime (a composition reload).
  g.__vcs_forget = function () {
    Array.from(factories.keys()).forEach(function (id) {
      if (!builtins.has(id)) {
        factories.delete(id);
        cache.delete(id);
      }
    });
  };
})(globalThis);
