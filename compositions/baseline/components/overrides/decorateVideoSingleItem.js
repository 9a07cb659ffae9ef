// Override point (baseline.md §9), mode "single": sessions may replace this file.
// Called per render with (participant, props): the participant descriptor shown (null when
// there is none) and the props of Daily's VideoSingle component (see ../../decoration.js).
// Answer fields: enableDefaultLabels (draw our name label), customComponent (an element drawn
// last, above label and mic icon), clipItem (clip the tile to its rounded frame),
// customLayoutForVideo (a layout for the video or placeholder instead of the tile's).
export default function decorateVideoSingleItem(participant, props) {
  return { enableDefaultLabels: true, customComponent: null, clipItem: false, customLayoutForVideo: null };
}
