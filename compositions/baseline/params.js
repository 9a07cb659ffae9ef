// The parameter interface of the baseline composition (spec: baseline.md §1).
// Ids, types, defaults, enum values, steps and order are part of the public contract:
// hosts and saved sessions address params by id, and UIs list them in this order.

const FONTS_ALL = [
  'Roboto',
  'RobotoCondensed',
  'Anton',
  'Bangers',
  'Bitter',
  'DMSans',
  'Exo',
  'Magra',
  'PermanentMarker',
  'SuezOne',
  'Teko',
];

// Families that stay legible at label/toast sizes.
const FONTS_SMALL = [
  'Roboto',
  'RobotoCondensed',
  'Bitter',
  'DMSans',
  'Exo',
  'Magra',
  'SuezOne',
  'Teko',
];

const WEIGHTS = ['100', '200', '300', '400', '500', '600', '700', '800', '900'];
const CORNERS = ['top-left', 'top-right', 'bottom-left', 'bottom-right'];
const EDGES = ['left', 'right', 'top', 'bottom'];
const SCALE_MODES = ['fill', 'fit'];
const FONT_STYLES = ['normal', 'italic'];
const TEXT_SOURCES = ['param', 'highlightLines.items', 'chatMessages', 'transcript'];

// Param constructors. `extra` may hold `step`, `help` (→ shortHelpText) and other UI hints.
function param(type, id, defaultValue, extra = {}) {
  const { help, ...hints } = extra;
  const desc = { id, type, defaultValue, ...hints };
  if (help) desc.shortHelpText = help;
  return desc;
}
const bool = (id, defaultValue, extra) => param('boolean', id, defaultValue, extra);
const num = (id, defaultValue, extra) => param('number', id, defaultValue, extra);
const text = (id, defaultValue, extra) => param('text', id, defaultValue, extra);
const choice = (id, defaultValue, values, extra) =>
  param('enum', id, defaultValue, { values, ...extra });

// Prefixes every id of a group with "group." (the runtime then also exposes params.group.sub).
function group(name, params) {
  return params.map((p) => ({ ...p, id: `${name}.${p.id}` }));
}

// Font style enums deliberately default to '' (not one of the values): an empty style is what
// the renderer treats as upright, and saved sessions rely on the exact default.
const fontStyle = (id) => choice(id, '', FONT_STYLES);

const mainParams = [
  choice('mode', 'grid', ['single', 'split', 'grid', 'dominant', 'pip']),
  bool('showTextOverlay', false),
  bool('showImageOverlay', false),
  bool('showBannerOverlay', false),
  bool('showWebFrameOverlay', false),
  bool('showSidebar', false),
  bool('showTitleSlate', false),
  bool('enableAutoOpeningSlate', false, {
    help: 'Shown when the stream starts, then removes itself. Stop and restart the stream to preview it.',
  }),
  bool('enableLayoutAnims', false, {
    help: 'Animate the video layout when it changes, e.g. when participants join or leave.',
  }),
];

const videoSettingsParams = group('videoSettings', [
  num('maxCamStreams', 25, {
    help: 'Upper limit on camera (non-screenshare) streams included in the output.',
  }),
  text('preferredParticipantIds', ''),
  bool('preferScreenshare', false),
  bool('omitPausedVideo', false),
  bool('omitAudioOnly', false),
  bool('omitExtraScreenshares', false),
  text('filterForUnpausedMediaTypes', ''),
  bool('showParticipantLabels', false),
  bool('showMicStatus', false),
  bool('roundedCorners', false),
  num('cornerRadius_gu', 1.2, { step: 0.1 }),
  choice('scaleMode', 'fill', SCALE_MODES),
  choice('scaleModeForScreenshare', 'fit', SCALE_MODES),
  text('zoomFactorsList', '', { experimental: true }),
  text('placeholder.bgColor', 'rgb(0, 50, 80)'),
  text('highlight.color', 'rgb(255, 255, 255)'),
  num('highlight.stroke_gu', 0.2, { step: 0.05 }),
  num('split.margin_gu', 0, { step: 0.1 }),
  choice('split.direction', 'auto-by-viewport', ['auto-by-viewport', 'vertical', 'horizontal']),
  text('split.scaleModeOverrides', ''),
  bool('grid.useDominantForSharing', false),
  num('grid.itemInterval_gu', -1, { step: 0.1 }),
  num('grid.outerPadding_gu', -1, { step: 0.1 }),
  bool('grid.highlightDominant', true),
  bool('grid.preserveAspectRatio', true),
  num('grid.fullScreenHighlightItemIndex', -1, { step: 1 }),
  choice('grid.labelPlacement', 'below', ['below', 'inside-at-bottom']),
  choice('dominant.position', 'left', EDGES),
  bool('dominant.centerItems', false),
  num('dominant.splitPos', 0.8, { step: 0.1 }),
  num('dominant.numChiclets', 5),
  bool('dominant.followDomFlag', true),
  num('dominant.itemInterval_gu', 0.7, { step: 0.1 }),
  num('dominant.outerPadding_gu', 0.5, { step: 0.1 }),
  num('dominant.splitMargin_gu', 0, { step: 0.1 }),
  bool('dominant.sharpCornersOnMain', true),
  bool('dominant.includeWebFrame', false),
  choice('pip.position', 'top-right', CORNERS),
  num('pip.aspectRatio', 1, { step: 0.1 }),
  num('pip.height_gu', 12, { step: 1 }),
  num('pip.margin_gu', 1.5, { step: 0.1 }),
  bool('pip.followDomFlag', false),
  bool('pip.sharpCornersOnMain', true),
  bool('pip.includeWebFrame', false),
  choice('labels.fontFamily', 'Roboto', FONTS_SMALL),
  choice('labels.fontWeight', '600', WEIGHTS),
  num('labels.fontSize_pct', 100),
  num('labels.offset_x_gu', 0, { step: 0.1 }),
  num('labels.offset_y_gu', 0, { step: 0.1 }),
  text('labels.color', 'white'),
  text('labels.strokeColor', 'rgba(0, 0, 0, 0.9)'),
  num('margin.left_gu', 0, { step: 1 }),
  num('margin.right_gu', 0, { step: 1 }),
  num('margin.top_gu', 0, { step: 1 }),
  num('margin.bottom_gu', 0, { step: 1 }),
]);

const textParams = group('text', [
  text('content', 'An example text overlay'),
  choice('source', 'param', TEXT_SOURCES, {
    help: 'Take the text from a standard source such as the transcript instead of the "content" param.',
  }),
  choice('align_horizontal', 'center', ['left', 'right', 'center']),
  choice('align_vertical', 'center', ['top', 'bottom', 'center']),
  num('offset_x_gu', 0, { step: 0.1 }),
  num('offset_y_gu', 0, { step: 0.1 }),
  num('scale_x', 1, { step: 0.1 }),
  num('rotation_deg', 0),
  choice('fontFamily', 'DMSans', FONTS_ALL),
  choice('fontWeight', '400', WEIGHTS),
  fontStyle('fontStyle'),
  num('fontSize_gu', 2.5, { step: 0.1 }),
  text('color', 'rgba(255, 250, 200, 0.95)'),
  text('strokeColor', 'rgba(0, 0, 0, 0.8)'),
  num('stroke_gu', 0.5, { step: 0.05 }),
  text('highlight.color', 'rgba(255, 255, 0, 1)'),
  choice('highlight.fontWeight', '700', WEIGHTS),
]);

const imageParams = group('image', [
  text('assetName', 'overlay.png'),
  text('emoji', '', { help: 'When set, this single emoji is drawn in place of the image asset.' }),
  choice('position', 'top-right', CORNERS),
  choice('zPosition', 'foreground', ['foreground', 'background']),
  bool('fullScreen', false),
  choice('fullScreenScaleMode', 'fit', SCALE_MODES),
  num('aspectRatio', 1.778, { step: 0.1 }),
  num('height_gu', 12, { step: 1 }),
  num('margin_gu', 1.5, { step: 0.1 }),
  num('opacity', 1, { step: 0.1 }),
  bool('enableFade', true),
]);

const webFrameParams = group('webFrame', [
  text('url', ''),
  num('viewportWidth_px', 1280, { step: 1 }),
  num('viewportHeight_px', 720, { step: 1 }),
  choice('position', 'top-right', CORNERS),
  choice('zPosition', 'foreground', ['foreground', 'background']),
  bool('fullScreen', false),
  num('height_gu', 12, { step: 1 }),
  num('margin_gu', 1.5, { step: 0.1 }),
  num('opacity', 1, { step: 0.1 }),
  bool('enableFade', true),
  text('keyPress.keyName', 'ArrowRight'),
  text('keyPress.modifiers', ''),
  num('keyPress.key', 0, { help: 'Each change of this value sends one key press to the web page.' }),
]);

const bannerParams = group('banner', [
  text('title', 'Hello world'),
  text('subtitle', 'This is an example subtitle'),
  choice('source', 'param', TEXT_SOURCES, {
    help: 'Take the banner content from a standard source such as the transcript.',
  }),
  choice('position', 'bottom-left', CORNERS),
  bool('enableTransition', true),
  num('margin_x_gu', 0, { step: 0.5 }),
  num('margin_y_gu', 1, { step: 0.5 }),
  num('padding_gu', 2, { step: 0.1 }),
  bool('alwaysUseMaxW', false),
  num('maxW_pct_default', 65),
  num('maxW_pct_portrait', 90),
  num('rotation_deg', 0),
  num('cornerRadius_gu', 0, { step: 0.1 }),
  bool('showIcon', true),
  text('icon.assetName', ''),
  text('icon.emoji', '🎉', { help: 'When set, this single emoji is the icon instead of an image asset.' }),
  num('icon.size_gu', 3),
  text('color', 'rgba(50, 60, 200, 0.9)'),
  text('strokeColor', 'rgba(0, 0, 30, 0.44)'),
  num('stroke_gu', 0, { step: 0.05 }),
  text('text.color', 'white'),
  text('text.strokeColor', 'rgba(0, 0, 0, 0.1)'),
  num('text.stroke_gu', 0.5, { step: 0.05 }),
  choice('text.fontFamily', 'Roboto', FONTS_ALL),
  num('title.fontSize_gu', 2, { step: 0.1 }),
  choice('title.fontWeight', '500', WEIGHTS),
  fontStyle('title.fontStyle'),
  num('subtitle.fontSize_gu', 1.5, { step: 0.1 }),
  choice('subtitle.fontWeight', '300', WEIGHTS),
  fontStyle('subtitle.fontStyle'),
]);

const toastParams = group('toast', [
  num('key', 0, { help: 'Increase this value to send a new toast.' }),
  text('text', 'Hello world'),
  choice('source', 'param', ['param', 'chatMessages', 'transcript'], {
    help: 'Take toasts from a standard source such as the transcript.',
  }),
  num('duration_secs', 4),
  num('maxW_pct_default', 50),
  num('maxW_pct_portrait', 80),
  bool('showIcon', true),
  text('icon.assetName', ''),
  text('icon.emoji', '🎉', { help: 'When set, this single emoji is the icon instead of an image asset.' }),
  num('icon.size_gu', 3),
  text('color', 'rgba(15, 50, 110, 0.6)'),
  text('strokeColor', 'rgba(0, 0, 30, 0.44)'),
  text('text.color', 'white'),
  choice('text.fontFamily', 'Roboto', FONTS_SMALL),
  choice('text.fontWeight', '500', WEIGHTS),
  num('text.fontSize_pct', 100),
]);

// Both slates share the same look params; only the opening slate has a duration and only the
// title slate a transition switch.
const slateLookParams = [
  text('bgImageAssetName', ''),
  text('bgColor', 'rgba(0, 0, 0, 1)'),
  text('textColor', 'rgba(255, 255, 255, 1)'),
  choice('fontFamily', 'Bitter', FONTS_ALL),
  choice('fontWeight', '500', WEIGHTS),
  fontStyle('fontStyle'),
  num('fontSize_gu', 2.5, { step: 0.1 }),
  num('subtitle.fontSize_pct', 75, { step: 1 }),
  choice('subtitle.fontWeight', '400', WEIGHTS),
];

const openingSlateParams = group('openingSlate', [
  num('duration_secs', 4, { help: 'How long the slate stays up after the stream starts.' }),
  text('title', 'Welcome'),
  text('subtitle', ''),
  ...slateLookParams,
]);

const titleSlateParams = group('titleSlate', [
  bool('enableTransition', true),
  text('title', 'Title slate'),
  text('subtitle', 'Subtitle'),
  ...slateLookParams,
]);

const sidebarParams = group('sidebar', [
  bool('shrinkVideoLayout', false),
  choice('source', 'highlightLines.items', ['highlightLines.items', 'chatMessages', 'transcript'], {
    help: 'Where the sidebar lines come from.',
  }),
  num('padding_gu', 1.5, { step: 0.1 }),
  num('width_pct_landscape', 30),
  num('height_pct_portrait', 25, {
    help: 'On portrait and square outputs the sidebar runs along the bottom; this is its height.',
  }),
  text('bgColor', 'rgba(0, 0, 50, 0.55)'),
  text('textColor', 'rgba(255, 255, 255, 0.94)'),
  choice('fontFamily', 'DMSans', FONTS_ALL),
  choice('fontWeight', '300', WEIGHTS),
  fontStyle('fontStyle'),
  num('fontSize_gu', 1.4, { step: 0.1 }),
  text('textHighlight.color', 'rgba(255, 230, 0, 1)'),
  choice('textHighlight.fontWeight', '600', WEIGHTS),
]);

const highlightLinesParams = group('highlightLines', [
  text('items', 'Introduction\nNotes from the conference\nInterview with Jane Doe\nQ & A', {
    textSizeHint: 'long',
    help: 'Lines used by the text overlay, banner and sidebar when their source is "highlightLines.items".',
  }),
  num('position', 0, { help: 'Index of the highlighted line (-1 for none).' }),
]);

const emojiReactionsParams = group('emojiReactions', [
  choice('source', 'emojiReactions', ['emojiReactions', 'param'], {
    help: 'To send reactions from params: choose "param", enter an emoji and increase "key".',
  }),
  num('key', 0),
  text('emoji', ''),
  num('offset_x_gu', 0, { step: 1 }),
]);

const debugParams = group('debug', [
  bool('showRoomState', false),
  num('overlayOpacity', 90, { step: 1 }),
]);

export const IMAGES = {
  personIcon: 'user_white_64.png',
  overlay: 'overlay.png',
  partyPopper: 'party-popper_1f389.png',
  micActive: 'mic_active_white_32.png',
  micMuted: 'mic_muted_white_32.png',
};

export const compositionInterface = {
  displayMeta: {
    name: 'Daily Baseline',
    description: "Composition with Daily's baseline features",
  },
  standardSources: ['chatMessages', 'transcript', 'emojiReactions'],
  fontFamilies: FONTS_ALL,
  imagePreloads: [
    IMAGES.personIcon,
    IMAGES.overlay,
    IMAGES.partyPopper,
    IMAGES.micActive,
    IMAGES.micMuted,
  ],
  params: [
    ...mainParams,
    ...videoSettingsParams,
    ...textParams,
    ...imageParams,
    ...webFrameParams,
    ...bannerParams,
    ...toastParams,
    ...openingSlateParams,
    ...titleSlateParams,
    ...sidebarParams,
    ...highlightLinesParams,
    ...emojiReactionsParams,
    ...debugParams,
  ],
};
