// The live web page as an overlay in a corner or full screen, in front of or behind the videos.
import * as React from 'react';
import { cornerBox } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { MIN_OVERLAY_OPACITY, OVERLAY_FADE_SECS, useFadeOpacity } from '../fade.js';
import WebPage from './WebPage.js';

export default function WebFrameOverlay({ params }) {
  const wf = paramGroup(params, 'webFrame');
  const opacity = useFadeOpacity({
    show: params.showWebFrameOverlay,
    fade: !!wf('enableFade'),
    duration: OVERLAY_FADE_SECS,
    opacity: wf('opacity'),
  });
  if (opacity < MIN_OVERLAY_OPACITY) return null;

  // The on-screen box has the page's aspect ratio.
  const pageH = wf('viewportHeight_px');
  const layout = wf('fullScreen')
    ? undefined
    : [
        cornerBox,
        {
          position: wf('position'),
          aspectRatio: pageH ? wf('viewportWidth_px') / pageH : 1,
          height_gu: wf('height_gu'),
          margin_gu: wf('margin_gu'),
        },
      ];
  return <WebPage params={params} layout={layout} blend={{ opacity }} />;
}
