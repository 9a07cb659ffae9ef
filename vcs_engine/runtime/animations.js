/*
 * Layout and opacity animations for compositions that export `layoutAnimations`
 * (layout-and-output.md §1.7, vcs-api.md §7). Runs inside the final layout walk: every node
 * whose `animationId || id` has descriptors gets its destination frame tweened and its opacity
 * faded; a removed node with a disappear fade is kept in the tree until the fade ends.
 */
(function (g) {
  'use strict';

  const NAMED_CURVES = {
    ease: [0.25, 0.1, 0.25, 1],
    'ease-in': [0.42, 0, 1, 1],
    'ease-out': [0, 0, 0.58, 1],
    'ease-in-out': [0.42, 0, 0.58, 1],
  };

  function bezierComponents(p1, p2) {
    const c = 3 * p1;
    const b = 3 * (p2 - p1) - c;
    const a = 1 - c - b;
    return [a, b, c];
  }
  function sample(k, t) {
    return ((k[0] * t + k[1]) * t + k[2]) * t;
  }
  function slope(k, t) {
    return (3 * k[0] * t + 2 * k[1]) * t + k[2];
  }

  // Exact solve of x(t) = x (Newton, then bisection where the slope is flat), for frame tweens.
  function exactBezier(x1, y1, x2, y2) {
    const kx = bezierComponents(x1, x2);
    const ky = bezierComponents(y1, y2);
    return function (x) {
      if (x <= 0) return 0;
      if (x >= 1) return 1;
      let t = x;
      for (let i = 0; i < 8; i++) {
        const d = sample(kx, t) - x;
        if (Math.abs(d) < 1e-12) return sample(ky, t);
        const s = slope(kx, t);
        if (Math.abs(s) < 1e-6) break;
        t -= d / s;
      }
      let lo = 0;
      let hi = 1;
      t = x;
      for (let i = 0; i < 60; i++) {
        const v = sample(kx, t);
        if (Math.abs(v - x) < 1e-12) break;
        if (v < x) lo = t;
        else hi = t;
        t = (lo + hi) / 2;
      }
      return sample(ky, t);
    };
  }

  // The approximate solver Daily uses for opacity fades: 5 Newton iterations, no bisection.
  function approxBezier(x1, y1, x2, y2) {
    const kx = bezierComponents(x1, x2);
    const ky = bezierComponents(y1, y2);
    return function (x) {
      let t = x;
      for (let i = 0; i < 5; i++) {
        const s = slope(kx, t);
        if (s === 0) break;
        t -= (sample(kx, t) - x) / s;
      }
      return sample(ky, t);
    };
  }

  function easing(fn, exact) {
    if (fn === 'linear') return function (x) {
      return x;
    };
    if (fn === 'hold') return function (x) {
      return x >= 1 ? 1 : 0;
    };
    let pts = NAMED_CURVES[fn];
    if (Array.isArray(fn) && fn[0] === 'cubic') pts = fn.slice(1, 5);
    if (!pts) pts = NAMED_CURVES.ease;
    return exact ? exactBezier(pts[0], pts[1], pts[2], pts[3]) : approxBezier(pts[0], pts[1], pts[2], pts[3]);
  }

  const nonZero = function (f) {
    return !!f && f.w > 0 && f.h > 0;
  };
  const differs = function (a, b) {
    return a.x !== b.x || a.y !== b.y || a.w !== b.w || a.h !== b.h;
  };
  const PREDICATES = {
    present: function (prev, cur) {
      return !prev !== !cur;
    },
    'frame-non-zero': function (prev, cur) {
      return nonZero(prev) !== nonZero(cur);
    },
    'frame-change-any': function (prev, cur) {
      return !!prev && !!cur && differs(prev, cur);
    },
    'frame-change-non-zero': function (prev, cur) {
      return nonZero(prev) && nonZero(cur) && differs(prev, cur);
    },
    'frame-change-to-zero': function (prev, cur) {
      return nonZero(prev) && !nonZero(cur);
    },
  };

  function fadeConfig(cfg, desc, defaults) {
    if (!cfg) return null;
    const c = typeof cfg === 'object' ? cfg : {};
    return {
      from: c.from !== undefined ? c.from : defaults.from,
      to: c.to !== undefined ? c.to : defaults.to,
      duration: c.duration !== undefined ? c.duration : 0.3,
      ease: easing(c.function || desc.function || 'ease-out', false),
    };
  }

  let byId = null;
  let tweening = [];
  let exiting = [];
  let fading = 0;

  function reset(descriptors) {
    byId = null;
    tweening = [];
    exiting = [];
    if (!descriptors) return;
    byId = {};
    descriptors.forEach(function (d) {
      if (!d || !d.animationId) return;
      const entry = {
        properties: Array.isArray(d.properties) ? d.properties : [],
        predicate: PREDICATES[d.predicate] || PREDICATES['frame-change-non-zero'],
        ease: easing(d.function || 'ease', true),
        duration: d.duration !== undefined ? d.duration : 0.3,
        delay: d.delay || 0,
        appear: fadeConfig(d.opacity && d.opacity.appear, d, { from: 0, to: 1 }),
        disappear: fadeConfig(d.opacity && d.opacity.disappear, d, { from: 1, to: 0 }),
      };
      (byId[d.animationId] = byId[d.animationId] || []).push(entry);
    });
  }

  function descriptorsOf(node) {
    const id = node.animationId || node.userId;
    return id !== undefined && byId ? byId[id] : undefined;
  }

  // One Animator per tick. Laying out twice with the same Animator gives the same result as
  // once (layout.js re-runs a speculative pass): the previous destinations are shifted only by
  // the first beginFrame of a tick, and a tween started twice in a tick is replaced, not doubled.
  let tickSerial = 0;

  function Animator(t) {
    this.t = t;
    this.serial = ++tickSerial;
  }

  Animator.prototype.beginFrame = function (root) {
    const t = this.t;
    tweening = tweening.filter(function (node) {
      node._tweens = node._tweens.filter(function (tw) {
        return t < tw.inT + tw.duration;
      });
      return node._tweens.length > 0;
    });
    exiting = exiting.filter(function (node) {
      const parent = node.parent;
      const done = t >= node._exit.start + node._exit.cfg.duration;
      const i = parent ? parent.children.indexOf(node) : -1;
      if (done) {
        if (i >= 0) parent.children.splice(i, 1);
        return false;
      }
      if (parent && i < 0) parent.children.splice(Math.min(node._index || 0, parent.children.length), 0, node);
      return true;
    });
    fading = 0;
    const serial = this.serial;
    (function snap(node) {
      if (node._destSerial !== serial) {
        node._destSerial = serial;
        node._prevDest = node._dest;
        node._dest = undefined;
      }
      for (let i = 0; i < node.children.length; i++) snap(node.children[i]);
    })(root);
  };

  Animator.prototype.animate = function (node, frame, inherited) {
    const descs = descriptorsOf(node);
    const t = this.t;
    if (!descs) {
      if (inherited !== undefined) node.blend = Object.assign({}, node.blend, { opacity: inherited });
      if (node._exit) frame = Object.assign({}, node._lastFrame);
      return { frame: frame, opacity: inherited };
    }
    if (node._exit) frame = Object.assign({}, node._lastFrame);
    const prev = node._prevDest;
    const cur = { x: frame.x, y: frame.y, w: frame.w, h: frame.h };
    node._dest = cur;
    node._destSerial = this.serial;
    const serial = this.serial;
    let opacity = inherited;
    const base = inherited === undefined ? 1 : inherited;
    for (let i = 0; i < descs.length; i++) {
      const d = descs[i];
      if (d.properties.length && !node._exit && d.predicate(prev, cur)) {
        if (!node._tweens || !node._tweens.length) {
          node._tweens = [];
          tweening.push(node);
        }
        d.properties.forEach(function (p) {
          if (!prev || prev[p] === cur[p]) return;
          node._tweens = node._tweens.filter(function (tw) {
            return tw.serial !== serial || tw.prop !== p;
          });
          node._tweens.push({ prop: p, from: prev[p], to: cur[p], inT: t + d.delay, duration: d.duration, ease: d.ease, serial: serial });
        });
      }
      if (d.appear) {
        if (node._appearStart === undefined) node._appearStart = nonZero(prev) ? -Infinity : t;
        const a = d.appear;
        const p = a.duration > 0 ? (t - node._appearStart) / a.duration : 1;
        if (p < 1) {
          opacity = (a.from + (a.to - a.from) * a.ease(Math.max(0, p))) * base;
          fading++;
        } else {
          opacity = a.to * base;
        }
      }
      if (node._exit && d.disappear === node._exit.cfg) {
        const x = node._exit.cfg;
        const p = x.duration > 0 ? Math.min(1, (t - node._exit.start) / x.duration) : 1;
        opacity = (x.from + (x.to - x.from) * x.ease(p)) * base;
      }
    }
    let out = frame;
    if (node._tweens && node._tweens.length) {
      out = Object.assign({}, frame);
      node._tweens.forEach(function (tw) {
        let v;
        if (t < tw.inT) v = tw.from;
        else if (t >= tw.inT + tw.duration) v = tw.to;
        else v = tw.from + (tw.to - tw.from) * tw.ease((t - tw.inT) / tw.duration);
        out[tw.prop] = v;
      });
    }
    if (opacity !== undefined) node.blend = Object.assign({}, node.blend, { opacity: opacity });
    node._lastFrame = out;
    return { frame: out, opacity: opacity };
  };

  // Keep removed nodes that fade out (called with the nodes React removed since the last frame).
  function adoptRemoved(removed, t) {
    removed.forEach(function (node) {
      const descs = descriptorsOf(node);
      if (!descs || !node.parent || !node._lastFrame || node._exit) return;
      const d = descs.find(function (x) {
        return x.disappear;
      });
      if (!d) return;
      const ap = descs.find(function (x) {
        return x.appear;
      });
      if (ap && node._appearStart !== undefined && t - node._appearStart < ap.appear.duration && ap.appear.from < 0.1) return;
      node._exit = { start: t, cfg: d.disappear };
      exiting.push(node);
    });
  }

  g.__vcs_anim = {
    reset: reset,
    active: function () {
      return !!byId && (tweening.length > 0 || exiting.length > 0 || fading > 0);
    },
    animatorFor: function (t, removed) {
      if (!byId) return null;
      adoptRemoved(removed, t);
      return new Animator(t);
    },
  };
})(globalThis);
