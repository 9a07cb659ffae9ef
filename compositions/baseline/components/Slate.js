// Full-screen slates: the title slate (toggled by a param), the opening slate (shown when the
// stream starts) and the closing slate (black, while the stream is ending).
import * as React from 'react';
import { Box, Image, Text } from '#vcs-react/components';
import { useVideoPlaybackState, useVideoTime, PlaybackStateType } from '#vcs-react/hooks';
import { textInBand } from '../layouts.js';
import { paramGroup } from '../helpers.js';
import { SLATE_FADE_SECS, useFadeOpacity } from '../fade.js';

// Below this the slate is not drawn at all.
const MIN_SLATE_OPACITY = 0.001;
// The subtitle is centred in the lower 60 % of the output.
const SUBTITLE_BAND = { top: 0.4, height: 0.6 };
const TITLE_BAND = { top: 0, height: 1 };

export function TitleSlate({ params }) {
  const opacity = useFadeOpacity({
    show: params.showTitleSlate,
    fade: !!params['titleSlate.enableTransition'],
    duration: SLATE_FADE_SECS,
  });
  return <ConfiguredSlate group="titleSlate" params={params} opacity={opacity} />;
}

// Opaque for `duration_secs` from the start of the stream, then fades out.
export function OpeningSlate({ params }) {
  const t = useVideoTime();
  const duration = parseFloat(params['openingSlate.duration_secs']);
  const opacity = t < duration ? 1 : 1 - (t - duration) / SLATE_FADE_SECS;
  return <ConfiguredSlate group="openingSlate" params={params} opacity={opacity} />;
}

export function ClosingSlate() {
  const postroll = useVideoPlaybackState() === PlaybackStateType.POSTROLL;
  const opacity = useFadeOpacity({ show: postroll, fade: true, duration: SLATE_FADE_SECS });
  return <Slate opacity={opacity} bgColor="black" />;
}

// A slate styled by one of the slate param groups. Their fontStyle params are not applied.
function ConfiguredSlate({ group, params, opacity }) {
  const slate = paramGroup(params, group);
  const titleStyle = {
    textColor: slate('textColor') || 'white',
    fontFamily: slate('fontFamily') || 'Roboto',
    fontWeight: slate('fontWeight') || '500',
    fontSize_gu: slate('fontSize_gu') || 2.5,
    textAlign: 'center',
  };
  const subtitlePct = slate('subtitle.fontSize_pct');
  const subtitleStyle = {
    ...titleStyle,
    fontWeight: slate('subtitle.fontWeight') || '400',
    fontSize_gu: isFinite(subtitlePct)
      ? titleStyle.fontSize_gu * (subtitlePct / 100)
      : titleStyle.fontSize_gu,
  };
  return (
    <Slate
      opacity={opacity}
      bgColor={slate('bgColor')}
      bgImage={slate('bgImageAssetName')}
      title={slate('title')}
      subtitle={slate('subtitle')}
      titleStyle={titleStyle}
      subtitleStyle={subtitleStyle}
    />
  );
}

// An empty bgColor draws no background at all (only the texts).
function Slate({ opacity, bgColor, bgImage, title, subtitle, titleStyle, subtitleStyle }) {
  if (!(opacity >= MIN_SLATE_OPACITY)) return null;
  return (
    <Box style={{ fillColor: bgColor }} blend={{ opacity }}>
      {bgImage ? <Image src={bgImage} /> : null}
      {title ? (
        <Text style={titleStyle} layout={[textInBand, TITLE_BAND]}>
          {title}
        </Text>
      ) : null}
      {subtitle ? (
        <Text style={subtitleStyle} layout={[textInBand, SUBTITLE_BAND]}>
          {subtitle}
        </Text>
      ) : null}
    </Box>
  );
}
