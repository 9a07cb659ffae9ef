// The full-size tile used by single and split modes and by the main area of dominant and
// pip modes: video (or placeholder), name label at the top-left, mic icon.
import * as React from 'react';
import { Text, Video } from '#vcs-react/components';
import { fit } from '#vcs-stdlib/layouts';
import { tileLabel } from '../layouts.js';
import { hasLiveVideo, scaleModeFor } from '../tile-style.js';
import { Placeholder, MicIcon } from './tile-parts.js';

export default function SingleTile({
  participant,
  tiles,
  radius = tiles.radius,
  scaleModes = tiles.scaleModes,
  zoom = 1,
}) {
  if (!participant || (participant.videoId == null && !participant.displayName)) {
    return <Placeholder tiles={tiles} radius={radius} withIcon={false} />;
  }
  const scaleMode = scaleModeFor(participant, scaleModes);

  return (
    <>
      {hasLiveVideo(participant) ? (
        <Video
          src={participant.videoId}
          scaleMode={scaleMode}
          zoom={zoom}
          style={{ cornerRadius_px: radius }}
          layout={snugFitLayout(participant, scaleMode)}
        />
      ) : (
        <Placeholder tiles={tiles} radius={radius} />
      )}
      {tiles.showLabels && participant.displayName ? (
        <Text style={tiles.labelStyle} layout={[tileLabel, tiles.labelOffset]}>
          {participant.displayName}
        </Text>
      ) : null}
      {tiles.showMic ? <MicIcon muted={participant.audioPaused} /> : null}
    </>
  );
}

// In "fit" mode with a known frame size the video layer gets exactly the content's aspect,
// so the compositor draws no black bars inside the tile.
export function snugFitLayout(participant, scaleMode) {
  const { w, h } = participant.frameSize;
  if (scaleMode !== 'fit' || !(h > 0)) return undefined;
  return [fit, { contentAspectRatio: w / h }];
}
