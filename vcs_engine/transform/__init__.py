"""Composition source (JSX + ES modules) → script chunks for the QuickJS runtime.

Why we transform ourselves instead of running Babel/esbuild:

* no Node.js at install or run time — the product is a Python package, and the composition is
  re-transformed on every save while the studio is open;
* tree-sitter's ``javascript`` grammar parses JSX, is fast (C) and keeps exact positions, which
  is all a JSX + import/export rewrite needs;
* the rewrite is line-preserving (line *k* of a chunk is line *k* of the source), so a runtime
  error's ``file:line`` needs no source map.

Modules: `syntax` (parse, syntax errors), `jsx` (JSX lowering), `esm` (imports/exports),
`writer` (line-preserving output), `module` (one file), `resolve` (specifiers), `bundle`
(module graph, content-hash cache), `errors`.
"""

from .bundle import DEFAULT_CACHE, Bundle, ModuleChunk, TransformCache, load_composition_modules
from .errors import TransformError
from .module import TransformedModule, transform_module
from .resolve import BUILTIN_MODULES

__all__ = [
    "BUILTIN_MODULES",
    "DEFAULT_CACHE",
    "Bundle",
    "ModuleChunk",
    "TransformCache",
    "TransformError",
    "TransformedModule",
    "load_composition_modules",
    "transform_module",
]
