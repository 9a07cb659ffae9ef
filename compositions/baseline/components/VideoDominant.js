// Mode "dominant": one main participant (normally the active speaker) in a large area and a
// strip of small "chiclets" for the others along one edge.
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { column, splitHorizontal, splitVertical } from '#vcs-stdlib/layouts';
import { paramGroup } from '../helpers.js';
import { findByVideoId } from '../participants.js';
import { participantKey } from '../tile-style.js';
import { clipStyle, readDecoration, webFrameProps } from '../decoration.js';
import SingleTile from './SingleTile.js';
import SmallTile from './SmallTile.js';
import WebPage from './WebPage.js';
import decorateVideoDominantItem from './overrides/decorateVideoDominantItem.js';

// Chiclet aspect ratio when the first chiclet's frame size is unknown.
const DEFAULT_ITEM_ASPECT = 16 / 9;

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoDominant(props) {
  const { participants, tiles, params, withWebFrame } = props;
  const vs = paramGroup(params, 'videoSettings');
  const edge = vs('dominant.position');
  const follow = !!vs('dominant.followDomFlag');
  const { main, chiclets, shownProps } = chooseMainAndChiclets({
    ...props,
    follow,
    maxItems: vs('dominant.numChiclets'),
  });
  // What Daily's VideoDominant gets, for the session's decorator.
  const dominantProps = {
    ...props.layoutProps,
    ...shownProps,
    positionEdge: edge,
    centerItems: vs('dominant.centerItems'),
    splitPos: vs('dominant.splitPos'),
    maxItems: vs('dominant.numChiclets'),
    followDominantFlag: vs('dominant.followDomFlag'),
    itemInterval_gu: vs('dominant.itemInterval_gu'),
    outerPadding_gu: vs('dominant.outerPadding_gu'),
    splitMargin_gu: vs('dominant.splitMargin_gu'),
    disableRoundedCornersOnMain: vs('dominant.sharpCornersOnMain'),
    includeWebFrame: withWebFrame,
    webFrameProps: webFrameProps(params),
    enableLayoutAnims: tiles.animate,
  };

  const single = withWebFrame ? participants.length === 0 : participants.length === 1;
  const dominantFirst = edge === 'left' || edge === 'top';
  // Any edge other than left/right (also an unknown one) stacks main and chiclets vertically.
  const alongY = edge !== 'left' && edge !== 'right';
  const splitFn = alongY ? splitHorizontal : splitVertical;
  // splitPos is the main area's share; split functions measure the first part.
  const splitPos = dominantFirst ? vs('dominant.splitPos') : 1 - vs('dominant.splitPos');
  const mainIndex = dominantFirst ? 0 : 1;
  const radius = vs('dominant.sharpCornersOnMain') ? 0 : tiles.radius;

  const mainArea = (
    <Box
      key="main"
      layout={
        single
          ? undefined
          : [splitFn, { index: mainIndex, pos: splitPos, margin_gu: vs('dominant.splitMargin_gu') }]
      }
    >
      {withWebFrame ? (
        <WebPage params={params} />
      ) : (
        <SingleTile
          participant={main}
          tiles={tiles}
          radius={radius}
          decoration={readDecoration(decorateVideoDominantItem(true, 0, main || undefined, dominantProps))}
        />
      )}
    </Box>
  );
  if (single) return mainArea;

  // The split margin only shrinks the main area.
  const chicletArea = (
    <Box key="chiclets" layout={[splitFn, { index: 1 - mainIndex, pos: splitPos }]}>
      <Chiclets chiclets={chiclets} makeRow={alongY} tiles={tiles} vs={vs} dominantProps={dominantProps} />
    </Box>
  );
  // Tree order follows the split order, so the video layers are listed left-to-right/top-down.
  return dominantFirst ? [mainArea, chicletArea] : [chicletArea, mainArea];
});

function Chiclets({ chiclets, makeRow, tiles, vs, dominantProps }) {
  const centerItems = !!vs('dominant.centerItems');
  const first = chiclets[0];
  const itemAspectRatio =
    centerItems && first && first.frameSize && first.frameSize.h > 0
      ? first.frameSize.w / first.frameSize.h
      : DEFAULT_ITEM_ASPECT;
  const columnParams = {
    // Without centring there are always numChiclets slots, starting at the top/left.
    total: centerItems ? chiclets.length : vs('dominant.numChiclets'),
    makeRow,
    center: centerItems,
    itemAspectRatio: centerItems ? itemAspectRatio : 0,
    innerMargin_gu: Math.max(0, vs('dominant.itemInterval_gu')),
    outerMargin_gu: Math.max(0, vs('dominant.outerPadding_gu')),
  };

  return chiclets.map((participant, index) => {
    const decoration = readDecoration(decorateVideoDominantItem(false, index, participant, dominantProps));
    return (
      <Box
        key={participantKey(participant)}
        animationId={tiles.animate ? 'chiclet' : undefined}
        layout={[column, { ...columnParams, index }]}
        clip={decoration.clipItem}
        style={clipStyle(decoration, tiles.radius)}
      >
        <SmallTile
          participant={participant}
          tiles={tiles}
          scaleMode={tiles.scaleModes.camera}
          decoration={decoration}
        />
      </Box>
    );
  });
}

// Picks the main participant and the ordered chiclet list (spec: baseline.md §4.5), and the
// participant list and dominant id as Daily's VideoDominant sees them (`shownProps`).
function chooseMainAndChiclets(props) {
  const { participants, dominantVideoId, hasScreenShare, preferScreenshare } = props;
  const { withWebFrame, follow, maxItems } = props;
  let list = participants;
  let mainId = dominantVideoId;
  let allowAudioDominant = true;
  let shownProps = { allowAudioDominant };

  if (hasScreenShare && follow && preferScreenshare) {
    // The screenshare (sorted first) takes the main area; the speaker heads the chiclets and
    // an audio-only speaker may not push the screenshare away.
    mainId = list.length > 0 ? list[0].videoId : null;
    // Falsy test on purpose: a dominant id 0 counts as "none" (Daily's behaviour).
    const domIndex = dominantVideoId ? list.findIndex((p) => p.videoId === dominantVideoId) : -1;
    if (domIndex > 0) {
      list = [list[domIndex], ...list.slice(0, domIndex), ...list.slice(domIndex + 1)];
    }
    allowAudioDominant = false;
    shownProps = { participantDescs: list, dominantVideoId: mainId, allowAudioDominant };
  }

  let main = null;
  let audioDominant = null;
  if (withWebFrame) {
    mainId = null;
  } else {
    if (allowAudioDominant) {
      audioDominant = list.find((p) => p.isAudioOnly && p.highlighted) || null;
    }
    if ((!follow || (!mainId && !audioDominant)) && list.length > 0) {
      mainId = list[0].videoId;
    }
    main = audioDominant || findByVideoId(list, mainId);
  }

  // Strict comparison here, unlike findByVideoId (as in Daily's version).
  let chiclets = list
    .filter((p) => p !== audioDominant && (p.videoId === null || p.videoId !== mainId))
    .slice(0, maxItems);
  if (follow) {
    // Speakers first; the truncation above already happened, as in Daily's version.
    chiclets = [...chiclets.filter((p) => p.highlighted), ...chiclets.filter((p) => !p.highlighted)];
  }
  return { main, chiclets, shownProps };
}
