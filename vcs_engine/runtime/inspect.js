/*
 * The inspector's view of the committed tree (vcs_engine/inspect.py documents the node format):
 * one node per user component and per host node, a built-in (Box, Text, …) and the host node it
 * renders shown as one, providers, fragments and the runtime's own Root wrapper left out.
 *
 * A node's path names it from the root by component names and React slots (see `segments`):
 * `Root/Baseline/Box[key=main]/VideoGrid/Video[3]`. Keys escape `\`, `/`, `[` and `]` with a
 * backslash, so a path splits on its unescaped slashes.
 *
 * Reading the tree changes nothing. `probeFrames` does (it re-renders with other params), and is
 * only called in a throw-away copy of the engine process.
 */
(function (g) {
  'use strict';
  const internals = g.__vcs_hostInternals;
  const env = g.__vcs_nodes.env;
  const plain = g.__vcs_plain;
  const MEMO = Symbol.for('react.memo');
  const FORWARD_REF = Symbol.for('react.forward_ref');
  const HOST_NAMES = { root: 'Root', box: 'Box', label: 'Text', image: 'Image', video: 'Video', emoji: 'Emoji', webframe: 'WebFrame' };
  const PLAIN_DEPTH = 8;
  // Levels of the tree described: far more than any real composition nests, few enough for
  // every reader of the JSON (Python's parser and pickle recurse per level).
  const MAX_DEPTH = 200;

  function nameOf(type) {
    if (type && typeof type.displayName === 'string' && type.displayName) return type.displayName;
    if (typeof type === 'function') return type.name || 'Anonymous';
    if (type && type.$$typeof === MEMO) return nameOf(type.type);
    if (type && type.$$typeof === FORWARD_REF) return nameOf(type.render);
    return 'Anonymous';
  }

  // ---------------------------------------------------------------- entries and paths

  // The inspected children of an instance: {inst, name, chain} for user components and host
  // nodes; transparent instances (providers, fragments, consumers, internal wrappers) give
  // theirs. `chain`: the React slots from the inspected parent down to the entry, which is
  // what identifies it between renders (see `segments`).
  function entriesBelow(inst, out, chain) {
    const children = inst.children;
    for (let i = 0; i < children.length; i++) entriesOf(children[i], out, (chain || []).concat([children[i].slotKey]));
    return out;
  }

  function entriesOf(inst, out, chain) {
    switch (inst.kind) {
      case 'host':
        out.push({ inst: inst, name: HOST_NAMES[inst.type] || String(inst.type), chain: chain, key: inst.key });
        return;
      case 'fn':
      case 'class':
      case 'memo':
      case 'forward': {
        const only = inst.children.length === 1 ? inst.children[0] : null;
        if (inst.type.vcsBuiltin && only && only.kind === 'host') {
          out.push({ inst: only, name: nameOf(inst.type), chain: chain, key: inst.key });
        } else if (inst.type.vcsInternal) {
          entriesBelow(inst, out, chain);
        } else {
          out.push({ inst: inst, name: nameOf(inst.type), chain: chain, key: inst.key });
        }
        return;
      }
      default:
        entriesBelow(inst, out, chain);
    }
  }

  function escapeKey(key) {
    return String(key).replace(/[\\/[\]]/g, '\\$&');
  }

  // A reconciler slot (react.js `slotOf`) as path brackets: `[key=K]` for a keyed element,
  // `[i]` for the i-th child, `[i][j]` inside nested arrays.
  function slotText(slot) {
    if (typeof slot === 'number') return '[' + slot + ']';
    let s = String(slot);
    let out = '';
    while (s[0] === '.') {
      const m = /^\.(\d+)(:?)/.exec(s);
      if (!m) break;
      out += '[' + m[1] + ']';
      s = s.slice(m[0].length);
      if (!m[2]) return out;
    }
    return s[0] === '$' ? out + '[key=' + escapeKey(s.slice(1)) + ']' : out;
  }

  /*
   * Path segments of sibling entries: the component name and the slots that lead to it from
   * the parent, first children (`[0]`) left out. A slot is where React keeps an element's
   * identity — an element's position among its parent's children, a `false` or `null` child
   * counting as one — so showing or hiding a sibling does not rename a node. Siblings that
   * would still share a segment (a fragment's children beside the parent's) get every slot.
   */
  function segments(entries) {
    const short = entries.map(function (e) {
      let suffix = '';
      e.chain.forEach(function (slot) {
        if (slot !== 0) suffix += slotText(slot);
      });
      return e.name + suffix;
    });
    const count = Object.create(null);
    short.forEach(function (b) {
      count[b] = (count[b] || 0) + 1;
    });
    return short.map(function (b, i) {
      return count[b] === 1 ? b : entries[i].name + entries[i].chain.map(slotText).join('');
    });
  }

  function splitPath(path) {
    const parts = [];
    let cur = '';
    for (let i = 0; i < path.length; i++) {
      const c = path[i];
      if (c === '\\' && i + 1 < path.length) {
        cur += c + path[++i];
      } else if (c === '/') {
        parts.push(cur);
        cur = '';
      } else {
        cur += c;
      }
    }
    parts.push(cur);
    return parts;
  }

  function rootEntry() {
    const state = internals.state();
    if (!state || !state.root || state.failed) throw new Error('no composition is mounted');
    return { inst: state.root, node: state.rootNode, name: 'Root', chain: [], key: null };
  }

  // ---------------------------------------------------------------- geometry

  function num(v) {
    return typeof v === 'number' && isFinite(v) ? v : null;
  }

  function rect(f) {
    return f ? { x: num(f.x), y: num(f.y), w: num(f.w), h: num(f.h) } : null;
  }

  // A node's layout frame as the outputs have it: a video layer's frame is rounded (output.js),
  // also in a probe's layout, which emits nothing.
  function frameOf(node) {
    const r = rect(node.layoutFrame);
    if (node.type === 'video' && usable(r)) return { x: Math.round(r.x), y: Math.round(r.y), w: Math.round(r.w), h: Math.round(r.h) };
    return r;
  }

  function usable(r) {
    return r !== null && r.x !== null && r.y !== null && r.w !== null && r.h !== null;
  }

  // Where a Text's lines are drawn: the union of its line boxes, each as wide as its advance.
  function textContent(node, frame) {
    const tl = node.textLayout;
    if (!tl || !tl.lines || !tl.lines.length || !usable(frame)) return null;
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    tl.lines.forEach(function (line) {
      const x = frame.x + line.x;
      const y = frame.y + line.y;
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x + line.advance);
      y1 = Math.max(y1, y + line.h);
    });
    return { x: x0, y: y0, w: x1 - x0, h: y1 - y0 };
  }

  function union(a, b) {
    if (!usable(a)) return b;
    if (!usable(b)) return a;
    const x = Math.min(a.x, b.x);
    const y = Math.min(a.y, b.y);
    return { x: x, y: y, w: Math.max(a.x + a.w, b.x + b.w) - x, h: Math.max(a.y + a.h, b.y + b.h) - y };
  }

  // What a node occupies: a Text's drawn lines, a host node's frame, a component's union of
  // its nodes' bounds.
  function boundsOf(entry, children) {
    const inst = entry.inst;
    const node = inst.kind === 'host' ? inst.node : entry.node;
    if (node) {
      const frame = frameOf(node);
      return node.type === 'label' ? textContent(node, frame) : frame;
    }
    let b = null;
    for (let i = 0; i < children.length; i++) b = union(b, children[i].bounds);
    return b;
  }

  // ---------------------------------------------------------------- the tree

  function describe(entry, path, depth) {
    const entries = entriesBelow(entry.inst, []);
    const segs = segments(entries);
    const children = entries.map(function (e, i) {
      return describe(e, path + '/' + segs[i], depth + 1);
    });
    const node = entry.inst.kind === 'host' ? entry.inst.node : entry.node;
    const out = { component: entry.name, kind: node ? 'host' : 'component', key: entry.key, path: path };
    if (node) {
      out.type = node.type;
      const frame = frameOf(node);
      out.frame = frame;
      if (node.userId !== undefined && node.userId !== null) out.id = plain(node.userId, PLAIN_DEPTH);
      if (node.clip) out.clip = frame;
      out.style = plain(node.style, PLAIN_DEPTH) || {};
      const t = node.transform;
      if (t && Object.keys(t).length) out.transform = plain(t, PLAIN_DEPTH);
      if (node.blend && typeof node.blend.opacity === 'number') out.opacity = num(node.blend.opacity);
      if (node.type === 'label') {
        out.text = typeof node.text === 'string' ? node.text : String(node.text);
        out.content = textContent(node, frame);
      } else if (node.type === 'emoji') {
        out.text = node.emoji;
      } else if (node.type === 'image') {
        out.image = plain(node.src, PLAIN_DEPTH);
      } else if (node.type === 'video') {
        out.video = plain(node.src, PLAIN_DEPTH);
      }
    }
    out.bounds = boundsOf(entry, children);
    if (!node) out.frame = out.bounds;
    out.children = children;
    if (depth >= MAX_DEPTH && children.length) {
      out.children = [];
      out.omitted = children.reduce(function (n, c) {
        return n + 1 + (c.omitted || 0);
      }, 0);
    }
    return out;
  }

  // The entry at `path`, walking down its segments only (probing looks one node up per probe).
  function find(path) {
    const parts = splitPath(path);
    let entry = rootEntry();
    if (parts[0] !== entry.name) return null;
    for (let i = 1; i < parts.length && entry; i++) {
      const entries = entriesBelow(entry.inst, []);
      const segs = segments(entries);
      const k = segs.indexOf(parts[i]);
      entry = k >= 0 ? entries[k] : null;
    }
    return entry;
  }

  // Bounds of the node at `path` now; for a component its nodes' union (built only then).
  function boundsAt(path) {
    const entry = find(path);
    if (!entry) return null;
    const node = entry.inst.kind === 'host' ? entry.inst.node : entry.node;
    return node ? boundsOf(entry, []) : describe(entry, path, 0).bounds;
  }

  // ---------------------------------------------------------------- probing

  /*
   * Probing runs in a throw-away copy of the engine, one probe after another. A probe must see
   * the composition as it was, so a probe that changed what the mounted instances keep (a ref,
   * a state, a class's state, an effect that ran, an instance unmounted) ends the copy's run:
   * the next probe starts in a fresh copy (vcs_engine/inspect.py). These watchers see those
   * changes; they are installed only in the copy. Module-level variables are not watched.
   */
  let touched = false;

  function watch(obj, prop, anySet) {
    let v = obj[prop];
    try {
      Object.defineProperty(obj, prop, {
        configurable: true,
        enumerable: true,
        get: function () {
          return v;
        },
        set: function (n) {
          if (anySet || n !== v) touched = true;
          v = n;
        },
      });
    } catch (e) {
      touched = true; // a frozen hook object: cannot tell, so assume the worst
    }
  }

  function watchInstance(inst) {
    watch(inst, 'unmounted', false);
    const hooks = inst.hooks;
    if (hooks) {
      for (let i = 0; i < hooks.length; i++) {
        const hk = hooks[i];
        if (!hk || typeof hk !== 'object') continue;
        if ('cleanup' in hk && 'deps' in hk) watch(hk, 'deps', true); // an effect scheduled
        else if ('dispatch' in hk && 'reducer' in hk) watch(hk, 'value', false); // state
        else if (Object.keys(hk).length === 1 && 'current' in hk) watch(hk, 'current', false); // a ref
      }
    }
    if (inst.classInstance) watch(inst.classInstance, 'state', false);
    for (let i = 0; i < inst.children.length; i++) watchInstance(inst.children[i]);
  }

  const host = g.__vcs_host;

  host.inspect = function () {
    return JSON.stringify({ width: env.viewport.w, height: env.viewport.h, root: describe(rootEntry(), 'Root', 0) });
  };

  /*
   * Run probes `first` to `end` - 1 of `probes` ([{id, value}]) for the node at `path`: each
   * probe's params (the current ones with one changed) are rendered and laid out without
   * animations, and the node's bounds noted. The first call in a copy lays the current params
   * out the same way (`base`) and installs the watchers; later calls in the same copy go on
   * from there (the caller keeps each call short: every call has the JS time limit).
   * Answer: {found, base, results: [bounds | null (no such node) | {error}], next, touched}:
   * `touched` when the probe before `next` changed what the mounted instances keep (see
   * `watch`) or threw, so the probes from `next` on need a fresh copy.
   */
  let session = null;

  host.probeFrames = function (path, probesJson, first, end) {
    const state = internals.state();
    if (session === null) {
      watchInstance(state.root);
      internals.relayout(state.params, true);
      const found = !!find(path);
      session = { path: path, params: state.params, found: found, base: found ? boundsAt(path) : null };
      session.current = session.base;
      touched = false; // what the base render itself keeps is what every frame keeps
    }
    if (session.path !== path) throw new Error('one probing session per copy');
    if (!session.found) return JSON.stringify({ found: false });
    const probes = JSON.parse(probesJson);
    const results = [];
    let k = first;
    let stop = false;
    while (k < end && !stop) {
      const p = probes[k++];
      const params = Object.assign({}, session.params);
      internals.setParamIn(params, p.id, p.value, {});
      try {
        if (internals.relayout(params, false)) session.current = boundsAt(path);
        results.push(session.current);
        stop = touched;
      } catch (e) {
        results.push({ error: String(e && e.message ? e.message : e) });
        stop = true; // a throw leaves the tree half updated
      }
    }
    return JSON.stringify({ found: true, base: session.base, results: results, next: k, touched: stop });
  };
})(globalThis);
