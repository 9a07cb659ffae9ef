/*
 * `#vcs-stdlib/layouts` and `#vcs-stdlib/components` (vcs-api.md §9). The layout math is kept
 * operation-for-operation as specified (including the order of additions and JS Math.round),
 * because video-layer JSON must match Daily's byte for byte.
 */
(function (g) {
  'use strict';
  const React = g.__vcs_react.React;
  const h = React.createElement;
  const C = g.__vcs_api.components;
  const hooks = g.__vcs_api.hooks;

  function finite(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function pad(parentFrame, params, ctx) {
    const { x, y, w, h } = parentFrame;
    const pxPerGu = ctx.pixelsPerGridUnit;
    let l = 0;
    let r = 0;
    let t = 0;
    let b = 0;
    params = params || {};
    if (finite(params.pad)) {
      l = r = t = b = params.pad;
    } else if (finite(params.pad_gu)) {
      l = r = t = b = params.pad_gu * pxPerGu;
    } else if (params.pad_gu && typeof params.pad_gu === 'object') {
      const p = params.pad_gu;
      l = finite(p.l) ? p.l * pxPerGu : 0;
      r = finite(p.r) ? p.r * pxPerGu : 0;
      t = finite(p.t) ? p.t * pxPerGu : 0;
      b = finite(p.b) ? p.b * pxPerGu : 0;
    } else if (params.pad_viewportRelative && typeof params.pad_viewportRelative === 'object') {
      const p = params.pad_viewportRelative;
      const vp = ctx.viewport;
      l = finite(p.l) ? p.l * vp.w : 0;
      r = finite(p.r) ? p.r * vp.w : 0;
      t = finite(p.t) ? p.t * vp.h : 0;
      b = finite(p.b) ? p.b * vp.h : 0;
    }
    const ct = { x: l, y: t, w: -(l + r), h: -(t + b) };
    return { x: x + ct.x, y: y + ct.y, w: w + ct.w, h: h + ct.h, containerTransform: ct };
  }

  function offset(parentFrame, params) {
    params = params || {};
    let dx;
    let dy;
    if (params.offsets && typeof params.offsets === 'object') {
      dx = params.offsets.x || 0;
      dy = params.offsets.y || 0;
    } else {
      dx = params.x || 0;
      dy = params.y || 0;
    }
    const { x, y, w, h } = parentFrame;
    return { x: x + dx, y: y + dy, w: w, h: h, containerTransform: { x: dx, y: dy, w: 0, h: 0 } };
  }

  function fit(parentFrame, params) {
    const a = (params || {}).contentAspectRatio;
    let { x, y, w, h } = parentFrame;
    if (!finite(a)) return { x: x, y: y, w: w, h: h };
    const pa = w / h;
    if (a >= pa) {
      const h2 = w / a;
      y += (parentFrame.h - h2) / 2;
      h = h2;
    } else {
      const w2 = h * a;
      x += (parentFrame.w - w2) / 2;
      w = w2;
    }
    return { x: x, y: y, w: w, h: h };
  }

  function split(parentFrame, params, ctx, vertical) {
    params = params || {};
    const pos = params.pos !== undefined ? params.pos : 0.5;
    const margin = (params.margin_gu !== undefined ? params.margin_gu : 0) * ctx.pixelsPerGridUnit;
    let { x, y, w, h } = parentFrame;
    if (vertical) {
      const avail = parentFrame.w - margin;
      if (!params.index) w = avail * pos;
      else {
        w = avail * (1 - pos);
        x += avail * pos + margin;
      }
    } else {
      const avail = parentFrame.h - margin;
      if (!params.index) h = avail * pos;
      else {
        h = avail * (1 - pos);
        y += avail * pos + margin;
      }
    }
    return { x: x, y: y, w: w, h: h };
  }

  function splitVertical(parentFrame, params, ctx) {
    return split(parentFrame, params, ctx, true);
  }
  function splitHorizontal(parentFrame, params, ctx) {
    return split(parentFrame, params, ctx, false);
  }
  function splitAcrossLongerDimension(parentFrame, params, ctx) {
    return split(parentFrame, params, ctx, ctx.viewport.w / ctx.viewport.h >= 1);
  }

  function gridItem(P, index, total, numCols, numRows, videoAsp, inner, preserve, centerRemainder) {
    let x = P.x;
    let y = P.y;
    let itemW;
    let itemH;
    if (preserve) {
      if ((numCols * videoAsp) / numRows >= P.w / P.h) {
        itemW = (P.w - (numCols - 1) * inner.x) / numCols;
        itemH = itemW / videoAsp;
        y += (P.h - (numRows * itemH + inner.y * (numRows - 1))) / 2;
      } else {
        itemH = (P.h - (numRows - 1) * inner.y) / numRows;
        itemW = itemH * videoAsp;
        x += (P.w - (numCols * itemW + inner.x * (numCols - 1))) / 2;
      }
    } else {
      itemW = (P.w - (numCols - 1) * inner.x) / numCols;
      itemH = (P.h - (numRows - 1) * inner.y) / numRows;
    }
    const col = index % numCols;
    const row = Math.floor(index / numCols);
    const remainder = total - numCols * (numRows - 1);
    if (centerRemainder && row + 1 === numRows && remainder > 0 && remainder < numCols) {
      x += ((itemW + inner.x) * (numCols - remainder)) / 2;
    }
    x += col * itemW;
    x += col * inner.x;
    y += row * itemH;
    y += row * inner.y;
    return { x: Math.floor(x), y: Math.floor(y), w: Math.ceil(itemW), h: Math.ceil(itemH) };
  }

  function inset(f, ox, oy) {
    return { x: f.x + ox, y: f.y + oy, w: f.w - 2 * ox, h: f.h - 2 * oy };
  }

  function grid(parentFrame, params, ctx) {
    params = params || {};
    const index = params.index;
    const total = params.total;
    const innerMargin_gu = params.innerMargin_gu !== undefined ? params.innerMargin_gu : -1;
    const outerMargin_gu = params.outerMargin_gu !== undefined ? params.outerMargin_gu : -1;
    const preserve = params.preserveItemAspectRatio !== undefined ? params.preserveItemAspectRatio : true;
    const vp = ctx.viewport;
    const pxPerGu = ctx.pixelsPerGridUnit;
    const outputAsp = vp.w / vp.h;
    if (total < 1 || !isFinite(total)) return Object.assign({}, parentFrame);
    const numCols = total > 16 ? 5 : total > 9 ? 4 : total > 4 ? 3 : total > 1 ? 2 : 1;
    const numRows = Math.ceil(total / numCols);
    const inner = { x: 0, y: 0 };
    const outer = { x: 0, y: 0 };
    if (total > 1) {
      const marginRel = outputAsp > 1 ? Math.round(vp.h * 0.05) : vp.w * 0.04;
      inner.x = inner.y = innerMargin_gu >= 0 ? innerMargin_gu * pxPerGu : marginRel;
      if (outerMargin_gu >= 0) outer.x = outer.y = outerMargin_gu * pxPerGu;
      else if (preserve && numCols === numRows) outer.y = outputAsp > 1 ? Math.round(marginRel * 0.7) : Math.round(marginRel);
    }
    const P = inset(parentFrame, outer.x, outer.y);
    return gridItem(P, index, total, numCols, numRows, outputAsp, inner, preserve, true);
  }

  function column(parentFrame, params, ctx) {
    params = params || {};
    const index = params.index;
    const total = params.total;
    const makeRow = params.makeRow !== undefined ? params.makeRow : false;
    const center = params.center !== undefined ? params.center : false;
    const itemAspectRatio = params.itemAspectRatio !== undefined ? params.itemAspectRatio : 0;
    const innerMargin_gu = params.innerMargin_gu !== undefined ? params.innerMargin_gu : 0.7;
    const outerMargin_gu = params.outerMargin_gu !== undefined ? params.outerMargin_gu : 0.5;
    const pxPerGu = ctx.pixelsPerGridUnit;
    const innerV = total > 1 ? innerMargin_gu * pxPerGu : 0;
    const inner = { x: innerV, y: innerV };
    const outerV = outerMargin_gu * pxPerGu;
    const numCols = makeRow ? total : 1;
    const numRows = makeRow ? 1 : total;
    const P = inset(parentFrame, outerV, outerV);
    const videoAsp =
      itemAspectRatio > 0
        ? itemAspectRatio
        : numRows === 1
          ? (P.w - innerV * (total - 1)) / total / P.h
          : P.w / ((P.h - innerV * (total - 1)) / total);
    if (center) {
      const itemDim = makeRow ? P.h * itemAspectRatio : P.w / itemAspectRatio;
      const totalDim = total * itemDim + (total > 1 ? (total - 1) * innerV : 0);
      if (makeRow) {
        P.x += (P.w - totalDim) / 2;
        P.w = totalDim;
      } else {
        P.y += (P.h - totalDim) / 2;
        P.h = totalDim;
      }
    }
    return gridItem(P, index, undefined, numCols, numRows, videoAsp, inner, true, false);
  }

  function simpleLineGrid(parentFrame, params, ctx) {
    params = params || {};
    const index = params.index || 0;
    const numCols = params.numCols !== undefined ? params.numCols : 4;
    const numTextLines = params.numTextLines !== undefined ? params.numTextLines : 1;
    const textSize_gu = params.textSize_gu !== undefined ? params.textSize_gu : 1;
    const { x, y, w } = parentFrame;
    const itemW = w / numCols;
    const itemH = textSize_gu * ctx.pixelsPerGridUnit * 1.2 * numTextLines;
    return { x: x + (index % numCols) * itemW, y: y + Math.floor(index / numCols) * itemH, w: itemW, h: itemH };
  }

  // ------------------------------------------------------------------ debug components
  // vcs-api.md §9.9. Both printouts: a filled box (`id`, `layout` from props) → 1 gu of padding on
  // top and left only → a memoised body: the header line, then one Text per item on a
  // simpleLineGrid 2 gu below it.

  function printoutShell(id, rgb, props, body) {
    const bgOpacity = props.bgOpacity === undefined ? 1 : props.bgOpacity;
    return h(
      C.Box,
      { id: id, style: { fillColor: 'rgba(' + rgb + ', ' + bgOpacity + ')' }, layout: props.layout },
      h(C.Box, { layout: [pad, { pad_gu: { t: 1, l: 1 } }] }, body)
    );
  }

  function printoutBody(props, header, items) {
    const headerTextColor =
      props.headerTextColor === undefined ? 'rgba(255, 255, 255, 0.68)' : props.headerTextColor;
    return h(
      C.Box,
      {},
      h(C.Text, { style: { fontSize_gu: textSizeOf(props), textColor: headerTextColor } }, header),
      h(C.Box, { layout: [pad, { pad_gu: { t: 2 } }] }, items)
    );
  }

  function textSizeOf(props) {
    return props.textSize_gu === undefined ? 1 : props.textSize_gu;
  }

  function MediaInputPrintout(props) {
    const mediaInput = hooks.useMediaInput();
    // Memoised on the context value only (as Daily's): a change of renderEnv, textSize_gu or
    // headerTextColor shows once the inputs change; bgOpacity and layout apply at once.
    const body = React.useMemo(function () {
      const vp = mediaInput.viewportSize;
      const slots = mediaInput.activeVideoInputSlots;
      const textSize_gu = textSizeOf(props);
      const renderEnv = props.renderEnv;
      // Nine spaces between the title and the bracket, as Daily prints it.
      let header = 'Video inputs         [viewport = ' + vp.w + '*' + vp.h;
      header += ', px/gu = ' + mediaInput.pixelsPerGridUnit;
      if (renderEnv != null && renderEnv.length > 0) header += ', renderEnv = "' + renderEnv + '"';
      header += ']';
      const items = [];
      slots.forEach(function (slot, i) {
        if (!slot) return; // skipped, but still counted in `total`
        // A `true` slot prints an empty id and type; an object slot its own fields, even missing
        // ones (which print "undefined", not the slot index useActiveVideo would use).
        const o = typeof slot === 'object' ? slot : { id: '', type: '' };
        const style = { fontSize_gu: textSize_gu * 0.93 };
        if (o.type === 'screenshare') style.textColor = 'lightblue';
        if (o.paused) {
          style.fontStyle = 'italic';
          style.textColor = o.type === 'screenshare' ? 'rgb(160, 120, 255)' : 'pink';
        }
        if (o.dominant) style.fontWeight = '700';
        const line = (o.dominant ? 'D ' : '') + (i + 1) + ': ' + o.id + ' (' + o.type + ')';
        const grid = { total: slots.length, index: i, numCols: 4, textSize_gu: textSize_gu };
        items.push(h(C.Text, { key: i, style: style, layout: [simpleLineGrid, grid] }, line));
      });
      return printoutBody(props, header, items);
    }, [mediaInput]);
    return printoutShell('mediaInput', '100, 0, 0', props, body);
  }

  function inputLine(kind, input) {
    let s = kind + ' ' + input.id;
    if (input.paused) s += ' (paused)';
    if (input.dominant) s += ' [dominant]';
    return s;
  }

  function RoomPrintout(props) {
    const room = props.room;
    // Memoised on the `room` prop only, like MediaInputPrintout on its context.
    const body = React.useMemo(function () {
      const peers = (room && room.availablePeers) || [];
      const textSize_gu = textSizeOf(props);
      const items = peers.map(function (p, i) {
        const lines = ['id = ' + p.id, '"' + p.displayName + '"'];
        // A medium gets a line only when it has an id (`!= null`: '' and 0 still count).
        if (p.video && p.video.id != null) lines.push(inputLine('video', p.video));
        const sshare = p.screenshareVideo;
        if (sshare && sshare.id != null) lines.push(inputLine('sshare', sshare));
        if (p.audio && p.audio.id != null) lines.push(inputLine('audio', p.audio));
        const grid = { total: peers.length, index: i, numCols: 3, numTextLines: 5, textSize_gu: textSize_gu };
        const style = { fontSize_gu: textSize_gu * 0.93 };
        return h(C.Text, { key: i, style: style, layout: [simpleLineGrid, grid] }, lines.join('\n'));
      });
      return printoutBody(props, 'Room peers', items);
    }, [room]);
    return printoutShell('room', '20, 10, 80', props, body);
  }

  const layouts = {
    pad: pad,
    offset: offset,
    fit: fit,
    splitHorizontal: splitHorizontal,
    splitVertical: splitVertical,
    splitAcrossLongerDimension: splitAcrossLongerDimension,
    column: column,
    grid: grid,
    simpleLineGrid: simpleLineGrid,
  };
  g.__vcs_builtin('#vcs-stdlib/layouts', layouts);
  g.__vcs_builtin('#vcs-stdlib/components', { debug: { MediaInputPrintout: MediaInputPrintout, RoomPrintout: RoomPrintout } });
})(globalThis);
