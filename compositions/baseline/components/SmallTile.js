// A small tile (dominant-mode chiclet, PiP window): video or placeholder, one-line label,
// mic icon. Unlike the full-size tile the label is shown even for an empty name.
import * as React from 'react';
import { Text, Video } from '#vcs-react/components';
import { smallTileLabel } from '../layouts.js';
import { hasLiveVideo } from '../tile-style.js';
import { Placeholder, MicIcon } from './tile-parts.js';

export default function SmallTile({ participant, tiles, scaleMode }) {
  return (
    <>
      {hasLiveVideo(participant) ? (
        <Video
          src={participant.videoId}
          scaleMode={scaleMode}
          style={{ cornerRadius_px: tiles.radius }}
        />
      ) : (
        <Placeholder tiles={tiles} radius={tiles.radius} />
      )}
      {tiles.showLabels ? (
        <Text
          style={tiles.labelStyle}
          layout={[smallTileLabel, { ...tiles.labelOffset, fontSize_px: tiles.labelFontPx }]}
        >
          {participant.displayName}
        </Text>
      ) : null}
      {tiles.showMic ? <MicIcon muted={participant.audioPaused} /> : null}
    </>
  );
}
