/*
 * The layout pass of layout-and-output.md §1.2–1.4, kept literal (frames are doubles, no
 * rounding, collectors in post-order, stacking sums over every collected entry) because
 * compositions depend on its exact numbers. Animations (§1.7) plug in through `animator`.
 */
(function (g) {
  'use strict';
  const nodes = g.__vcs_nodes;
  const env = nodes.env;
  const MEASURE_HOOKS = { contentSize: 1, childSizes: 1, childStacking: 1 };

  let passIndex = 0;
  let usedMeasureHooks = false;

  // The layoutCtx given to layout functions. Its closures are made once per node and reused on
  // every pass and frame (this runs for every node twice per layout); `node._deps` is reset per call.
  function ctxOf(node) {
    let ctx = node._layoutCtx;
    if (!ctx) {
      ctx = node._layoutCtx = {
        viewport: null,
        pixelsPerGridUnit: 0,
        node: node,
        useIntrinsicSize: function () {
          const s = node.intrinsicSize;
          return s ? { w: s.w, h: s.h } : { w: -1, h: -1 };
        },
        useContentSize: function () {
          node._deps.contentSize = true;
          usedMeasureHooks = true;
          const f = node.flowFrame;
          return passIndex > 0 && f && f.w > 0 ? { w: f.w, h: f.h } : { w: 0, h: 0 };
        },
        useChildSizes: function () {
          node._deps.childSizes = true;
          usedMeasureHooks = true;
          return passIndex > 0 && node.childSizes ? node.childSizes : null;
        },
        useChildStacking: function (opts) {
          node._deps.childStacking = opts || {};
          usedMeasureHooks = true;
        },
      };
    }
    ctx.viewport = { x: 0, y: 0, w: env.viewport.w, h: env.viewport.h };
    ctx.pixelsPerGridUnit = env.pxPerGu;
    return ctx;
  }

  function union(list, frame) {
    let flow;
    if (list.length === 0) {
      flow = { x: 0, y: 0, w: 0, h: 0 };
    } else {
      let minX = Infinity;
      let minY = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let i = 0; i < list.length; i++) {
        const f = list[i];
        if (f.x < minX) minX = f.x;
        if (f.y < minY) minY = f.y;
        if (f.x + f.w > maxX) maxX = f.x + f.w;
        if (f.y + f.h > maxY) maxY = f.y + f.h;
      }
      flow = { x: minX, y: minY, w: maxX - minX, h: maxY - minY };
    }
    const ct = frame.containerTransform;
    if (ct) {
      flow.x -= ct.x;
      flow.y -= ct.y;
      flow.w -= ct.w;
      flow.h -= ct.h;
    }
    const st = frame.childStacking;
    if (st) {
      const gap = st.interval_px || 0;
      let sum = 0;
      if (st.direction === 'y') {
        for (let i = 0; i < list.length; i++) sum += list[i].h;
        flow.h = sum + gap * (list.length - 1);
      } else if (st.direction === 'x') {
        for (let i = 0; i < list.length; i++) sum += list[i].w;
        flow.w = sum + gap * (list.length - 1);
      }
    }
    return flow;
  }

  function layoutNode(node, parentFrame, collector, animator, inheritedOpacity) {
    let frame = { x: parentFrame.x, y: parentFrame.y, w: parentFrame.w, h: parentFrame.h };
    let own = null;
    if (node.layoutFunc) {
      const deps = (node._deps = {});
      const result = node.layoutFunc(frame, node.layoutParams, ctxOf(node));
      frame = result && typeof result === 'object' ? result : frame;
      if ('childStacking' in deps) frame.childStacking = deps.childStacking;
      for (const k in deps) {
        if (k in MEASURE_HOOKS) {
          own = [];
          break;
        }
      }
      if (frame.containerTransform) own = own || [];
    }
    let opacityForChildren = inheritedOpacity;
    if (animator) {
      const r = animator.animate(node, frame, inheritedOpacity);
      frame = r.frame;
      opacityForChildren = r.opacity;
    }
    nodes.setLayoutFrame(node, frame);
    frame = node.layoutFrame; // a Text node may keep its previous frame object
    let offX = 0;
    let offY = 0;
    const children = node.children;
    const passDown = own || collector;
    // One start frame for all children: a child copies its parent frame before anything else.
    const start = { x: 0, y: 0, w: 0, h: 0 };
    for (let i = 0; i < children.length; i++) {
      start.x = frame.x;
      start.y = frame.y;
      start.w = frame.w;
      start.h = frame.h;
      if (passIndex > 0 && frame.childStacking && i > 0 && own && own.length) {
        const dir = frame.childStacking.direction;
        const gap = frame.childStacking.interval_px || 0;
        const prev = own[own.length - 1];
        if (dir === 'y') {
          offY += prev.h;
          offY += gap;
          start.y += offY;
        } else if (dir === 'x') {
          offX += prev.w;
          offX += gap;
          start.x += offX;
        }
      }
      layoutNode(children[i], start, passDown, animator, opacityForChildren);
    }
    if (own) {
      node.flowFrame = union(own, frame);
      node.childSizes = own;
    }
    if (collector) {
      const f = node.flowFrame || node.layoutFrame;
      if (f && isFinite(f.w)) {
        const entry = Object.assign({}, f);
        entry.id = node.userId;
        collector.push(entry);
      }
    }
  }

  // Whether the last layout read a measuring hook. Only a guess for the next frame: a
  // speculation it drives is always checked.
  let hooksLastTime = true;

  /*
   * Run the passes over the tree. The second walk is skipped when pass 0 used no measuring hook
   * and no animation runs: it would reproduce pass 0 exactly (Text nodes keep their frames).
   *
   * With animations, when the last layout read no measuring hook, one walk is run with the
   * animator at once: pass 0 would only compute what that walk recomputes. If a layout function
   * does call a measuring hook this time, the two passes run after all; the Animator is built
   * to be run again within a tick (animations.js), so the speculative walk leaves no trace.
   */
  function runLayout(root, animator) {
    const viewportFrame = { x: 0, y: 0, w: env.viewport.w, h: env.viewport.h };
    passIndex = 0;
    usedMeasureHooks = false;
    if (animator && !hooksLastTime && api.speculate) {
      animator.beginFrame(root);
      layoutNode(root, viewportFrame, null, animator, undefined);
      if (!usedMeasureHooks) return;
      usedMeasureHooks = false;
    }
    layoutNode(root, viewportFrame, null, null, undefined);
    hooksLastTime = usedMeasureHooks;
    if (usedMeasureHooks || animator) {
      passIndex = 1;
      if (animator) animator.beginFrame(root);
      layoutNode(root, viewportFrame, null, animator, undefined);
    }
  }

  // `speculate: false` always runs both passes (tests compare the two).
  const api = (g.__vcs_layout = { runLayout: runLayout, speculate: true });
})(globalThis);
