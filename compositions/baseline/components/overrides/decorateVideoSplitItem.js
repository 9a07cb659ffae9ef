// Override point (baseline.md §9), mode "split": sessions may replace this file.
// Called per half with (index, participant, props): 0 or 1, the participant descriptor shown
// there (undefined when there is none) and the props of Daily's VideoSplit component.
// Answer fields as in decorateVideoSingleItem.js.
export default function decorateVideoSplitItem(index, participant, props) {
  return { enableDefaultLabels: true, customComponent: null, clipItem: false, customLayoutForVideo: null };
}
