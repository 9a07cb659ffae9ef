// Override point (baseline.md §9), mode "pip": sessions may replace this file.
// Called with (index, participant, props): 0 for the main video, 1 for the PiP window; the
// participant descriptor shown; the props of Daily's VideoPip component (for the main video with
// the fields its VideoSingle gets). Answer fields as in decorateVideoSingleItem.js.
export default function decorateVideoPipItem(index, participant, props) {
  return { enableDefaultLabels: true, customComponent: null, clipItem: false, customLayoutForVideo: null };
}
