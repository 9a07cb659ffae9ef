// Mode "single": the first participant fills the whole video box.
import * as React from 'react';
import SingleTile from './SingleTile.js';
import { readDecoration } from '../decoration.js';
import decorateVideoSingleItem from './overrides/decorateVideoSingleItem.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoSingle({ participants, tiles, layoutProps }) {
  const participant = participants.length > 0 ? participants[0] : null;
  const decoration = readDecoration(decorateVideoSingleItem(participant, layoutProps));
  return <SingleTile participant={participant} tiles={tiles} decoration={decoration} />;
});
