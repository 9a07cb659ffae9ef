// Free text overlay, or a list of "highlight rows" with one row emphasised.
import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { highlightRow, highlightRowsPlacement, textOverlayPlacement } from '../layouts.js';
import {
  highlightIndex,
  latestMessage,
  paramGroup,
  parseHighlightLines,
  toNumber,
} from '../helpers.js';

// A stroke width of 0 means "default" here; an empty stroke colour removes the stroke.
const DEFAULT_STROKE_PX = 12;

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function TextOverlay({ params, standardSources, pxPerGu }) {
  const text = paramGroup(params, 'text');
  const style = textStyle(text, pxPerGu);
  const placement = {
    alignV: text('align_vertical'),
    offsetX: toNumber(text('offset_x_gu')) * pxPerGu,
    offsetY: toNumber(text('offset_y_gu')) * pxPerGu,
  };

  if (text('source') === 'highlightLines.items') {
    const lines = parseHighlightLines(params['highlightLines.items']);
    const current = highlightIndex(params['highlightLines.position']);
    const highlightStyle = {
      ...style,
      textColor: text('highlight.color') || 'yellow',
      fontWeight: text('highlight.fontWeight') || 700,
    };
    // Row spacing uses the font size param as given (no 2.5 gu fallback).
    const rowPitch = Math.ceil(toNumber(text('fontSize_gu')) * pxPerGu);
    return (
      <Box layout={[highlightRowsPlacement, { ...placement, rows: lines.length, rowPitch }]}>
        {lines.map((line, index) => (
          <Text
            key={index}
            style={index === current ? highlightStyle : style}
            layout={[highlightRow, { index, total: lines.length }]}
          >
            {line}
          </Text>
        ))}
      </Box>
    );
  }

  return (
    <Text
      style={style}
      transform={textTransform(text)}
      layout={[textOverlayPlacement, { ...placement, alignH: text('align_horizontal') }]}
    >
      {textContent(text, standardSources)}
    </Text>
  );
});

function textStyle(text, pxPerGu) {
  const strokeGu = text('stroke_gu');
  const strokeWidth = strokeGu ? strokeGu * pxPerGu : DEFAULT_STROKE_PX;
  const strokeColor = String(text('strokeColor') || '').trim();
  const style = {
    textColor: String(text('color') || '').trim() || 'rgba(255, 250, 200, 0.95)',
    fontFamily: text('fontFamily') || 'Roboto',
    fontWeight: text('fontWeight') || '500',
    fontStyle: text('fontStyle') || '',
    fontSize_gu: parseFloat(text('fontSize_gu')) || 2.5,
    textAlign: text('align_horizontal'),
  };
  if (strokeColor && strokeWidth > 0) {
    style.strokeColor = strokeColor;
    style.strokeWidth_px = strokeWidth;
  }
  return style;
}

// Rotation and horizontal stretch about the text's centre. A scale_x that does not parse
// leaves the stretch out instead of passing NaN to the renderer.
function textTransform(text) {
  const transform = { rotate_deg: toNumber(text('rotation_deg')) };
  const scaleX = isFinite(text('scale_x')) ? parseFloat(text('scale_x')) : 1;
  if (Number.isFinite(scaleX)) transform.scaleX = scaleX;
  return transform;
}

// "param" → the content param; a chat/transcript source → its newest message as
// "[Sender] text". A source the runtime does not offer keeps the content param.
function textContent(text, standardSources) {
  const source = text('source');
  if (source === 'param') return text('content');
  const message = latestMessage(standardSources, source);
  if (message === undefined) return text('content');
  if (!message) return '';
  const sender = message.senderDisplayName ? `[${message.senderDisplayName}] ` : '';
  return sender + (message.text || '');
}
