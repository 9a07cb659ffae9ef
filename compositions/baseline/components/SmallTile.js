// A small tile (dominant-mode chiclet, PiP window): video or placeholder, one-line label,
// mic icon, and what a session's decorator adds. Unlike the full-size tile the label is shown
// even for an empty name.
import * as React from 'react';
import { Text, Video } from '#vcs-react/components';
import { smallTileLabel } from '../layouts.js';
import { hasLiveVideo } from '../tile-style.js';
import { DEFAULT_DECORATION } from '../decoration.js';
import { Placeholder, MicIcon } from './tile-parts.js';

export default function SmallTile({ participant, tiles, scaleMode, decoration = DEFAULT_DECORATION }) {
  const videoLayout = decoration.customLayoutForVideo;
  return (
    <>
      {hasLiveVideo(participant) ? (
        <Video
          src={participant.videoId}
          scaleMode={scaleMode}
          style={{ cornerRadius_px: tiles.radius }}
          layout={videoLayout}
        />
      ) : (
        <Placeholder tiles={tiles} radius={tiles.radius} layout={videoLayout} />
      )}
      {decoration.enableDefaultLabels && tiles.showLabels ? (
        <Text
          style={tiles.labelStyle}
          layout={[smallTileLabel, { ...tiles.labelOffset, fontSize_px: tiles.labelFontPx }]}
        >
          {participant.displayName}
        </Text>
      ) : null}
      {tiles.showMic ? <MicIcon muted={participant.audioPaused} /> : null}
      {decoration.customComponent}
    </>
  );
}
