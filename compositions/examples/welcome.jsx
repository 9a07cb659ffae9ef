// A single-file example: a participant grid under a title bar, with a corner logo.
// Exercises Box, Text, Image, Video, stdlib layouts (grid, pad, splitHorizontal) and params.
import * as React from 'react';
import { Box, Image, Text, Video } from '#vcs-react/components';
import { useActiveVideo, useParams } from '#vcs-react/hooks';
import { grid, pad, splitHorizontal } from '#vcs-stdlib/layouts';

export const compositionInterface = {
  displayMeta: { name: 'Welcome', description: 'Title bar over a participant grid' },
  fontFamilies: ['Roboto', 'DMSans'],
  params: [
    { id: 'title.text', type: 'text', defaultValue: 'Welcome to the show' },
    { id: 'title.show', type: 'boolean', defaultValue: true },
    { id: 'title.color', type: 'enum', values: ['blue', 'purple', 'green'], defaultValue: 'blue' },
    { id: 'grid.rounded', type: 'boolean', defaultValue: true },
    { id: 'grid.showNames', type: 'boolean', defaultValue: true },
    { id: 'logo.size_gu', type: 'number', defaultValue: 4, step: 0.5 },
  ],
};

const BAR_COLORS = {
  blue: 'rgba(30, 60, 200, 0.85)',
  purple: 'rgba(110, 40, 170, 0.85)',
  green: 'rgba(20, 130, 80, 0.85)',
};

export default function Welcome() {
  const params = useParams();
  const showTitle = params.title.show;
  // The title bar takes the top 15 % of the frame; the grid gets the rest.
  const gridLayout = showTitle ? [splitHorizontal, { index: 1, pos: 0.15 }] : null;
  return (
    <Box id="welcome">
      <Box style={{ fillColor: '#101018' }} />
      <Participants layout={gridLayout} rounded={params.grid.rounded} showNames={params.grid.showNames} />
      {showTitle ? <TitleBar text={params.title.text} color={BAR_COLORS[params.title.color]} /> : null}
      <Image src="test_square" layout={[cornerLogo, { size_gu: params.logo.size_gu }]} />
    </Box>
  );
}

function Participants({ layout, rounded, showNames }) {
  const { activeIds, displayNamesById } = useActiveVideo();
  return (
    <Box id="participants" layout={layout}>
      {activeIds.map((id, index) => (
        <Box key={id} layout={[grid, { index, total: activeIds.length }]}>
          <Video src={id} style={{ cornerRadius_px: rounded ? 16 : 0 }} />
          {showNames && displayNamesById[id] ? (
            <Box layout={[nameTag]} style={{ fillColor: 'rgba(0, 0, 0, 0.6)', cornerRadius_px: 6 }}>
              {/* The padding sits on a wrapper Box: a padded box's content size includes its
                  padding, while a Text with its own pad layout would report only its children. */}
              <Box layout={[pad, { pad_gu: 0.4 }]}>
                <Text style={{ fontFamily: 'DMSans', fontWeight: '500', fontSize_gu: 0.9 }}>{displayNamesById[id]}</Text>
              </Box>
            </Box>
          ) : null}
        </Box>
      ))}
    </Box>
  );
}

function TitleBar({ text, color }) {
  return (
    <Box layout={[splitHorizontal, { index: 0, pos: 0.15 }]} style={{ fillColor: color }}>
      <Text layout={[pad, { pad_gu: { l: 1.5, t: 1 } }]} style={{ fontWeight: '700', fontSize_gu: 2.2 }}>
        {text}
      </Text>
    </Box>
  );
}

// A name tag in the tile's bottom-left corner, as wide as its text (content size of pass 0).
function nameTag(parentFrame, params, layoutCtx) {
  const pxPerGu = layoutCtx.pixelsPerGridUnit;
  const content = layoutCtx.useContentSize();
  // Tall enough for one line of 0.9 gu text plus its padding: a Text frame lower than one
  // line draws nothing (Daily's rule).
  const h = 2 * pxPerGu;
  const w = content.w > 0 ? content.w : 10 * pxPerGu;
  return { x: parentFrame.x + 0.5 * pxPerGu, y: parentFrame.y + parentFrame.h - h - 0.5 * pxPerGu, w, h };
}

function cornerLogo(parentFrame, params, layoutCtx) {
  const size = params.size_gu * layoutCtx.pixelsPerGridUnit;
  const margin = layoutCtx.pixelsPerGridUnit;
  return { x: parentFrame.x + parentFrame.w - size - margin, y: parentFrame.y + margin, w: size, h: size };
}
