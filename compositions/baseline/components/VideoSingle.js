// Mode "single": the first participant fills the whole video box.
import * as React from 'react';
import SingleTile from './SingleTile.js';

export default function VideoSingle({ participants, tiles }) {
  return <SingleTile participant={participants[0]} tiles={tiles} />;
}
