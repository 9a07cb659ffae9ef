// Building blocks drawn inside video tiles of every mode.
import * as React from 'react';
import { Box, Image } from '#vcs-react/components';
import { centeredSquare, bottomLeftSquare } from '../layouts.js';
import { IMAGES } from '../params.js';

// Fixed pixel sizes: the icons do not scale with the output.
const PERSON_ICON_PX = 32;
const MIC_ICON_PX = 24;
const MIC_MARGIN_GU = 0.5;

// Stands in for a paused, audio-only or missing video: a filled tile, optionally with a
// person icon in the middle.
export function Placeholder({ tiles, radius, withIcon = true, layout }) {
  return (
    <Box style={{ fillColor: tiles.placeholderColor, cornerRadius_px: radius }} layout={layout}>
      {withIcon ? (
        <Image
          src={IMAGES.personIcon}
          scaleMode="fit"
          layout={[centeredSquare, { size_px: PERSON_ICON_PX }]}
        />
      ) : null}
    </Box>
  );
}

// Microphone state in the tile's bottom-left corner.
export function MicIcon({ muted }) {
  return (
    <Image
      src={muted ? IMAGES.micMuted : IMAGES.micActive}
      layout={[bottomLeftSquare, { size_px: MIC_ICON_PX, margin_gu: MIC_MARGIN_GU }]}
    />
  );
}
