// Mode "pip": one participant fills the video box, a second one sits in a small window in a
// corner. Everybody else is hidden.
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { cornerBox } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { findByVideoId } from '../participants.js';
import { clipStyle, readDecoration, webFrameProps } from '../decoration.js';
import SingleTile from './SingleTile.js';
import SmallTile from './SmallTile.js';
import WebPage from './WebPage.js';
import decorateVideoPipItem from './overrides/decorateVideoPipItem.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoPip(props) {
  const { tiles, params, withWebFrame } = props;
  const vs = paramGroup(params, 'videoSettings');
  const { main, pip } = chooseMainAndPip({ ...props, follow: !!vs('pip.followDomFlag') });
  const radius = vs('pip.sharpCornersOnMain') ? 0 : tiles.radius;
  // What Daily's VideoPip gets, for the session's decorator.
  const pipProps = {
    ...props.layoutProps,
    positionCorner: vs('pip.position'),
    aspectRatio: vs('pip.aspectRatio'),
    height_gu: vs('pip.height_gu'),
    margin_gu: vs('pip.margin_gu'),
    followDominantFlag: vs('pip.followDomFlag'),
    disableRoundedCornersOnMain: vs('pip.sharpCornersOnMain'),
    includeWebFrame: withWebFrame,
    webFrameProps: webFrameProps(params),
  };
  const mainProps = {
    ...pipProps,
    enableParticipantOverride: true,
    overrideParticipant: main,
    disableRoundedCorners: pipProps.disableRoundedCornersOnMain,
  };
  const pipDecoration = pip ? readDecoration(decorateVideoPipItem(1, pip, pipProps)) : null;
  const pipCustom = pipDecoration && pipDecoration.customComponent;

  return (
    <>
      <Box key="main">
        {withWebFrame ? (
          <WebPage params={params} />
        ) : (
          <SingleTile
            participant={main}
            tiles={tiles}
            radius={radius}
            decoration={readDecoration(decorateVideoPipItem(0, main, mainProps))}
          />
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
          clip={pipDecoration.clipItem}
          style={clipStyle(pipDecoration, tiles.radius)}
        >
          {/* The PiP window always fills: letterboxing would look broken at this size. */}
          <SmallTile
            participant={pip}
            tiles={tiles}
            scaleMode="fill"
            decoration={{ ...pipDecoration, customComponent: pipCustom ? <Box>{pipCustom}</Box> : null }}
          />
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
