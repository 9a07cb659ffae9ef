// Layout functions of the panel-talk example. Pure functions of (parentFrame, params, ctx).
import { column, pad, splitVertical } from '#vcs-stdlib/layouts';

export function splitColumns(parentFrame, params, layoutCtx) {
  return splitVertical(pad(parentFrame, { pad_gu: 1 }, layoutCtx), params, layoutCtx);
}

// Children stacked top to bottom with a gap, inside a padded area.
export function stack(parentFrame, params, layoutCtx) {
  const pxPerGu = layoutCtx.pixelsPerGridUnit;
  layoutCtx.useChildStacking({ direction: 'y', interval_px: params.gap_gu * pxPerGu });
  const inner = pad(parentFrame, { pad_gu: 1 }, layoutCtx);
  return { x: inner.x, y: inner.y, w: inner.w, h: inner.h };
}

export function bottomStrip(parentFrame, params, layoutCtx) {
  const h = Math.min(parentFrame.h * 0.3, 8 * layoutCtx.pixelsPerGridUnit);
  return { x: parentFrame.x, y: parentFrame.y + parentFrame.h - h, w: parentFrame.w, h };
}

// Thumbnails side by side, each as wide as the strip allows.
export function stripItem(parentFrame, params, layoutCtx) {
  return column(parentFrame, { ...params, makeRow: true }, layoutCtx);
}

export function clock(parentFrame, params, layoutCtx) {
  const size = layoutCtx.useIntrinsicSize();
  const m = layoutCtx.pixelsPerGridUnit;
  return { x: parentFrame.x + m, y: parentFrame.y + parentFrame.h - size.h - m, w: size.w, h: size.h };
}
