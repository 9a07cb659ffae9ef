// A folder example: a speaker on the left, a side panel with an agenda on the right, and a
// clock that ticks with video time. Exercises relative imports, column/splitVertical layouts,
// child stacking, useVideoTime and useActiveVideo's dominant speaker.
import * as React from 'react';
import { Box, Text, Video } from '#vcs-react/components';
import { useActiveVideo, useParams, useVideoTime } from '#vcs-react/hooks';
import { pad } from '#vcs-stdlib/layouts';
import { AgendaItem } from './Agenda';
import * as layouts from './layouts';

export const compositionInterface = {
  displayMeta: { name: 'Panel talk', description: 'Speaker, agenda panel and a running clock' },
  params: [
    { id: 'agenda', type: 'text', defaultValue: 'Opening, Product news, Q&A, Wrap-up', textSizeHint: 'long' },
    { id: 'currentItem', type: 'number', defaultValue: 1, step: 1 },
    { id: 'panelWidth', type: 'number', defaultValue: 0.3, step: 0.05 },
    { id: 'showClock', type: 'boolean', defaultValue: true },
  ],
};

export default function PanelTalk() {
  const params = useParams();
  const { activeIds, dominantId } = useActiveVideo();
  const speaker = dominantId != null ? dominantId : activeIds[0];
  const others = activeIds.filter((id) => id !== speaker);
  const items = String(params.agenda || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const split = { pos: 1 - params.panelWidth, margin_gu: 0.5 };
  return (
    <Box id="panel-talk" style={{ fillColor: '#1b1d2a' }}>
      <Box layout={[layouts.splitColumns, { ...split, index: 0 }]}>
        {speaker !== undefined ? <Video src={speaker} style={{ cornerRadius_px: 12 }} layout={[pad, { pad_gu: 1 }]} /> : null}
      </Box>
      <Box layout={[layouts.splitColumns, { ...split, index: 1 }]} style={{ fillColor: 'rgba(255, 255, 255, 0.08)' }}>
        <Box layout={[layouts.stack, { gap_gu: 0.6 }]}>
          {items.map((text, i) => (
            <AgendaItem key={text} text={text} index={i} current={i + 1 === params.currentItem} />
          ))}
        </Box>
        {others.length ? (
          <Box layout={[layouts.bottomStrip, { count: others.length }]}>
            {others.map((id, i) => (
              <Video key={id} src={id} layout={[layouts.stripItem, { index: i, total: others.length }]} />
            ))}
          </Box>
        ) : null}
      </Box>
      {params.showClock ? <Clock /> : null}
    </Box>
  );
}

function Clock() {
  const t = useVideoTime();
  const mm = String(Math.floor(t / 60)).padStart(2, '0');
  const ss = String(Math.floor(t % 60)).padStart(2, '0');
  return (
    <Text layout={[layouts.clock]} style={{ fontSize_gu: 1.2, textColor: 'rgba(255, 255, 255, 0.8)' }}>
      {`${mm}:${ss}`}
    </Text>
  );
}
