/*
 * The host tree: one VcsNode per intrinsic element (root, box, label, image, video, emoji,
 * webframe), with Daily's commit rules (layout-and-output.md §1.6). A node only re-commits when
 * one of the listed props really changed; `__vcs_nodes.stats.commits` lets the host skip layout
 * and output emission on frames where nothing committed.
 * Host callables: __vcs_measure_text(json) -> json, __vcs_first_emoji(text) -> text.
 */
(function (g) {
  'use strict';

  const env = (g.__vcs_env = {
    viewport: { w: 1280, h: 720 },
    pxPerGu: 20,
    images: {}, // name -> {type, id, width, height}
    fontFamilies: ['Roboto'],
  });
  const stats = { commits: 0, structure: 0, removed: [] };
  const EMPTY = Object.freeze({});

  // The image table entry an Image's src names: own entries only (a src such as "constructor"
  // must not find Object.prototype's), the name compared as a string as a property key would be.
  const hasOwn = Object.prototype.hasOwnProperty;
  function imageEntry(name) {
    if (name === undefined || name === null || name === '') return null;
    const key = typeof name === 'string' ? name : String(name);
    return hasOwn.call(env.images, key) ? env.images[key] : null;
  }

  function VcsNode(type) {
    this.type = type;
    this.children = [];
    this.parent = null;
    this.layoutFunc = null;
    this.layoutParams = {};
    this.style = {};
    this.transform = {};
    this.blend = {};
    this.clip = false;
    this.userId = undefined;
    this.animationId = undefined;
    this.layoutFrame = null;
    this.flowFrame = null;
    this.intrinsicSize = null;
    this.text = '';
    this.textLayout = null;
    this.textDirty = false;
    this._requestHead = null;
    this.src = undefined;
    this.scaleMode = undefined;
    this.zoom = undefined;
    this.value = '';
    this.emoji = '';
    this.viewportSize = undefined;
    this.keyPressAction = undefined;
    this.liveAssetUpdateKey = undefined;
    this.props = null;
  }

  function withoutNaN(params) {
    if (params == null || typeof params !== 'object') return {};
    const out = {};
    for (const k in params) {
      const v = params[k];
      if (!(typeof v === 'number' && v !== v)) out[k] = v;
    }
    return out;
  }

  function deepEqual(a, b) {
    if (a === b) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return a !== a && b !== b;
    if (Array.isArray(a) !== Array.isArray(b)) return false;
    const ka = Object.keys(a);
    const kb = Object.keys(b);
    if (ka.length !== kb.length) return false;
    for (let i = 0; i < ka.length; i++) if (!deepEqual(a[ka[i]], b[ka[i]])) return false;
    return true;
  }

  // Style compare of §1.6: primitives by ===, arrays element-wise, object values ignored.
  function styleEqual(a, b) {
    if (a === b) return true;
    a = a || EMPTY;
    b = b || EMPTY;
    let n = 0;
    for (const k in a) {
      n++;
      if (!(k in b)) return false;
      const x = a[k];
      const y = b[k];
      if (x === y) continue;
      if (Array.isArray(x) && Array.isArray(y)) {
        if (x.length !== y.length) return false;
        for (let j = 0; j < x.length; j++) if (x[j] !== y[j]) return false;
      } else if (!(typeof x === 'object' && x !== null && typeof y === 'object' && y !== null)) {
        return false;
      }
    }
    for (const k in b) n--;
    return n === 0;
  }

  function layoutOf(props) {
    const l = props.layout;
    if (l === undefined || l === null) return [null, {}];
    if (!Array.isArray(l)) {
      console.error('VCS: the layout prop must be an array [fn, params]; got ' + typeof l);
      return [null, {}];
    }
    return [typeof l[0] === 'function' ? l[0] : null, withoutNaN(l[1])];
  }

  function sameNumber(a, b) {
    return a === b || (a !== a && b !== b);
  }

  // Layout params compare deep-equal with NaN-valued keys ignored (they are removed, §1.1),
  // without allocating: this runs for every host node on every frame.
  function sameLayoutParams(a, b) {
    if (a === b) return true;
    if (a == null || typeof a !== 'object') a = EMPTY;
    if (b == null || typeof b !== 'object') b = EMPTY;
    let na = 0;
    for (const k in a) {
      const v = a[k];
      if (typeof v === 'number' && v !== v) continue;
      na++;
      if (!deepEqual(v, b[k]) || !(k in b)) return false;
    }
    let nb = 0;
    for (const k in b) {
      const v = b[k];
      if (!(typeof v === 'number' && v !== v)) nb++;
    }
    return na === nb;
  }
  function sameLayout(a, b) {
    const la = Array.isArray(a) ? a : null;
    const lb = Array.isArray(b) ? b : null;
    if (!la || !lb) return la === lb || (!la && !lb);
    const fa = typeof la[0] === 'function' ? la[0] : null;
    const fb = typeof lb[0] === 'function' ? lb[0] : null;
    return fa === fb && sameLayoutParams(la[1], lb[1]);
  }

  function sameTransform(a, b) {
    if (a === b) return true;
    a = a || EMPTY;
    b = b || EMPTY;
    return sameNumber(a.scale, b.scale) && sameNumber(a.scaleX, b.scaleX) && sameNumber(a.scaleY, b.scaleY) && sameNumber(a.rotate_deg, b.rotate_deg);
  }

  // Does `next` differ from `prev` in any prop that Daily's host compares?
  function needsCommit(type, prev, next) {
    if (!sameLayout(prev.layout, next.layout)) return true;
    if (!!prev.clip !== !!next.clip) return true;
    if (!sameTransform(prev.transform, next.transform)) return true;
    if (!sameNumber(prev.blend ? prev.blend.opacity : undefined, next.blend ? next.blend.opacity : undefined)) return true;
    if (prev.animationId !== next.animationId || prev.id !== next.id) return true;
    if (!styleEqual(prev.style, next.style)) return true;
    switch (type) {
      case 'label':
        return prev.text !== next.text;
      case 'emoji':
        return prev.value !== next.value;
      case 'image':
        return prev.src !== next.src || prev.scaleMode !== next.scaleMode || prev.liveAssetUpdateKey !== next.liveAssetUpdateKey;
      case 'video':
        return prev.src !== next.src || prev.scaleMode !== next.scaleMode || prev.zoom !== next.zoom;
      case 'webframe':
        return (
          prev.src !== next.src ||
          prev.scaleMode !== next.scaleMode ||
          prev.liveAssetUpdateKey !== next.liveAssetUpdateKey ||
          !deepEqual(prev.viewportSize, next.viewportSize) ||
          !deepEqual(prev.keyPressAction, next.keyPressAction)
        );
      default:
        return false;
    }
  }

  function applyProps(node, props) {
    const prevText = node.text;
    const prevStyle = node.style;
    node.props = props;
    const [fn, params] = layoutOf(props);
    node.layoutFunc = fn;
    node.layoutParams = params;
    node.style = props.style || {};
    node.transform = props.transform || {};
    node.blend = props.blend || {};
    node.clip = !!props.clip;
    node.userId = props.id;
    node.animationId = props.animationId;
    switch (node.type) {
      case 'label':
        // Well-formed text (no lone surrogate): it is measured in Python and drawn by Skia.
        node.text = typeof props.text === 'string' ? g.__vcs_wellFormed(props.text) : props.text;
        if (node.text !== prevText || !styleEqual(prevStyle, node.style) || node.intrinsicSize === null) {
          node.textDirty = true;
          node._requestHead = null;
          measureAtCommit(node);
        }
        break;
      case 'emoji':
        node.value = props.value;
        node.emoji = props.value ? g.__vcs_first_emoji(String(props.value)) : '';
        node.intrinsicSize = { w: env.pxPerGu, h: env.pxPerGu };
        break;
      case 'image': {
        node.src = props.src;
        node.scaleMode = props.scaleMode;
        node.liveAssetUpdateKey = props.liveAssetUpdateKey;
        const entry = imageEntry(node.src);
        node.intrinsicSize = entry ? { w: entry.width || 0, h: entry.height || 0 } : { w: 0, h: 0 };
        break;
      }
      case 'video':
        node.src = props.src;
        node.scaleMode = props.scaleMode;
        node.zoom = props.zoom;
        node.intrinsicSize = { w: 0, h: 0 };
        break;
      case 'webframe': {
        // The intrinsic size is the viewport size of the *previous* commit (§1.4).
        const prevViewport = node.viewportSize || props.viewportSize;
        node.intrinsicSize = { w: prevViewport.w, h: prevViewport.h };
        node.src = props.src;
        node.scaleMode = props.scaleMode;
        node.viewportSize = props.viewportSize;
        node.keyPressAction = props.keyPressAction;
        node.liveAssetUpdateKey = props.liveAssetUpdateKey;
        break;
      }
    }
  }

  // ------------------------------------------------------------------ text

  // The request's text/style part is serialised once per commit; only the frame and the
  // safety margin change between layouts.
  function textRequest(node, w, h) {
    if (node._requestHead === null) {
      node._requestHead = JSON.stringify({
        text: node.text,
        style: node.style,
        pxPerGu: env.pxPerGu,
        viewportH: env.viewport.h,
        families: env.fontFamilies,
      }).slice(0, -1);
    }
    const safety = node.flowFrame && node.flowFrame.safetyMargin ? node.flowFrame.safetyMargin : 0;
    return node._requestHead + ',"frame":{"w":' + JSON.stringify(w || 0) + ',"h":' + JSON.stringify(h || 0) + '},"safety":' + JSON.stringify(safety) + '}';
  }

  // Parsed measurements by request: a relayout re-measures every moved Text, usually with a
  // request seen a frame or two ago; a hit skips the call into Python and the JSON parse.
  const measured = new Map();
  const MEASURED_MAX = 4096;

  function measureRequest(request) {
    let r = measured.get(request);
    if (r === undefined) {
      r = JSON.parse(g.__vcs_measure_text(request));
      if (r.error) throw new Error(r.error); // an unusable request (vcs_engine/text/api.py)
      if (measured.size >= MEASURED_MAX) measured.clear();
      measured.set(request, r);
    }
    return r;
  }

  function measure(node, x, y, w, h) {
    const r = measureRequest(textRequest(node, w, h));
    node.textLayout = r;
    node.flowFrame = { x: x, y: y, w: r.w, h: r.h, safetyMargin: r.safety || undefined };
    return r;
  }

  function measureAtCommit(node) {
    if (!node.text) {
      node.textLayout = null;
      node.intrinsicSize = { w: 0, h: 0 };
      return;
    }
    const r = measure(node, undefined, undefined, env.viewport.w, env.viewport.h);
    node.intrinsicSize = { w: r.w, h: r.h };
  }

  // Called by layout with the node's new frame (text-layout.md §5, layout-and-output.md §1.5).
  function setLayoutFrame(node, frame) {
    if (node.type !== 'label') {
      node.layoutFrame = frame;
      return;
    }
    const prev = node.layoutFrame;
    if (prev && !node.textDirty && prev.x === frame.x && prev.y === frame.y && prev.w === frame.w && prev.h === frame.h) return;
    node.layoutFrame = frame;
    node.textDirty = false;
    if (!node.text) {
      frame.w = 0;
      frame.h = 0;
      node.flowFrame = frame;
      node.textLayout = null;
      return;
    }
    measure(node, frame.x, frame.y, frame.w, frame.h);
  }

  function remeasureAll(node) {
    if (node.type === 'label') {
      node.textDirty = true;
      node._requestHead = null;
      measureAtCommit(node);
    }
    if (node.type === 'emoji') node.intrinsicSize = { w: env.pxPerGu, h: env.pxPerGu };
    for (let i = 0; i < node.children.length; i++) remeasureAll(node.children[i]);
  }

  const hostConfig = {
    createNode: function (type, props) {
      const node = new VcsNode(type);
      applyProps(node, props);
      stats.commits++;
      return node;
    },
    commitUpdate: function (node, prev, next) {
      if (!needsCommit(node.type, prev, next)) {
        node.props = next;
        return;
      }
      applyProps(node, next);
      stats.commits++;
    },
    setChildren: function (node, children) {
      node.children = children;
      for (let i = 0; i < children.length; i++) {
        children[i].parent = node;
        children[i]._index = i; // where a fading-out node is kept after removal
      }
      stats.structure++;
    },
    removeNode: function (node) {
      stats.removed.push(node);
    },
  };

  g.__vcs_react.setHostConfig(hostConfig);
  g.__vcs_nodes = {
    env: env,
    stats: stats,
    VcsNode: VcsNode,
    setLayoutFrame: setLayoutFrame,
    remeasureAll: remeasureAll,
    imageEntry: imageEntry,
    clearTextCache: function () {
      measured.clear();
    },
  };
})(globalThis);
