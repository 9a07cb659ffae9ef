// Mode "split": the first two participants side by side (or stacked on portrait outputs).
import * as React from 'react';
import { Box } from '#vcs-react/components';
import { splitVertical, splitHorizontal } from '#vcs-stdlib/layouts';
import { isNotPortrait, paramGroup, parseCommaList, toNumber } from '../helpers.js';
import { readDecoration } from '../decoration.js';
import SingleTile from './SingleTile.js';
import decorateVideoSplitItem from './overrides/decorateVideoSplitItem.js';

// Memoised: re-renders only when its props change, not on every frame.
export default React.memo(function VideoSplit({ participants, tiles, params, viewport, layoutProps }) {
  const vs = paramGroup(params, 'videoSettings');
  // Even a lone participant keeps the split geometry (its own half minus the margin).
  const count = Math.max(1, Math.min(participants.length, 2));
  const direction = vs('split.direction');
  const sideBySide =
    direction === 'vertical' || (direction !== 'horizontal' && isNotPortrait(viewport));
  const splitFn = sideBySide ? splitVertical : splitHorizontal;
  const zoomFactors = parseCommaList(vs('zoomFactorsList'));
  const scaleModeOverrides = parseCommaList(vs('split.scaleModeOverrides'));
  // What Daily's VideoSplit gets, for the session's decorator.
  const splitProps = {
    ...layoutProps,
    margin_gu: vs('split.margin_gu'),
    splitDirection: direction,
    scaleModeOverrides,
  };

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
          decoration={readDecoration(decorateVideoSplitItem(index, participants[index], splitProps))}
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
