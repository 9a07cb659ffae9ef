// Mode "grid": every participant gets a tile in an automatic grid.
import * as React from 'react';
import { Box, Text, Video } from '#vcs-react/components';
import { grid } from '#vcs-stdlib/layouts';
import { gridLabel, tileLabel } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { hasLiveVideo, participantKey, scaleModeFor } from '../tile-style.js';
import { clipStyle, readDecoration } from '../decoration.js';
import { snugFitLayout } from './SingleTile.js';
import { Placeholder, MicIcon } from './tile-parts.js';
import decorateVideoGridItem from './overrides/decorateVideoGridItem.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoGrid({ participants, tiles, params, layoutProps }) {
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
  // What Daily's VideoGrid gets, for the session's decorator.
  const gridProps = {
    ...layoutProps,
    highlightDominant: vs('grid.highlightDominant'),
    itemInterval_gu: vs('grid.itemInterval_gu'),
    outerPadding_gu: vs('grid.outerPadding_gu'),
    preserveItemAspectRatio: vs('grid.preserveAspectRatio'),
    fullScreenHighlightItemIndex: fullScreenIndex,
    labelPlacement: vs('grid.labelPlacement'),
    enableLayoutAnims: tiles.animate,
  };

  return participants.map((participant, index) => {
    const decoration = readDecoration(decorateVideoGridItem(index, participant, gridProps));
    return (
      <Box
        key={participantKey(participant)}
        animationId={tiles.animate ? 'grid-item' : undefined}
        layout={fullScreen ? undefined : [grid, { ...gridParams, index }]}
        clip={decoration.clipItem}
        style={clipStyle(decoration, tiles.radius)}
      >
        <GridTile
          participant={participant}
          blend={fullScreen ? { opacity: index === fullScreenIndex ? 1 : 0 } : undefined}
          decoration={decoration}
          {...tileOptions}
        />
      </Box>
    );
  });
});

function GridTile({ participant, blend, decoration, tiles, total, showHighlight, labelInside }) {
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
          layout={decoration.customLayoutForVideo}
        />
      ) : (
        <Placeholder tiles={tiles} radius={tiles.radius} layout={decoration.customLayoutForVideo} />
      )}
      {decoration.enableDefaultLabels && tiles.showLabels && participant.displayName ? (
        <Text style={tiles.labelStyle} layout={labelLayout} clip>
          {participant.displayName}
        </Text>
      ) : null}
      {decoration.enableDefaultHighlight && showHighlight && participant.highlighted ? (
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
      {decoration.customComponent}
    </>
  );
}
