// Sidebar panel with a list of lines (highlight lines or recent messages).
import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { pad } from '#vcs-stdlib/layouts';
import { sidebarPanel, verticalStack } from '../layouts.js';
import { highlightIndex, paramGroup, parseHighlightLines } from '../helpers.js';
import { sidebarIsOnRight, sidebarSize_gu } from '../sidebar-size.js';

const MAX_MESSAGES = 14;

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function Sidebar({ params, standardSources, viewport, pxPerGu }) {
  const sidebar = paramGroup(params, 'sidebar');
  const size_px = Math.ceil(sidebarSize_gu(params, viewport, pxPerGu) * pxPerGu);
  // sidebar.fontStyle is exposed but not applied, as in Daily's version.
  const textStyle = {
    textColor: sidebar('textColor') || 'white',
    fontFamily: sidebar('fontFamily') || 'Roboto',
    fontWeight: sidebar('fontWeight') || '400',
    fontSize_gu: sidebar('fontSize_gu') || 1,
  };
  const highlightStyle = {
    ...textStyle,
    textColor: sidebar('textHighlight.color') || 'yellow',
    fontWeight: sidebar('textHighlight.fontWeight') || '600',
  };
  const { lines, highlighted } = sidebarLines(params, standardSources);

  return (
    <Box
      style={{ fillColor: sidebar('bgColor') || 'black' }}
      clip
      layout={[sidebarPanel, { size_px, landscape: sidebarIsOnRight(viewport) }]}
    >
      <Box layout={[pad, { pad_gu: sidebar('padding_gu') }]}>
        <Box layout={[verticalStack, { interval_px: pxPerGu, keepEndVisible: true }]}>
          {lines.map((line, index) => (
            <Text key={index} style={index === highlighted ? highlightStyle : textStyle}>
              {line}
            </Text>
          ))}
        </Box>
      </Box>
    </Box>
  );
});

function sidebarLines(params, standardSources) {
  const source = params['sidebar.source'] || 'highlightLines.items';
  if (source === 'highlightLines.items') {
    return {
      lines: parseHighlightLines(params['highlightLines.items']),
      highlighted: highlightIndex(params['highlightLines.position']),
    };
  }
  const messages = (standardSources[source] && standardSources[source].latest) || [];
  // Daily's version joins "Name:" and the text with a space after the colon's own space
  // ("Name:  text", " text" without a sender); kept for identical output.
  const lines = messages
    .slice(-MAX_MESSAGES)
    .map((m) => `${m.senderDisplayName ? `${m.senderDisplayName}: ` : ''} ${m.text || ''}`);
  return { lines, highlighted: -1 };
}
