// Diagnostic printouts of the video inputs and the room, covering the whole output.
import * as React from 'react';
import { debug } from '#vcs-stdlib/components';
import { RoomContext } from '#vcs-react/contexts';
import { belowTopBand, topBand } from '../layouts.js';

const { MediaInputPrintout, RoomPrintout } = debug;
const INPUTS_BAND = { h_gu: 10 };
const HEADER_TEXT_COLOR = 'rgba(255, 255, 255, 0.68)';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function DebugOverlay({ params }) {
  const room = React.useContext(RoomContext);
  const bgOpacity = parseFloat(params['debug.overlayOpacity']) / 100;
  const common = { headerTextColor: HEADER_TEXT_COLOR, textSize_gu: 1, bgOpacity };
  return (
    <>
      <MediaInputPrintout
        layout={[topBand, INPUTS_BAND]}
        renderEnv={room.renderingEnvironment}
        {...common}
      />
      <RoomPrintout layout={[belowTopBand, INPUTS_BAND]} room={room} {...common} />
    </>
  );
});
