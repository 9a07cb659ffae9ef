/*
 * The module registry. The quickjs package cannot load ES modules, so the transform turns every
 * module into `__vcs_define(id, factory)` and we link them here, CommonJS-style, with ids already
 * resolved by the Python side (vcs_engine/transform). Evaluation is lazy and happens once per id;
 * `__vcs_forget()` drops every module defined after `__vcs_seal()` (the composition's) on hot
 * reload while the runtime stays.
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
  g.__vcs_require = function (id) {
    if (cache.has(id)) return cache.get(id).exports;
    const factory = factories.get(id);
    if (!factory) throw new Error("Cannot find module '" + id + "'");
    const record = { exports: {} };
    cache.set(id, record); // before running: circular imports see the partial exports
    factory(g.__vcs_require, record.exports);
    return record.exports;
  };
  // Register a module implemented by the runtime itself (exports known up front).
  g.__vcs_builtin = function (id, exportsObj) {
    if (!('default' in exportsObj)) exportsObj.default = exportsObj;
    builtins.add(id);
    factories.set(id, function () {});
    cache.set(id, { exports: exportsObj });
  };
  // Everything defined so far belongs to the runtime and survives composition reloads.
  g.__vcs_seal = function () {
    factories.forEach(function (f, id) {
      builtins.add(id);
    });
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
