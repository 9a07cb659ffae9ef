// Mode "split": the first two participants side by side (or stacked on portrait outputs).
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { splitVertical, splitHorizontal } from '#vcs-stdlib/layouts';
import { isNotPortrait, paramGroup, parseCommaList, toNumber } from '../helpers.js';
import SingleTile from './SingleTile.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoSplit({ participants, tiles, params, viewport }) {
  const vs = paramGroup(params, 'videoSettings');
  // Even a lone participant keeps the split geometry (its own half minus the margin).
  const count = Math.max(1, Math.min(participants.length, 2));
  const direction = vs('split.direction');
  const sideBySide =
    direction === 'vertical' || (direction !== 'horizontal' && isNotPortrait(viewport));
  const splitFn = sideBySide ? splitVertical : splitHorizontal;
  const zoomFactors = parseCommaList(vs('zoomFactorsList'));
  const scaleModeOverrides = parseCommaList(vs('split.scaleModeOverrides'));

  const items = [];
  for (let index = 0; index < count; index++) {
    const override = scaleModeOverrides[index];
    const scaleModes =
      override === undefined
        ? tiles.scaleModes
        : { camera: override || 'fill', screenshare: override || 'fill' };
    items.push(
      <Box
        key={`split-${index}`}
        layout={[splitFn, { index, pos: 1 / count, margin_gu: vs('split.margin_gu') }]}
      >
        <SingleTile
          participant={participants[index]}
          tiles={tiles}
          scaleModes={scaleModes}
          zoom={zoomFactor(zoomFactors[index])}
        />
      </Box>
    );
  }
  return items;
});

function zoomFactor(entry) {
  const zoom = toNumber(entry, 1);
  return zoom > 0 ? zoom : 1;
}
