// The full-size tile used by single and split modes and by the main area of dominant and
// pip modes: video (or placeholder), name label at the top-left, mic icon, and what a session's
// decorator adds (../decoration.js).
import * as React from 'react';
import { Box, Text, Video } from '#vcs-react/components';
import { fit } from '#vcs-stdlib/layouts';
import { tileLabel } from '../layouts.js';
import { hasLiveVideo, scaleModeFor } from '../tile-style.js';
import { DEFAULT_DECORATION } from '../decoration.js';
import { Placeholder, MicIcon } from './tile-parts.js';

export default function SingleTile({
  participant,
  tiles,
  radius = tiles.radius,
  scaleModes = tiles.scaleModes,
  zoom = 1,
  decoration = DEFAULT_DECORATION,
}) {
  const custom = decoration.customComponent;
  if (!custom && (!participant || (participant.videoId == null && !participant.displayName))) {
    return <Placeholder tiles={tiles} radius={radius} withIcon={false} />;
  }
  const shown = participant || {};
  const scaleMode = scaleModeFor(shown, scaleModes);
  const videoLayout = decoration.customLayoutForVideo;

  const content = [
    hasLiveVideo(shown) ? (
      <Video
        key="video"
        src={shown.videoId}
        scaleMode={scaleMode}
        zoom={zoom}
        style={{ cornerRadius_px: radius }}
        layout={videoLayout || snugFitLayout(shown, scaleMode)}
      />
    ) : (
      <Placeholder key="placeholder" tiles={tiles} radius={radius} layout={videoLayout} />
    ),
    decoration.enableDefaultLabels && tiles.showLabels && shown.displayName ? (
      <Text key="label" style={tiles.labelStyle} layout={[tileLabel, tiles.labelOffset]}>
        {shown.displayName}
      </Text>
    ) : null,
    tiles.showMic ? <MicIcon key="mic" muted={shown.audioPaused} /> : null,
    custom ? <React.Fragment key="custom">{custom}</React.Fragment> : null,
  ];
  // A decorator asking for clipping gets the tile clipped to its rounded frame.
  return decoration.clipItem ? (
    <Box clip style={{ cornerRadius_px: radius }}>
      {content}
    </Box>
  ) : (
    content
  );
}

// In "fit" mode with a known frame size the video layer gets exactly the content's aspect,
// so the compositor draws no black bars inside the tile.
export function snugFitLayout(participant, scaleMode) {
  const frameSize = participant.frameSize;
  if (scaleMode !== 'fit' || !frameSize || !(frameSize.h > 0)) return undefined;
  return [fit, { contentAspectRatio: frameSize.w / frameSize.h }];
}
