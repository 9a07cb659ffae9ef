// Styles shared by every video tile of every mode (spec: baseline.md §2.3), computed once
// per render of the root from the videoSettings params.
import { paramGroup, toNumber } from './helpers.js';

// Label sizes are fixed pixels, not grid units: labels keep their size at any output size.
const LABEL_FONT_PX = 20;
const LABEL_STROKE_PX = 4;
// A highlight stroke of 0 would be invisible; it means "default" instead.
const DEFAULT_HIGHLIGHT_STROKE_PX = 4;

export function tileStyleFromParams(params, pxPerGu, animate) {
  const vs = paramGroup(params, 'videoSettings');
  const sizePct = vs('labels.fontSize_pct');
  const labelFontPx = sizePct ? (sizePct / 100) * LABEL_FONT_PX : LABEL_FONT_PX;
  const highlightStroke = vs('highlight.stroke_gu');

  return {
    radius: vs('roundedCorners') ? vs('cornerRadius_gu') * pxPerGu : 0,
    placeholderColor: vs('placeholder.bgColor') || '#008',
    highlightColor: vs('highlight.color') || '#fff',
    highlightWidth: highlightStroke ? highlightStroke * pxPerGu : DEFAULT_HIGHLIGHT_STROKE_PX,
    scaleModes: {
      camera: vs('scaleMode'),
      screenshare: vs('scaleModeForScreenshare'),
    },
    showLabels: !!vs('showParticipantLabels'),
    showMic: !!vs('showMicStatus'),
    labelStyle: {
      textColor: vs('labels.color') || 'white',
      fontFamily: vs('labels.fontFamily') || 'Roboto',
      fontWeight: vs('labels.fontWeight') || '600',
      fontSize_px: labelFontPx,
      strokeColor: vs('labels.strokeColor') || 'rgba(0, 0, 0, 0.9)',
      strokeWidth_px: LABEL_STROKE_PX,
    },
    labelFontPx,
    labelOffset: {
      offsetX: toNumber(vs('labels.offset_x_gu')) * pxPerGu,
      offsetY: toNumber(vs('labels.offset_y_gu')) * pxPerGu,
    },
    // Layout animations only need an id on the animated boxes.
    animate,
  };
}

// The scale mode a tile uses for a participant.
export function scaleModeFor(participant, scaleModes) {
  return participant.isScreenshare ? scaleModes.screenshare : scaleModes.camera;
}

export function hasLiveVideo(participant) {
  return !participant.isAudioOnly && !participant.paused && participant.videoId != null;
}

// Stable React key of a tile, so a participant keeps its tile when others come and go.
export function participantKey(participant) {
  return participant.isAudioOnly ? `audio-${participant.peerId}` : `video-${participant.videoId}`;
}
