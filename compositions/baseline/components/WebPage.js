// The live web page (runtime singleton) as configured by the webFrame params. Used by the web
// frame overlay and, when included in the video layout, by the dominant and pip main areas.
import * as React from 'react';
import { WebFrame } from '#vcs-react/components';
import { paramGroup } from '../helpers.js';

export default function WebPage({ params, layout, blend }) {
  const wf = paramGroup(params, 'webFrame');
  return (
    <WebFrame
      src={wf('url')}
      viewportSize={{ w: wf('viewportWidth_px'), h: wf('viewportHeight_px') }}
      keyPressAction={{
        name: wf('keyPress.keyName'),
        key: wf('keyPress.key'),
        modifiers: wf('keyPress.modifiers'),
      }}
      layout={layout}
      blend={blend}
    />
  );
}
