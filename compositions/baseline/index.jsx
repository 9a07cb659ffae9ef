// VCS Studio's baseline composition: a re-implementation, written from our specification
// (baseline.md), of the parameter interface and output of Daily's baseline composition.
//
// Tree: main ─┬─ bgBox       graphics behind the videos (image / web frame overlays)
//             ├─ videoBox    the video layout of the current mode, inset by the video margins
//             └─ graphicsBox graphics in front of the videos, later children on top
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { useGrid, useParams, useStandardSources, useViewportSize } from '#vcs-react/hooks';
import { RenderEngineType, RoomContext } from '#vcs-react/contexts';
import { pad } from '#vcs-stdlib/layouts';
import { compositionInterface } from './params.js';
import { withLegacyParams } from './legacy-params.js';
import { useParticipants } from './participants.js';
import { tileStyleFromParams } from './tile-style.js';
import { commonLayoutProps } from './decoration.js';
import { toNumber } from './helpers.js';
import { sidebarIsOnRight, sidebarSize_gu } from './sidebar-size.js';
import VideoSingle from './components/VideoSingle.js';
import VideoSplit from './components/VideoSplit.js';
import VideoGrid from './components/VideoGrid.js';
import VideoDominant from './components/VideoDominant.js';
import VideoPip from './components/VideoPip.js';
import TextOverlay from './components/TextOverlay.js';
import ImageOverlay from './components/ImageOverlay.js';
import WebFrameOverlay from './components/WebFrameOverlay.js';
import Banner from './components/Banner.js';
import Toast from './components/Toast.js';
import CustomOverlay from './components/CustomOverlay.js';
import { ClosingSlate, OpeningSlate, TitleSlate } from './components/Slate.js';
import Sidebar from './components/Sidebar.js';
import EmojiReactions from './components/EmojiReactions.js';
import DebugOverlay from './components/DebugOverlay.js';

export { compositionInterface };

// Grid tiles and dominant-mode chiclets glide to new positions and fade in/out when layout
// animations are on (they only take effect on boxes that carry these animation ids).
function tileAnimation(animationId) {
  return {
    animationId,
    properties: ['x', 'y', 'w', 'h'],
    predicate: 'frame-change-non-zero',
    function: 'ease-out',
    duration: 0.3,
    opacity: { appear: { duration: 0.3 }, disappear: { duration: 0.15 } },
  };
}
export const layoutAnimations = [tileAnimation('grid-item'), tileAnimation('chiclet')];

const VIDEO_LAYOUTS = {
  single: VideoSingle,
  split: VideoSplit,
  grid: VideoGrid,
  dominant: VideoDominant,
  pip: VideoPip,
};

export default function BaselineComposition() {
  const viewport = useViewportSize();
  const pxPerGu = useGrid().pixelsPerGridUnit;
  const rawParams = useParams();
  // Everything derived here is memoised: the root re-renders on every frame (time changes),
  // and stable props let the memoised layouts and overlays skip those renders.
  const params = React.useMemo(
    () => withLegacyParams(rawParams, viewport, pxPerGu),
    [rawParams, viewport, pxPerGu]
  );
  const standardSources = useStandardSources();
  const room = React.useContext(RoomContext);
  const selection = useParticipants(params);

  // The legacy GStreamer renderer cannot animate layouts.
  const animate =
    !!params.enableLayoutAnims && room.renderEngine !== RenderEngineType.LEGACY_GST;
  const tiles = React.useMemo(
    () => tileStyleFromParams(params, pxPerGu, animate),
    [params, pxPerGu, animate]
  );
  // The props Daily's layouts get, for the decorators a session may override.
  const layoutProps = React.useMemo(
    () => commonLayoutProps({ ...selection, tiles, params }),
    [selection, tiles, params]
  );
  const webFrameInLayout = isWebFrameInVideoLayout(params, selection.mode);
  const VideoLayout = VIDEO_LAYOUTS[selection.mode];
  const overlayProps = { params, standardSources, viewport, pxPerGu };

  // Switching zPosition moves an overlay to the other box, i.e. remounts it (no fade-in).
  const imageInFront = params['image.zPosition'] === 'foreground';
  const webFrameInFront = params['webFrame.zPosition'] === 'foreground';
  const imageOverlay = <ImageOverlay params={params} />;
  const webFrameOverlay = webFrameInLayout ? null : <WebFrameOverlay params={params} />;

  return (
    <Box id="main">
      <Box id="bgBox">
        {imageInFront ? null : imageOverlay}
        {webFrameInFront ? null : webFrameOverlay}
      </Box>
      <Box id="videoBox" layout={videoBoxLayout(params, viewport, pxPerGu)}>
        <VideoLayout
          {...selection}
          tiles={tiles}
          params={params}
          viewport={viewport}
          withWebFrame={webFrameInLayout}
          layoutProps={layoutProps}
        />
      </Box>
      <Box id="graphicsBox">
        {params.showTextOverlay ? <TextOverlay {...overlayProps} /> : null}
        {imageInFront ? imageOverlay : null}
        {webFrameInFront ? webFrameOverlay : null}
        <Banner {...overlayProps} />
        <Toast {...overlayProps} />
        <CustomOverlay />
        <TitleSlate params={params} />
        {params.showSidebar ? <Sidebar {...overlayProps} /> : null}
        {params.enableAutoOpeningSlate ? <OpeningSlate params={params} /> : null}
        <EmojiReactions {...overlayProps} />
        <ClosingSlate />
        {params['debug.showRoomState'] ? <DebugOverlay params={params} /> : null}
      </Box>
    </Box>
  );
}

// With dominant.includeWebFrame / pip.includeWebFrame and a URL, the web page takes the main
// area of the video layout and the web frame overlay is not used.
function isWebFrameInVideoLayout(params, mode) {
  if (!params['webFrame.url']) return false;
  return (
    (mode === 'dominant' && !!params['videoSettings.dominant.includeWebFrame']) ||
    (mode === 'pip' && !!params['videoSettings.pip.includeWebFrame'])
  );
}

// The video box is the output minus the video margins (gu), plus room for the sidebar when it
// shrinks the video layout. Without any margin it is the whole output (no layout function).
function videoBoxLayout(params, viewport, pxPerGu) {
  const margin = (side) => toNumber(params[`videoSettings.margin.${side}_gu`]);
  const pad_gu = { l: margin('left'), r: margin('right'), t: margin('top'), b: margin('bottom') };
  if (params.showSidebar && params['sidebar.shrinkVideoLayout']) {
    const size_gu = sidebarSize_gu(params, viewport, pxPerGu);
    if (sidebarIsOnRight(viewport)) pad_gu.r += size_gu;
    else pad_gu.b += size_gu;
  }
  if (!pad_gu.l && !pad_gu.r && !pad_gu.t && !pad_gu.b) return undefined;
  return [pad, { pad_gu }];
}
