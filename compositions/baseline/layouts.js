// Layout functions of the baseline composition: (parentFrame, params, layoutCtx) → frame.
// They must be pure and may run twice per frame (two layout passes). Functions used on Video
// nodes return plain {x, y, w, h} objects: every key of a Video's frame ends up in the
// video-layer JSON.
//
// Arithmetic is written in the order of the spec formulas on purpose: positions are not
// rounded, so a different association could move a video layer by one pixel after rounding.

// Inset from a tile's top-left corner to the start of its label / name text.
const LABEL_INSET_PX = 10;

function isTop(position) {
  return position === 'top-left' || position === 'top-right';
}
function isLeft(position) {
  return position === 'top-left' || position === 'bottom-left';
}

// Places a w×h box in a corner of `area`. Anything that is not a top corner goes to the bottom,
// anything that is not a left corner goes to the right.
function placeInCorner(area, w, h, position, marginX, marginY) {
  const x = isLeft(position) ? area.x + marginX : area.x + area.w - w - marginX;
  const y = isTop(position) ? area.y + marginY : area.y + area.h - h - marginY;
  return { x, y, w, h };
}

// A box of fixed height (gu) and aspect ratio in a corner: PiP window, image and web frame
// overlays. Only w/h are rounded.
export function cornerBox(parent, params, ctx) {
  const pxPerGu = ctx.pixelsPerGridUnit;
  const h = Math.round(params.height_gu * pxPerGu);
  const w = Math.round(params.aspectRatio * h);
  const margin = params.margin_gu * pxPerGu;
  return placeInCorner(parent, w, h, params.position, margin, margin);
}

// A fixed-size square centred in the parent (the person icon of placeholders).
export function centeredSquare(parent, { size_px }) {
  return {
    x: parent.x + (parent.w - size_px) / 2,
    y: parent.y + (parent.h - size_px) / 2,
    w: size_px,
    h: size_px,
  };
}

// A fixed-size square in the parent's bottom-left corner (mic status icon).
export function bottomLeftSquare(parent, { size_px, margin_gu }, ctx) {
  const margin = margin_gu * ctx.pixelsPerGridUnit;
  return {
    x: parent.x + margin,
    y: parent.y + parent.h - size_px - margin,
    w: size_px,
    h: size_px,
  };
}

// A square at the parent's top-left corner (banner and toast icons). A size that is not a
// number (the runtime drops NaN params) gives a 5 gu icon, as in Daily's version.
export function topLeftSquare(parent, { size_gu = 5 }, ctx) {
  const size = size_gu * ctx.pixelsPerGridUnit;
  return { x: parent.x, y: parent.y, w: size, h: size };
}

// Label of a full-size tile: the whole tile, shifted so the text starts 10 px in.
export function tileLabel(parent, { offsetX, offsetY }) {
  return {
    x: parent.x + LABEL_INSET_PX + offsetX,
    y: parent.y + LABEL_INSET_PX + offsetY,
    w: parent.w,
    h: parent.h,
  };
}

// One-line label of a small tile (dominant chiclets, PiP window).
export function smallTileLabel(parent, { offsetX, offsetY, fontSize_px }) {
  return {
    x: parent.x + LABEL_INSET_PX + offsetX,
    y: parent.y + LABEL_INSET_PX + offsetY,
    w: parent.w,
    h: Math.ceil(fontSize_px * 1.6),
  };
}

// One-line label of a grid tile, either just below the tile (in the gap between rows) or
// inside it along the bottom edge.
export function gridLabel(parent, { offsetX, offsetY, fontSize_px, inside }) {
  const h = Math.ceil(fontSize_px * 1.6);
  const x = parent.x + offsetX;
  const y = parent.y + offsetY;
  if (!inside) {
    return { x, y: y + parent.h + Math.round(fontSize_px * 0.1), w: parent.w, h };
  }
  const margin = Math.round(fontSize_px * 0.35);
  return {
    x: x + margin,
    y: y + parent.h - h - margin + Math.round(fontSize_px * 0.5),
    w: Math.max(0, parent.w - 2 * margin),
    h,
  };
}

// A frame given verbatim in the params (emoji particles).
export function fixedFrame(parent, { x, y, w, h }) {
  return { x, y, w, h };
}

// Text overlay in "param" mode: sized by the text's intrinsic (single block) size. Centre and
// right alignment use a full-width frame so the Text's own textAlign does the job.
export function textOverlayPlacement(parent, { alignH, alignV, offsetX, offsetY }, ctx) {
  const size = ctx.useIntrinsicSize();
  const w = alignH === 'center' || alignH === 'right' ? parent.w : size.w;
  return verticalPlacement(parent, w, size.h, alignV, offsetX, offsetY);
}

// Container of the text overlay's highlight rows: full width; rows are one `rowPitch` high
// with one `rowPitch` between them (no rows → full height).
export function highlightRowsPlacement(parent, { rows, rowPitch, alignV, offsetX, offsetY }) {
  const h = rows > 0 ? rows * rowPitch + (rows - 1) * rowPitch : parent.h;
  return verticalPlacement(parent, parent.w, h, alignV, offsetX, offsetY);
}

// The bottom alignment flips the y offset so positive values move away from the edge.
function verticalPlacement(parent, w, h, alignV, offsetX, offsetY) {
  const x = parent.x + offsetX;
  let y;
  if (alignV === 'center') y = parent.y + (parent.h - h) / 2 + offsetY;
  else if (alignV === 'bottom') y = parent.y + parent.h - h - offsetY;
  else y = parent.y + offsetY;
  return { x, y, w, h };
}

// Row `index` of `total` evenly spaced rows inside the highlight-rows container.
export function highlightRow(parent, { index, total }, ctx) {
  const pxPerGu = ctx.pixelsPerGridUnit;
  const pad = 0.5 * pxPerGu;
  const rowH = (parent.h - pad * (total + 1)) / total;
  return {
    x: parent.x + pad,
    y: parent.y + pad + index * (rowH + pad) + 1 * pxPerGu,
    w: parent.w - 2 * pad,
    h: rowH,
  };
}

// Banner box: hugs its content as measured in the first layout pass (which ran at maxW wide).
export function bannerPlacement(parent, params, ctx) {
  const { maxW, alwaysUseMaxW, position, marginX, marginY } = params;
  const content = ctx.useContentSize();
  let w = content.w > 0 ? content.w : maxW;
  const h = content.h > 0 ? content.h : parent.h - marginY;
  if (alwaysUseMaxW) w = maxW;
  return placeInCorner(parent, w, h, position, marginX, marginY);
}

// Toast box: hugs its content, always in the top-right corner.
export function toastPlacement(parent, { maxW, margin }, ctx) {
  const content = ctx.useContentSize();
  const w = content.w > 0 ? content.w : maxW;
  const h = content.h > 0 ? content.h : parent.h - 2 * margin;
  return placeInCorner(parent, w, h, 'top-right', margin, margin);
}

// Centres a short text block vertically (toast text next to a taller icon). Without a usable
// minimum height (NaN params are dropped) 1 gu is used, as in Daily's version.
export function centerIfShorter(parent, { minH_gu = 1 }, ctx) {
  const contentH = ctx.useContentSize().h;
  if (contentH > 0 && contentH < minH_gu * ctx.pixelsPerGridUnit) {
    return { x: parent.x, y: parent.y + (parent.h - contentH) / 2, w: parent.w, h: contentH };
  }
  return parent;
}

// Stacks children vertically with a gap. With keepEndVisible, content taller than the frame
// is moved up so its end stays visible (older sidebar lines scroll off the top).
export function verticalStack(parent, { interval_px, keepEndVisible }, ctx) {
  ctx.useChildStacking({ direction: 'y', interval_px });
  if (keepEndVisible) {
    const overflow = ctx.useContentSize().h - parent.h;
    if (overflow > 0) return { ...parent, y: parent.y - overflow };
  }
  return parent;
}

// Sidebar panel: along the right edge (landscape) or the bottom edge (portrait and square).
export function sidebarPanel(parent, { size_px, landscape }) {
  if (landscape) return { x: parent.x + parent.w - size_px, y: parent.y, w: size_px, h: parent.h };
  return { x: parent.x, y: parent.y + parent.h - size_px, w: parent.w, h: size_px };
}

// A text of intrinsic height centred vertically in a horizontal band of the parent
// (band given as fractions of the parent height). Slate title and subtitle.
export function textInBand(parent, { top, height }, ctx) {
  const textH = ctx.useIntrinsicSize().h;
  const bandY = parent.y + parent.h * top;
  const bandH = parent.h * height;
  return { x: parent.x, y: bandY + (bandH - textH) / 2, w: parent.w, h: textH };
}

// Horizontal bands of the debug overlay: the top `h_gu`, or everything below it.
export function topBand(parent, { h_gu }, ctx) {
  return { ...parent, h: h_gu * ctx.pixelsPerGridUnit };
}
export function belowTopBand(parent, { h_gu }, ctx) {
  const h = h_gu * ctx.pixelsPerGridUnit;
  return { ...parent, y: parent.y + h, h: parent.h - h };
}
