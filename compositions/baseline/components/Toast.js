// Toast notifications: short messages queued back to back in the top-right corner.
import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { useVideoTime } from '#vcs-react/hooks';
import { pad } from '#vcs-stdlib/layouts';
import { centerIfShorter, toastPlacement } from '../layouts.js';
import { isNotPortrait, latestMessage, paramGroup } from '../helpers.js';
import OverlayIcon from './OverlayIcon.js';

const MAX_QUEUED = 10;
const FADE_IN_SECS = 0.6;
const FADE_OUT_SECS = 0.5;
const DEFAULT_DURATION_SECS = 4;
// Used by the queue for a duration that does not parse (e.g. a non-numeric string).
const QUEUE_FALLBACK_SECS = 3;
const FALLBACK_MAX_W = 0.65;
const FONT_PX = 22;
const CORNER_RADIUS_PX = 24;
const BORDER_PX = 2;
const TEXT_STROKE_PX = 4;
// Text block height under which it is centred, when there is no icon to centre against.
const MIN_TEXT_BLOCK_GU = 3.5;

// Toasts in display order, on the video-time clock. Only the queue's first item is visible:
// a toast entering an empty queue fades in, later ones replace their predecessor instantly,
// and the last one fades out after its duration.
class ToastQueue {
  constructor() {
    this.items = [];
    this.lastKey = 0;
    this.time = undefined;
    this.fadeInStart = -Infinity;
  }

  advance(t) {
    if (t === this.time) return;
    this.time = t;
    // A lone toast is kept for its fade-out.
    const extra = this.items.length === 1 ? FADE_OUT_SECS : 0;
    this.items = this.items.filter((item) => item.start + item.duration + extra > t);
  }

  // Queues `toast` if its key is newer than the last accepted one. While the queue is full the
  // key is not recorded, so the same toast gets in once there is room.
  offer(toast) {
    if (this.items.length >= MAX_QUEUED || toast.key <= this.lastKey) return;
    this.lastKey = toast.key;
    const previous = this.items[this.items.length - 1];
    const start = previous ? previous.start + previous.duration : this.time;
    if (!previous) this.fadeInStart = start;
    this.items.push({ ...toast, start, duration: toast.duration || QUEUE_FALLBACK_SECS });
  }

  current() {
    const item = this.items[0];
    if (!item) return null;
    const t = this.time;
    let opacity = 1;
    if (t - this.fadeInStart < FADE_IN_SECS) {
      opacity = Math.max(0, (t - this.fadeInStart) / FADE_IN_SECS);
    } else if (t - item.start > item.duration) {
      opacity = 1 - Math.min(1, (t - item.start - item.duration) / FADE_OUT_SECS);
    }
    return { item, opacity };
  }
}

export default function Toast({ params, standardSources, viewport, pxPerGu }) {
  const t = useVideoTime();
  const queueRef = React.useRef(null);
  if (!queueRef.current) queueRef.current = new ToastQueue();
  const queue = queueRef.current;

  queue.advance(t);
  const candidate = latestToast(params, standardSources);
  if (candidate) queue.offer(candidate);
  const shown = queue.current();
  if (!shown) return null;
  // Not dropped at opacity 0: the box stays in the tree from the frame it is queued.
  return (
    <ToastBox
      toast={shown.item}
      opacity={shown.opacity}
      params={params}
      viewport={viewport}
      pxPerGu={pxPerGu}
    />
  );
}

// The toast the params or the chosen standard source currently ask for. Text, icon and
// duration are captured now; the look stays live.
function latestToast(params, standardSources) {
  const toast = paramGroup(params, 'toast');
  const common = {
    showIcon: !!toast('showIcon'),
    iconEmoji: toast('icon.emoji'),
    iconAssetName: toast('icon.assetName'),
    duration: parseFloat(toast('duration_secs') || DEFAULT_DURATION_SECS),
  };
  if (toast('source') === 'param') {
    return { ...common, key: parseInt(toast('key'), 10) || 0, text: toast('text') };
  }
  const message = latestMessage(standardSources, toast('source'));
  return message ? { ...common, key: message.key, text: message.text } : null;
}

// Memoised: frames between fades skip re-rendering the box.
const ToastBox = React.memo(function ToastBox({ toast, opacity, params, viewport, pxPerGu }) {
  const style = paramGroup(params, 'toast');
  // NaN when empty: the icon and the centring then use their own fallbacks, the text pad none.
  const iconSize_gu = parseFloat(style('icon.size_gu'));
  const { showIcon } = toast;
  const maxPct = isNotPortrait(viewport) ? style('maxW_pct_default') : style('maxW_pct_portrait');
  const maxW = Math.round(viewport.w * (maxPct ? maxPct / 100 : FALLBACK_MAX_W));
  const sizePct = style('text.fontSize_pct');
  // The text is centred against the icon (or a minimum height without one).
  const textBlockMinH_gu = showIcon ? iconSize_gu : MIN_TEXT_BLOCK_GU;
  const textPad_gu = {
    l: 1 + (showIcon ? iconSize_gu : 0),
    r: showIcon ? 1.5 : 1,
    t: showIcon ? 0 : 0.5,
    b: 0,
  };

  return (
    <Box
      style={{
        fillColor: style('color'),
        strokeColor: style('strokeColor'),
        strokeWidth_px: BORDER_PX,
        cornerRadius_px: CORNER_RADIUS_PX,
      }}
      clip
      blend={{ opacity }}
      layout={[toastPlacement, { maxW, margin: pxPerGu }]}
    >
      <Box layout={[pad, { pad_gu: 1 }]}>
        {showIcon ? (
          <OverlayIcon
            emoji={toast.iconEmoji}
            assetName={toast.iconAssetName}
            size_gu={iconSize_gu}
          />
        ) : null}
        <Box layout={[pad, { pad_gu: textPad_gu }]}>
          <Box layout={[centerIfShorter, { minH_gu: textBlockMinH_gu }]}>
            <Text
              style={{
                textColor: style('text.color') || 'white',
                fontFamily: style('text.fontFamily') || 'Roboto',
                fontWeight: style('text.fontWeight') || '500',
                fontSize_px: sizePct ? (sizePct / 100) * FONT_PX : FONT_PX,
                strokeColor: style('strokeColor'),
                strokeWidth_px: TEXT_STROKE_PX,
              }}
            >
              {toast.text}
            </Text>
          </Box>
        </Box>
      </Box>
    </Box>
  );
});
