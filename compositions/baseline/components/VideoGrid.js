// Mode "grid": every participant gets a tile in an automatic grid.
import * as React from 'react';
import { Box, Text, Video } from '#vcs-react/components';
import { grid } from '#vcs-stdlib/layouts';
import { gridLabel, tileLabel } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { hasLiveVideo, participantKey, scaleModeFor } from '../tile-style.js';
import { snugFitLayout } from './SingleTile.js';
import { Placeholder, MicIcon } from './tile-parts.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoGrid({ participants, tiles, params }) {
  const vs = paramGroup(params, 'videoSettings');
  const total = participants.length;
  // "Full-screen highlight": every tile covers the whole box and only the chosen live video is
  // visible. Other tiles keep their graphics (placeholders, labels stay drawn). The raw value
  // is compared as Daily's version does: an empty string switches the mode on but matches no
  // tile.
  const fullScreenIndex = vs('grid.fullScreenHighlightItemIndex');
  const fullScreen = fullScreenIndex >= 0;
  const gridParams = {
    total,
    innerMargin_gu: Math.max(-1, vs('grid.itemInterval_gu')),
    outerMargin_gu: Math.max(-1, vs('grid.outerPadding_gu')),
    preserveItemAspectRatio: !!vs('grid.preserveAspectRatio'),
  };
  const tileOptions = {
    tiles,
    total,
    showHighlight: !!vs('grid.highlightDominant'),
    labelInside: vs('grid.labelPlacement') === 'inside-at-bottom',
  };

  return participants.map((participant, index) => (
    <Box
      key={participantKey(participant)}
      animationId={tiles.animate ? 'grid-item' : undefined}
      layout={fullScreen ? undefined : [grid, { ...gridParams, index }]}
    >
      <GridTile
        participant={participant}
        blend={fullScreen ? { opacity: index === fullScreenIndex ? 1 : 0 } : undefined}
        {...tileOptions}
      />
    </Box>
  ));
});

function GridTile({ participant, blend, tiles, total, showHighlight, labelInside }) {
  const live = hasLiveVideo(participant);
  const scaleMode = scaleModeFor(participant, tiles.scaleModes);
  // The compositor letterboxes "fit" videos inside the tile; the outline hugs the picture.
  const outlineLayout = live ? snugFitLayout(participant, scaleMode) : undefined;
  const labelLayout =
    total > 1
      ? [gridLabel, { ...tiles.labelOffset, fontSize_px: tiles.labelFontPx, inside: labelInside }]
      : [tileLabel, tiles.labelOffset];

  return (
    <>
      {live ? (
        <Video
          src={participant.videoId}
          scaleMode={scaleMode}
          style={{ cornerRadius_px: tiles.radius }}
          blend={blend}
        />
      ) : (
        <Placeholder tiles={tiles} radius={tiles.radius} />
      )}
      {tiles.showLabels && participant.displayName ? (
        <Text style={tiles.labelStyle} layout={labelLayout} clip>
          {participant.displayName}
        </Text>
      ) : null}
      {showHighlight && participant.highlighted ? (
        <Box
          style={{
            strokeColor: tiles.highlightColor,
            strokeWidth_px: tiles.highlightWidth,
            cornerRadius_px: tiles.radius,
          }}
          layout={outlineLayout}
        />
      ) : null}
      {tiles.showMic ? <MicIcon muted={participant.audioPaused} /> : null}
    </>
  );
}
