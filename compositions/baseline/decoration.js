// Override points for sessions (baseline.md §9). A session may replace
// components/overrides/decorateVideo{Single,Split,Grid,Dominant,Pip}Item.js with its own file
// (recording-export.md §3). Those files are written for Daily's baseline, so they get the
// arguments Daily's baseline passes them: its participant descriptors and the props of its
// video layout components. This module builds those props from our own state and reads the
// decorator's answer; the Video* components call the decorators.
import { paramGroup, parseCommaList } from './helpers.js';

// The props every one of Daily's video layout components gets ("videoProps"): tile styles,
// the participants and the raw params that steer all modes.
export function commonLayoutProps({ participants, dominantVideoId, preferScreenshare, tiles, params }) {
  const vs = paramGroup(params, 'videoSettings');
  return {
    videoStyle: {
      cornerRadius_px: tiles.radius,
      highlightColor: tiles.highlightColor,
      highlightStrokeWidth_px: tiles.highlightWidth,
    },
    placeholderStyle: { fillColor: tiles.placeholderColor, cornerRadius_px: tiles.radius },
    videoLabelStyle: tiles.labelStyle,
    participantDescs: participants,
    dominantVideoId,
    preferScreenshare,
    showLabels: vs('showParticipantLabels'),
    showMicStatus: vs('showMicStatus'),
    scaleMode: vs('scaleMode'),
    scaleModeForScreenshare: vs('scaleModeForScreenshare'),
    zoomFactors: parseCommaList(vs('zoomFactorsList')),
    labelsOffset_px: { x: tiles.labelOffset.offsetX, y: tiles.labelOffset.offsetY },
  };
}

// The web page's settings as Daily's dominant and pip layouts receive them.
export function webFrameProps(params) {
  const wf = paramGroup(params, 'webFrame');
  return {
    src: wf('url'),
    viewportWidth_px: wf('viewportWidth_px'),
    viewportHeight_px: wf('viewportHeight_px'),
    positionCorner: wf('position'),
    fullScreen: wf('fullScreen'),
    height_gu: wf('height_gu'),
    margin_gu: wf('margin_gu'),
    opacity: wf('opacity'),
    enableFade: wf('enableFade'),
    keyPressActionKey: wf('keyPress.key'),
    keyPressActionName: wf('keyPress.keyName'),
    keyPressModifiers: wf('keyPress.modifiers'),
  };
}

// A decorator's answer with Daily's defaults for the fields it leaves out (only `undefined`
// takes the default, as with Daily's destructuring; a missing answer counts as an empty one).
export function readDecoration(answer) {
  const {
    enableDefaultLabels = true,
    enableDefaultHighlight = true,
    customComponent = null,
    clipItem = false,
    customLayoutForVideo,
  } = answer || {};
  return { enableDefaultLabels, enableDefaultHighlight, customComponent, clipItem, customLayoutForVideo };
}

// What the default decorator files answer: everything as without override points.
export const DEFAULT_DECORATION = readDecoration({});

// Style of a tile container that clips its content (decorators asking for `clipItem`).
export function clipStyle(decoration, radius) {
  return decoration.clipItem ? { cornerRadius_px: radius } : undefined;
}
