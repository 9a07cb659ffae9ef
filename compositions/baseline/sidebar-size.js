// Sidebar geometry, shared by the sidebar itself and the video box (which can shrink to make
// room for it). Spec: baseline.md §5.8.

// Used when the size param does not divide to a finite number.
const FALLBACK_SHARE = 0.4;

// Landscape outputs get a panel on the right; portrait and square ones one at the bottom.
export function sidebarIsOnRight(viewport) {
  return viewport.w > viewport.h;
}

// The panel's size across its edge in grid units. An empty string divides to 0 (no panel),
// anything non-numeric falls back to 40 %.
export function sidebarSize_gu(params, viewport, pxPerGu) {
  const onRight = sidebarIsOnRight(viewport);
  let share = onRight
    ? params['sidebar.width_pct_landscape'] / 100
    : params['sidebar.height_pct_portrait'] / 100;
  if (!Number.isFinite(share)) share = FALLBACK_SHARE;
  return ((onRight ? viewport.w : viewport.h) / pxPerGu) * share;
}
