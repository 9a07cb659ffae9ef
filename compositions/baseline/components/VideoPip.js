// Mode "pip": one participant fills the video box, a second one sits in a small window in a
// corner. Everybody else is hidden.
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { cornerBox } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { findByVideoId } from '../participants.js';
import SingleTile from './SingleTile.js';
import SmallTile from './SmallTile.js';
import WebPage from './WebPage.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoPip(props) {
  const { tiles, params, withWebFrame } = props;
  const vs = paramGroup(params, 'videoSettings');
  const { main, pip } = chooseMainAndPip({ ...props, follow: !!vs('pip.followDomFlag') });
  const radius = vs('pip.sharpCornersOnMain') ? 0 : tiles.radius;

  return (
    <>
      <Box key="main">
        {withWebFrame ? (
          <WebPage params={params} />
        ) : (
          <SingleTile participant={main} tiles={tiles} radius={radius} />
        )}
      </Box>
      {pip ? (
        <Box
          key="pip"
          layout={[
            cornerBox,
            {
              position: vs('pip.position'),
              aspectRatio: vs('pip.aspectRatio'),
              height_gu: vs('pip.height_gu'),
              margin_gu: vs('pip.margin_gu'),
            },
          ]}
        >
          {/* The PiP window always fills: letterboxing would look broken at this size. */}
          <SmallTile participant={pip} tiles={tiles} scaleMode="fill" />
        </Box>
      ) : null}
    </>
  );
});

// Picks who fills the video box and who goes into the window (spec: baseline.md §4.6).
function chooseMainAndPip({ participants, dominantVideoId, preferScreenshare, withWebFrame, follow }) {
  let main = withWebFrame ? null : participants[0] || null;
  let others;
  // Falsy test on purpose: a dominant id 0 does not count (Daily's behaviour).
  if (follow && dominantVideoId) {
    const dominant = findByVideoId(participants, dominantVideoId);
    if (withWebFrame) {
      others = [dominant];
    } else if (preferScreenshare && main && main.isScreenshare && dominant && !dominant.isScreenshare) {
      // A shared screen stays big; the speaker's camera goes into the window.
      others = [dominant];
    } else {
      main = dominant;
    }
  }
  if (!others) others = participants.filter((p) => p !== main);
  return { main, pip: others[0] || null };
}
