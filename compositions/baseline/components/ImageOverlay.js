// Image (or single emoji) overlay in a corner or full screen, in front of or behind the videos.
import * as React from 'react';
import { Emoji, Image } from '#vcs-react/components';
import { cornerBox } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { MIN_OVERLAY_OPACITY, OVERLAY_FADE_SECS, useFadeOpacity } from '../fade.js';

export default function ImageOverlay({ params }) {
  const image = paramGroup(params, 'image');
  const opacity = useFadeOpacity({
    show: params.showImageOverlay,
    fade: !!image('enableFade'),
    duration: OVERLAY_FADE_SECS,
    opacity: image('opacity'),
  });
  if (opacity < MIN_OVERLAY_OPACITY) return null;

  const fullScreen = !!image('fullScreen');
  const layout = fullScreen
    ? undefined
    : [
        cornerBox,
        {
          position: image('position'),
          aspectRatio: image('aspectRatio'),
          height_gu: image('height_gu'),
          margin_gu: image('margin_gu'),
        },
      ];
  const emoji = String(image('emoji') || '').trim();
  if (emoji) return <Emoji value={emoji} layout={layout} blend={{ opacity }} />;
  return (
    <Image
      src={image('assetName')}
      scaleMode={fullScreen ? image('fullScreenScaleMode') : 'fit'}
      layout={layout}
      blend={{ opacity }}
    />
  );
}
