// Small value helpers shared by the components. Param values arrive as the host sent them
// (no coercion by the runtime), so numbers may be strings and lists are comma-separated text.

// Reader for one param group: group('videoSettings')('grid.itemInterval_gu').
export function paramGroup(params, name) {
  return (id) => params[`${name}.${id}`];
}

// parseFloat, with `fallback` for anything that does not parse to a finite number.
export function toNumber(value, fallback = 0) {
  const n = parseFloat(value);
  return Number.isFinite(n) ? n : fallback;
}

export function clamp(value, min, max) {
  return Math.max(min, Math.min(max, value));
}

// "a, b ,c" → ['a', 'b', 'c']; empty or missing → [] (empty entries in between are kept).
export function parseCommaList(value) {
  if (value == null || value === '') return [];
  return String(value)
    .split(',')
    .map((s) => s.trim());
}

// highlightLines.items: one entry per non-empty trimmed line.
export function parseHighlightLines(value) {
  if (!value) return [];
  return String(value)
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

// highlightLines.position: an empty value means the first line, -1 none.
export function highlightIndex(value) {
  return Number(value) || 0;
}

// The newest message of a standard source. `undefined` when the source does not exist
// (callers keep their param content then), `null` when it has no message yet.
export function latestMessage(standardSources, sourceName) {
  const source = standardSources && standardSources[sourceName];
  if (!source) return undefined;
  const latest = source.latest || [];
  return latest.length > 0 ? latest[latest.length - 1] : null;
}

// Banner, toast and split direction treat square outputs like landscape ones.
export function isNotPortrait(viewport) {
  return viewport.w / viewport.h >= 1;
}
