import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { pad } from '#vcs-stdlib/layouts';

// One agenda line; the current one is highlighted. Its height follows its text (content size).
export function AgendaItem({ text, index, current }) {
  return (
    <Box
      layout={[fitContentHeight]}
      style={{ fillColor: current ? 'rgba(255, 200, 60, 0.9)' : 'rgba(255, 255, 255, 0.12)', cornerRadius_px: 8 }}
    >
      <Box layout={[pad, { pad_gu: 0.6 }]}>
        <Text style={{ textColor: current ? '#1b1d2a' : 'white', fontWeight: current ? '700' : '400', fontSize_gu: 1.2 }}>
          {`${index + 1}. ${text}`}
        </Text>
      </Box>
    </Box>
  );
}

// The content size is the padded box around the text (a pad layout adds its padding back).
// In the first layout pass there is no content size yet: the frame must then be tall enough for
// the text to be measured at all (a Text frame lower than one line measures as empty).
function fitContentHeight(parentFrame, params, layoutCtx) {
  const content = layoutCtx.useContentSize();
  const h = content.h > 0 ? content.h : 5 * layoutCtx.pixelsPerGridUnit;
  return { x: parentFrame.x, y: parentFrame.y, w: parentFrame.w, h };
}
