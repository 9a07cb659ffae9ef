// Override point (baseline.md §9), mode "grid": sessions may replace this file.
// Called per tile with (itemIndex, itemProps, gridProps): the tile's index, its participant
// descriptor and the props of Daily's VideoGrid component (see ../../decoration.js).
// Answer fields as in decorateVideoSingleItem.js, plus enableDefaultHighlight (draw the outline
// of the active speaker's tile).
export default function decorateVideoGridItem(itemIndex, itemProps, gridProps) {
  return {
    enableDefaultLabels: true,
    enableDefaultHighlight: true,
    customComponent: null,
    clipItem: false,
    customLayoutForVideo: null,
  };
}
