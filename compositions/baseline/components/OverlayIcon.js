// Square icon at the top-left of its parent (banner and toast): an emoji, or an image asset
// when only an asset name is given.
import * as React from 'react';
import { Emoji, Image } from '#vcs-react/components';
import { topLeftSquare } from '../layouts.js';

export default function OverlayIcon({ emoji, assetName, size_gu }) {
  const layout = [topLeftSquare, { size_gu }];
  const emojiValue = String(emoji || '').trim();
  if (emojiValue || !assetName) return <Emoji value={emojiValue} layout={layout} />;
  return <Image src={assetName} layout={layout} />;
}
