// Deprecated params that older hosts and saved sessions may still send (they are not in the
// interface). Each one that holds a number replaces its successor; translating them here, once,
// lets every component read only the current ids (spec: baseline.md §2.3).

// isFinite (not Number.isFinite) on purpose: numeric strings count, a missing value does not.
const given = (value) => value !== undefined && isFinite(value);

export function withLegacyParams(params, viewport, pxPerGu) {
  const guPerVw = viewport.w / pxPerGu;
  const guPerVh = viewport.h / pxPerGu;
  const current = {};
  const replace = (legacyId, currentId, convert) => {
    if (given(params[legacyId])) current[currentId] = convert(params[legacyId]);
  };

  // Renamed.
  if (params['videoSettings.omitPausedVideo'] == null && params['videoSettings.omitPaused'] != null) {
    current['videoSettings.omitPausedVideo'] = params['videoSettings.omitPaused'];
  }
  replace('text.rotationInDegrees', 'text.rotation_deg', parseFloat);
  // Absolute pixels.
  const pxToGu = (v) => parseInt(v, 10) / pxPerGu;
  replace('videoSettings.labels.offset_x', 'videoSettings.labels.offset_x_gu', pxToGu);
  replace('videoSettings.labels.offset_y', 'videoSettings.labels.offset_y_gu', pxToGu);
  replace('text.offset_x', 'text.offset_x_gu', pxToGu);
  replace('text.offset_y', 'text.offset_y_gu', pxToGu);
  // Fractions of the output width / height.
  const vwToGu = (v) => parseFloat(v) * guPerVw;
  const vhToGu = (v) => parseFloat(v) * guPerVh;
  replace('videoSettings.margin.left_vw', 'videoSettings.margin.left_gu', vwToGu);
  replace('videoSettings.margin.right_vw', 'videoSettings.margin.right_gu', vwToGu);
  replace('videoSettings.margin.top_vh', 'videoSettings.margin.top_gu', vhToGu);
  replace('videoSettings.margin.bottom_vh', 'videoSettings.margin.bottom_gu', vhToGu);
  replace('videoSettings.pip.height_vh', 'videoSettings.pip.height_gu', vhToGu);
  replace('videoSettings.pip.margin_vh', 'videoSettings.pip.margin_gu', vhToGu);
  replace('image.height_vh', 'image.height_gu', vhToGu);
  replace('image.margin_vh', 'image.margin_gu', vhToGu);
  // Percent of the output height.
  replace('text.fontSize_percentageOfViewH', 'text.fontSize_gu', (v) => (parseFloat(v) / 100) * guPerVh);

  return Object.keys(current).length > 0 ? { ...params, ...current } : params;
}
