// Override point (baseline.md §9), mode "dominant": sessions may replace this file.
// Called with (isDominant, index, participant, props): true and 0 for the main area, false and
// the chiclet's index for a chiclet; the participant descriptor shown; the props of Daily's
// VideoDominant component. Answer fields as in decorateVideoSingleItem.js.
export default function decorateVideoDominantItem(isDominant, index, participant, props) {
  return { enableDefaultLabels: true, customComponent: null, clipItem: false, customLayoutForVideo: null };
}
