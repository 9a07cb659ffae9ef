// Mode "single": the first participant fills the whole video box.
import * as React from 'react';
import SingleTile from './SingleTile.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoSingle({ participants, tiles }) {
  return <SingleTile participant={participants[0]} tiles={tiles} />;
});
