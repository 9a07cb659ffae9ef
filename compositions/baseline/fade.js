// Show/hide fades driven by video time (image and web frame overlays, banner, slates).
import * as React from 'react';
import { useVideoTime } from '#vcs-react/hooks';
import { clamp } from './helpers.js';

export const OVERLAY_FADE_SECS = 0.35;
export const SLATE_FADE_SECS = 0.25;
// Overlays below one 8-bit alpha step are not rendered at all.
export const MIN_OVERLAY_OPACITY = 1 / 255;

// Opacity of an element whose visibility is `show`, fading linearly over `duration` seconds
// after each toggle when `fade` is on. The toggle time is kept in the component instance and
// recorded even while fading is off; it starts at -Infinity so an element that is shown from
// the start appears at once. A toggle during a fade restarts from the new toggle time.
// `show` is the raw param value: any change of value counts as a toggle (false → '' too).
export function useFadeOpacity({ show, fade, duration, opacity = 1 }) {
  const t = useVideoTime();
  const lastToggle = React.useRef({ show, t: -Infinity });
  if (lastToggle.current.show !== show) {
    lastToggle.current = { show, t };
  }

  const base = clamp(opacity, 0, 1);
  if (!fade) return show ? base : 0;
  const progress = Math.min(1, (t - lastToggle.current.t) / duration);
  return base * (show ? progress : 1 - progress);
}
