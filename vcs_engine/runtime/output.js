/*
 * Per-frame outputs (layout-and-output.md §2–3): the video layer list and the canvex display
 * list, emitted exactly as Daily's engine does, so the JSON can be compared byte for byte.
 * We additionally keep the background part (graphics before the first Video) and the
 * foreground part as separate lists for the studio's layer toggles.
 */
(function (g) {
  'use strict';
  const env = g.__vcs_nodes.env;

  // The 148 CSS colour names (§4.2): exact, case-sensitive lookup; `transparent` is not here.
  const NAMED = {};
  'aliceblue:f0f8ff antiquewhite:faebd7 aqua:00ffff aquamarine:7fffd4 azure:f0ffff beige:f5f5dc bisque:ffe4c4 black:000000 blanchedalmond:ffebcd blue:0000ff blueviolet:8a2be2 brown:a52a2a burlywood:deb887 cadetblue:5f9ea0 chartreuse:7fff00 chocolate:d2691e coral:ff7f50 cornflowerblue:6495ed cornsilk:fff8dc crimson:dc143c cyan:00ffff darkblue:00008b darkcyan:008b8b darkgoldenrod:b8860b darkgray:a9a9a9 darkgreen:006400 darkgrey:a9a9a9 darkkhaki:bdb76b darkmagenta:8b008b darkolivegreen:556b2f darkorange:ff8c00 darkorchid:9932cc darkred:8b0000 darksalmon:e9967a darkseagreen:8fbc8f darkslateblue:483d8b darkslategray:2f4f4f darkslategrey:2f4f4f darkturquoise:00ced1 darkviolet:9400d3 deeppink:ff1493 deepskyblue:00bfff dimgray:696969 dimgrey:696969 dodgerblue:1e90ff firebrick:b22222 floralwhite:fffaf0 forestgreen:228b22 fuchsia:ff00ff gainsboro:dcdcdc ghostwhite:f8f8ff gold:ffd700 goldenrod:daa520 gray:808080 green:008000 greenyellow:adff2f grey:808080 honeydew:f0fff0 hotpink:ff69b4 indianred:cd5c5c indigo:4b0082 ivory:fffff0 khaki:f0e68c lavender:e6e6fa lavenderblush:fff0f5 lawngreen:7cfc00 lemonchiffon:fffacd lightblue:add8e6 lightcoral:f08080 lightcyan:e0ffff lightgoldenrodyellow:fafad2 lightgray:d3d3d3 lightgreen:90ee90 lightgrey:d3d3d3 lightpink:ffb6c1 lightsalmon:ffa07a lightseagreen:20b2aa lightskyblue:87cefa lightslategray:778899 lightslategrey:778899 lightsteelblue:b0c4de lightyellow:ffffe0 lime:00ff00 limegreen:32cd32 linen:faf0e6 magenta:ff00ff maroon:800000 mediumaquamarine:66cdaa mediumblue:0000cd mediumorchid:ba55d3 mediumpurple:9370db mediumseagreen:3cb371 mediumslateblue:7b68ee mediumspringgreen:00fa9a mediumturquoise:48d1cc mediumvioletred:c71585 midnightblue:191970 mintcream:f5fffa mistyrose:ffe4e1 moccasin:ffe4b5 navajowhite:ffdead navy:000080 oldlace:fdf5e6 olive:808000 olivedrab:6b8e23 orange:ffa500 orangered:ff4500 orchid:da70d6 palegoldenrod:eee8aa palegreen:98fb98 paleturquoise:afeeee palevioletred:db7093 papayawhip:ffefd5 peachpuff:ffdab9 peru:cd853f pink:ffc0cb plum:dda0dd powderblue:b0e0e6 purple:800080 rebeccapurple:663399 red:ff0000 rosybrown:bc8f8f royalblue:4169e1 saddlebrown:8b4513 salmon:fa8072 sandybrown:f4a460 seagreen:2e8b57 seashell:fff5ee sienna:a0522d silver:c0c0c0 skyblue:87ceeb slateblue:6a5acd slategray:708090 slategrey:708090 snow:fffafa springgreen:00ff7f steelblue:4682b4 tan:d2b48c teal:008080 thistle:d8bfd8 tomato:ff6347 turquoise:40e0d0 violet:ee82ee wheat:f5deb3 white:ffffff whitesmoke:f5f5f5 yellow:ffff00 yellowgreen:9acd32'.split(' ').forEach(function (pair) {
    const i = pair.indexOf(':');
    NAMED[pair.slice(0, i)] = '#' + pair.slice(i + 1);
  });

  function encodeColor(c) {
    if (Array.isArray(c)) {
      const a = c.length > 3 ? c[3] : undefined;
      return 'rgba(' + [c[0], c[1], c[2], a === undefined ? 1 : a].map(String).join(', ') + ')';
    }
    if (!c || typeof c !== 'string') return '#000';
    if (c[0] === '#' || c.indexOf('rgb') === 0) return c;
    if (Object.prototype.hasOwnProperty.call(NAMED, c)) return NAMED[c];
    return '#fff';
  }

  // JS Math.round: halves toward +Infinity.
  const round = Math.round;

  /*
   * Composition values that reach a command unchanged (layout frames, opacity, scales, font
   * fields, video ids) are emitted as given, as Daily does; but an object among them is copied
   * to at most PLAIN_DEPTH levels, so that no value the composition built (a structure nested
   * thousands deep) can make the host's JSON parser fail.
   */
  const PLAIN_DEPTH = 8;
  const plain = g.__vcs_plain;
  function prim(v) {
    return v !== null && typeof v === 'object' ? plain(v, PLAIN_DEPTH) : v;
  }
  const imageEntry = g.__vcs_nodes.imageEntry;
  function cleanFrame(f) {
    if (typeof f.x === 'number' && typeof f.y === 'number' && typeof f.w === 'number' && typeof f.h === 'number') return f;
    return { x: prim(f.x), y: prim(f.y), w: prim(f.w), h: prim(f.h) };
  }

  // ---------------------------------------------------------------- video layers

  function videoLayers(root) {
    const out = [];
    (function walk(node) {
      if (node.type === 'video' && node.layoutFrame) {
        const f = node.layoutFrame;
        f.x = round(f.x);
        f.y = round(f.y);
        f.w = round(f.w);
        f.h = round(f.h);
        const attrs = {};
        const r = node.style.cornerRadius_px;
        if (isFinite(r) && r >= 0.5) attrs.cornerRadiusPx = round(r);
        if (node.scaleMode) attrs.scaleMode = String(node.scaleMode);
        if (isFinite(node.zoom)) attrs.zoomFactor = prim(node.zoom);
        let op = 1;
        const bo = node.blend.opacity;
        if (isFinite(bo)) op = Math.min(1, Math.max(0, bo));
        if (op > 0) {
          if (op < 1) attrs.opacity = op;
          out.push({ type: 'video', id: prim(node.src), frame: f, attrs: attrs, node: node });
        }
      }
      for (let i = 0; i < node.children.length; i++) walk(node.children[i]);
    })(root);
    return out;
  }

  // ---------------------------------------------------------------- display list

  // Commands are only ever serialised, never mutated, so the argument-less ones are shared.
  const SAVE = ['save'];
  const RESTORE = ['restore'];
  const BARE = Object.create(null);

  function Emitter() {
    this.cmds = [];
  }
  Emitter.prototype.push = function (name, arg) {
    if (arg !== undefined) this.cmds.push([name, arg]);
    else this.cmds.push(BARE[name] || (BARE[name] = [name]));
  };
  Emitter.prototype.save = function () {
    this.cmds.push(SAVE);
  };
  // save/restore elision: a restore right after a save removes the save instead.
  Emitter.prototype.restore = function () {
    const cmds = this.cmds;
    if (cmds.length && cmds[cmds.length - 1] === SAVE) cmds.pop();
    else cmds.push(RESTORE);
  };

  function radiusFor(r, w, h) {
    return Math.min(r, 0.5 * Math.min(w, h));
  }

  function roundRectArgs(f, r) {
    const rr = radiusFor(r, f.w, f.h);
    return [f.x, f.y, f.w, f.h, rr, rr, rr, rr];
  }

  function fitToFrame(frame, cw, ch) {
    const ba = frame.w / frame.h;
    const ca = cw / ch;
    if (ba === ca) return frame;
    if (ba > ca) return { x: frame.x + (frame.w - frame.h * ca) / 2, y: frame.y, w: frame.h * ca, h: frame.h };
    return { x: frame.x, y: frame.y + (frame.h - frame.w / ca) / 2, w: frame.w, h: frame.w / ca };
  }

  function cropToFill(frame, cw, ch) {
    const ba = frame.w / frame.h;
    const ca = cw / ch;
    if (ba === ca) return { x: 0, y: 0, w: cw, h: ch };
    if (ba > ca) {
      const sh = cw / ba;
      return { x: 0, y: (ch - sh) / 2, w: cw, h: sh };
    }
    const sw = ch * ba;
    return { x: (cw - sw) / 2, y: 0, w: sw, h: ch };
  }

  function drawPx(style) {
    if (style.fontSize_gu > 0) return round(env.pxPerGu * style.fontSize_gu);
    if (style.fontSize_vh > 0) return round(env.viewport.h * style.fontSize_vh);
    return round(style.fontSize_px || 24);
  }

  function emitText(em, node, frame) {
    const tl = node.textLayout;
    if (!tl) return;
    const style = node.style;
    const color = encodeColor(style.textColor || 'white');
    const font = [prim(style.fontWeight || ''), prim(style.fontStyle || ''), drawPx(style), prim(style.fontFamily || 'Roboto')];
    let strokeW = NaN;
    if (style.strokeColor && style.strokeWidth_px) strokeW = parseFloat(style.strokeWidth_px);
    const hasStroke = isFinite(strokeW) && strokeW > 0;
    const size = tl.size;
    const lines = tl.lines;
    for (let li = 0; li < lines.length; li++) {
      const line = lines[li];
      const bx = frame.x + line.x;
      const by = frame.y + line.y;
      for (let ri = 0; ri < line.runs.length; ri++) {
        const run = line.runs[ri];
        if (run.e !== undefined) {
          em.push('fillStyle', '#ffffff');
          const X = round(bx + run.dx);
          const Y = round(by + 0 + tl.baseline);
          em.push('fillText_emoji', [run.e, X, round(Y - 0.1 * size), round(size * 0.83), round(size * 0.83)]);
          continue;
        }
        em.push('fillStyle', color);
        em.push('font', font); // shared: commands are only serialised, never mutated
        const x = round(bx + run.dx);
        const y = round(by + tl.baseline);
        if (hasStroke) {
          em.push('strokeStyle', encodeColor(style.strokeColor));
          em.push('lineWidth', strokeW);
          em.push('lineJoin', 'round');
          em.push('strokeText', [run.t, x, y]);
        }
        em.push('fillText', [run.t, x, y]);
      }
    }
  }

  function emitContent(em, node, frame) {
    const style = node.style;
    let fill = null;
    let stroke = null;
    let sw = NaN;
    let drawable = null;
    let fitFrame = frame;
    let srcRect = null;
    const isText = node.type === 'label';
    if (node.type === 'box') {
      fill = style.fillColor || null;
      stroke = style.strokeColor || null;
      sw = parseFloat(style.strokeWidth_px);
    } else if (node.type === 'image') {
      const entry = imageEntry(node.src);
      if (entry) drawable = entry;
      else fill = 'rgba(0, 150, 60, 0.5)';
    } else if (node.type === 'webframe') {
      const entry = env.images.__webframe;
      if (entry) drawable = { type: 'liveAsset', id: entry.id + '#' + node.liveAssetUpdateKey, width: entry.width, height: entry.height };
    }
    if (drawable || node.type === 'webframe') {
      const cw = node.type === 'webframe' ? node.viewportSize.w : drawable.width;
      const ch = node.type === 'webframe' ? node.viewportSize.h : drawable.height;
      if (cw > 0 && ch > 0) {
        if (node.scaleMode === 'fit') fitFrame = fitToFrame(frame, cw, ch);
        else if (node.scaleMode === 'fill') srcRect = cropToFill(frame, cw, ch);
      }
    }
    const r = style.cornerRadius_px;
    const hasRadius = isFinite(r) && r > 0;
    const text = isText ? node.text : null;
    const shapeClip = hasRadius && (fill || drawable || text) && !node.clip;
    if (shapeClip) {
      em.save();
      em.push('beginPath');
      em.push('roundRect', roundRectArgs(fitFrame, r));
      em.push('closePath');
      em.push('clip', []);
    }
    if (fill) {
      em.push('fillStyle', encodeColor(fill));
      em.push('fillRect', [fitFrame.x, fitFrame.y, fitFrame.w, fitFrame.h]);
    }
    if (drawable) {
      const asset = { type: drawable.type, id: drawable.id };
      if (srcRect) em.push('drawImage', [asset, srcRect.x, srcRect.y, srcRect.w, srcRect.h, fitFrame.x, fitFrame.y, fitFrame.w, fitFrame.h]);
      else em.push('drawImage', [asset, fitFrame.x, fitFrame.y, fitFrame.w, fitFrame.h]);
    }
    if (text) emitText(em, node, frame);
    if (node.type === 'emoji' && node.emoji) {
      em.push('fillStyle', '#ffffff');
      const y0 = frame.y + frame.h * 0.83;
      em.push('fillText_emoji', [node.emoji, frame.x, round(y0 + -0.1 * frame.h), round(0.83 * frame.w), round(0.83 * frame.h)]);
    }
    if (shapeClip) em.restore();
    if (node.type === 'box' && stroke && isFinite(sw) && sw > 0) {
      em.push('strokeStyle', encodeColor(stroke));
      em.push('lineWidth', sw);
      const inset = { x: fitFrame.x + sw / 2, y: fitFrame.y + sw / 2, w: fitFrame.w - sw, h: fitFrame.h - sw };
      if (hasRadius) {
        em.save();
        em.push('beginPath');
        em.push('roundRect', roundRectArgs(inset, r));
        em.push('closePath');
        em.push('stroke');
        em.restore();
      } else {
        em.push('strokeRect', [inset.x, inset.y, inset.w, inset.h]);
      }
    }
  }

  /*
   * One walk of §3.4. `walk.mode` is 'bg' (stop at the first video) or 'fg' (bypass everything
   * before `walk.continueAt`).
   */
  function emitNode(em, node, walk) {
    let write = true;
    let recurse = true;
    let bypassed = false;
    if (node.type === 'video') {
      if (walk.mode === 'bg') {
        walk.stopped = node;
        return;
      }
      write = false;
      recurse = false;
    }
    if (walk.continueAt && !walk.reached) {
      if (node === walk.continueAt) walk.reached = true;
      else {
        write = false;
        bypassed = true;
      }
    }
    const frame = node.layoutFrame ? cleanFrame(node.layoutFrame) : { x: 0, y: 0, w: 0, h: 0 };
    const r = node.style.cornerRadius_px;
    const hasRadius = isFinite(r) && r > 0;
    const a = write || recurse;
    if (a) {
      em.save();
      const t = node.transform;
      if (t) {
        let sx = t.scaleX !== undefined && t.scaleX !== null ? t.scaleX : 1;
        let sy = t.scaleY !== undefined && t.scaleY !== null ? t.scaleY : 1;
        const rot = t.rotate_deg !== undefined && t.rotate_deg !== null ? t.rotate_deg : 0;
        if (isFinite(t.scale)) {
          sx *= t.scale;
          sy *= t.scale;
        }
        if (Math.abs(rot) > 0.001 || sx !== 1 || sy !== 1) {
          const cx = frame.x + frame.w / 2;
          const cy = frame.y + frame.h / 2;
          em.push('translate', [cx, cy]);
          em.push('rotate', [(rot * Math.PI) / 180]);
          em.push('scale', [prim(sx), prim(sy)]);
          em.push('translate', [-cx, -cy]);
        }
      }
    }
    const b = node.clip;
    if (b) {
      em.save();
      em.push('beginPath');
      if (hasRadius) {
        em.push('roundRect', roundRectArgs(frame, r));
        em.push('closePath');
      } else {
        em.push('rect', [frame.x, frame.y, frame.w, frame.h]);
      }
      em.push('clip', []);
    }
    const op = node.blend.opacity;
    const c = isFinite(op);
    if (c) {
      em.save();
      em.push('globalAlpha', prim(op));
      if (op <= 0) write = false;
    }
    if (write) emitContent(em, node, frame);
    if (recurse && (write || bypassed)) {
      const ch = node.children;
      for (let i = 0; i < ch.length; i++) {
        emitNode(em, ch[i], walk);
        if (walk.stopped) break;
      }
    }
    if (a) em.restore();
    if (b) em.restore();
    if (c) em.restore();
  }

  /*
   * Emit one frame. Returns the four JSON strings joined by '\n' (JSON text never contains a
   * raw newline): video layers, flattened display list, background commands, foreground commands.
   */
  function emitFrame(root) {
    const vl = videoLayers(root);
    const bg = new Emitter();
    let continueAt = null;
    if (vl.length) {
      const walk = { mode: 'bg', stopped: null };
      emitNode(bg, root, walk);
      continueAt = walk.stopped;
    }
    const fg = new Emitter();
    emitNode(fg, root, { mode: 'fg', continueAt: continueAt, reached: false, stopped: null });
    const head = [];
    if (vl.length) {
      head.push(['save'], ['beginPath'], ['rect', [0, 0, env.viewport.w, env.viewport.h]]);
      vl.forEach(function (l) {
        const f = l.frame;
        const cr = l.attrs.cornerRadiusPx;
        if (cr > 0.5) {
          head.push(['roundRect', roundRectArgs(f, cr)]);
        } else {
          head.push(['rect', [f.x, f.y, f.w, f.h]]);
        }
      });
      head.push(['clip', ['evenodd']]);
    }
    const vlOut = vl.map(function (l) {
      return { type: l.type, id: l.id, frame: l.frame, attrs: l.attrs };
    });
    const bgJson = JSON.stringify(bg.cmds);
    const fgJson = JSON.stringify(fg.cmds);
    let flat;
    if (vl.length) {
      const headJson = JSON.stringify(head);
      const inner = bgJson.length > 2 ? headJson.slice(1, -1) + ',' + bgJson.slice(1, -1) + ',["restore"]' : headJson.slice(1, -1) + ',["restore"]';
      flat = '[' + inner + (fgJson.length > 2 ? ',' + fgJson.slice(1, -1) : '') + ']';
    } else {
      flat = fgJson;
    }
    const doc = '{"width":' + env.viewport.w + ',"height":' + env.viewport.h + ',"commands":' + flat + '}';
    return JSON.stringify(vlOut) + '\n' + doc + '\n' + bgJson + '\n' + fgJson;
  }

  g.__vcs_output = { emitFrame: emitFrame };
})(globalThis);
