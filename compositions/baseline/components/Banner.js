// Lower-third banner: optional icon, title and subtitle in a box that hugs its content.
import * as React from 'react';
import { Box, Text } from '#vcs-react/components';
import { pad } from '#vcs-stdlib/layouts';
import { bannerPlacement, verticalStack } from '../layouts.js';
import {
  highlightIndex,
  isNotPortrait,
  latestMessage,
  paramGroup,
  parseHighlightLines,
} from '../helpers.js';
import { MIN_OVERLAY_OPACITY, OVERLAY_FADE_SECS, useFadeOpacity } from '../fade.js';
import OverlayIcon from './OverlayIcon.js';

// Share of the output width the banner may take when the max-width params are 0/empty.
const FALLBACK_MAX_W = 0.55;
// Space between the icon and the text column.
const ICON_TEXT_GAP_GU = 2;

export default function Banner(props) {
  const { params } = props;
  const opacity = useFadeOpacity({
    show: params.showBannerOverlay,
    fade: !!params['banner.enableTransition'],
    duration: OVERLAY_FADE_SECS,
  });
  if (opacity < MIN_OVERLAY_OPACITY) return null;
  return <BannerBox {...props} opacity={opacity} />;
}

// Memoised: while the opacity and params stay the same, frames skip re-rendering the box.
const BannerBox = React.memo(function BannerBox({
  params,
  standardSources,
  viewport,
  pxPerGu,
  opacity,
}) {
  const banner = paramGroup(params, 'banner');
  const { title, subtitle } = bannerContent(params, standardSources);
  const showIcon = !!banner('showIcon');
  // NaN when empty: the icon then falls back to its own size and the text pad to none.
  const iconSize_gu = parseFloat(banner('icon.size_gu'));
  const strokeGu = banner('stroke_gu');
  const textStrokeGu = banner('text.stroke_gu');
  const rotation = banner('rotation_deg');

  const textStyle = {
    textColor: banner('text.color') || 'white',
    fontFamily: banner('text.fontFamily') || 'Roboto',
    strokeColor: banner('text.strokeColor'),
    strokeWidth_px: textStrokeGu > 0 ? textStrokeGu * pxPerGu : 0,
  };
  const boxStyle = {
    fillColor: banner('color'),
    strokeColor: banner('strokeColor'),
    strokeWidth_px: strokeGu > 0 ? strokeGu * pxPerGu : 0,
    cornerRadius_px: banner('cornerRadius_gu') * pxPerGu,
  };
  const placement = {
    maxW: viewport.w * maxWidthShare(banner, viewport),
    alwaysUseMaxW: !!banner('alwaysUseMaxW'),
    position: banner('position'),
    marginX: banner('margin_x_gu') * pxPerGu,
    marginY: banner('margin_y_gu') * pxPerGu,
  };

  return (
    <Box
      style={boxStyle}
      transform={rotation ? { rotate_deg: rotation } : undefined}
      clip
      blend={{ opacity }}
      layout={[bannerPlacement, placement]}
    >
      <Box layout={[pad, { pad_gu: banner('padding_gu') }]}>
        {showIcon ? (
          <OverlayIcon
            emoji={banner('icon.emoji')}
            assetName={banner('icon.assetName')}
            size_gu={iconSize_gu}
          />
        ) : null}
        <Box layout={[pad, { pad_gu: { l: showIcon ? iconSize_gu + ICON_TEXT_GAP_GU : 0 } }]}>
          <Box layout={[verticalStack, { interval_px: pxPerGu }]}>
            <Text
              style={{
                ...textStyle,
                fontSize_gu: banner('title.fontSize_gu'),
                fontWeight: banner('title.fontWeight'),
                fontStyle: banner('title.fontStyle'),
              }}
            >
              {title}
            </Text>
            {subtitle ? (
              <Text
                style={{
                  ...textStyle,
                  fontSize_gu: banner('subtitle.fontSize_gu'),
                  fontWeight: banner('subtitle.fontWeight'),
                  fontStyle: banner('subtitle.fontStyle'),
                }}
              >
                {subtitle}
              </Text>
            ) : null}
          </Box>
        </Box>
      </Box>
    </Box>
  );
});

function maxWidthShare(banner, viewport) {
  const pct = isNotPortrait(viewport) ? banner('maxW_pct_default') : banner('maxW_pct_portrait');
  return pct ? pct / 100 : FALLBACK_MAX_W;
}

function bannerContent(params, standardSources) {
  const source = params['banner.source'];
  if (source === 'param') {
    return { title: params['banner.title'], subtitle: params['banner.subtitle'] };
  }
  if (source === 'highlightLines.items') {
    // "Now" is the highlighted line, "Next" the one after it.
    const lines = parseHighlightLines(params['highlightLines.items']);
    const index = highlightIndex(params['highlightLines.position']);
    if (index < 0 || index >= lines.length) return { title: '', subtitle: '' };
    const next = lines[index + 1];
    return { title: `Now: ${lines[index]}`, subtitle: next ? `Next: ${next}` : '' };
  }
  const message = latestMessage(standardSources, source);
  return {
    title: (message && message.senderDisplayName) || '',
    subtitle: (message && message.text) || '',
  };
}
