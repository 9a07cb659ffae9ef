// Which participants the video layout shows, in which order, and the effective mode
// (spec: baseline.md §3).
import * as React from 'react';
import { useActiveVideo, useAudioOnlyPeers, useUnpausedPeers } from '#vcs-react/hooks';
import { RoomContext } from '#vcs-react/contexts';
import { paramGroup, parseCommaList } from './helpers.js';

const MODES = ['single', 'split', 'grid', 'dominant', 'pip'];
const NO_FRAME_SIZE = { w: 0, h: 0 };

// A participant descriptor ("tile"): either a video input (camera or screenshare) or an
// audio-only room peer, which the layouts draw as a placeholder with the peer's name.
//   { index, key, isAudioOnly, isScreenshare, videoId, peerId?, displayName, highlighted,
//     paused, frameSize?, audioPaused }   (audio-only peers have no frameSize)
// `index` and `key` number videos first, then audio-only peers, before the preferred ones are
// moved to the front: the same fields Daily's descriptors have, which session decorators read.

export function useParticipants(params) {
  const vs = paramGroup(params, 'videoSettings');
  // In grid mode a screenshare may switch the layout to dominant; selection then has to put
  // screenshares first already.
  const dominantForSharing = !!vs('grid.useDominantForSharing') && params.mode === 'grid';
  const preferScreenshare = !!vs('preferScreenshare') || dominantForSharing;

  const active = useActiveVideo({
    maxCamStreams: vs('maxCamStreams'),
    preferScreenshare,
    omitPaused: !!vs('omitPausedVideo'),
    omitExtraScreenshares: !!vs('omitExtraScreenshares'),
  });
  const room = React.useContext(RoomContext);
  const peers = room && room.availablePeers;
  const audioOnlyPeers = useAudioOnlyPeers();
  const filter = String(vs('filterForUnpausedMediaTypes') || '').trim();
  // Always called (hooks must be); without a filter its result is unused.
  const unpausedPeers = useUnpausedPeers(filter || undefined);

  // The same object as long as nothing it depends on changed, so the (memoised) video layouts
  // are not re-rendered on every frame.
  return React.useMemo(
    () =>
      selectParticipants(params, {
        active,
        peers: peers || [],
        audioOnlyPeers,
        unpausedPeers,
        filter,
        dominantForSharing,
        preferScreenshare,
      }),
    [params, active, peers, audioOnlyPeers, unpausedPeers, filter, dominantForSharing, preferScreenshare]
  );
}

function selectParticipants(params, inputs) {
  const { active, peers, audioOnlyPeers, unpausedPeers, filter } = inputs;
  const vs = paramGroup(params, 'videoSettings');
  let videos = active.activeIds.map((videoId) => videoDescriptor(active, peers, videoId));
  let audioOnly = vs('omitAudioOnly') ? [] : audioOnlyPeers.map(audioOnlyDescriptor);

  if (filter) {
    // Selects peers, not tracks: a peer with any unpaused listed media keeps all its videos.
    videos = videos.filter((d) => unpausedPeers.some((peer) => ownsVideo(peer, d.videoId)));
    const audioListed = parseCommaList(filter).includes('audio');
    audioOnly = audioListed
      ? audioOnly.filter((d) => unpausedPeers.some((peer) => peer.id === d.peerId))
      : [];
  }

  const numbered = videos
    .map((d, i) => ({ ...d, index: i, key: 'video_' + i }))
    .concat(audioOnly.map((d, i) => ({ ...d, index: videos.length + i, key: 'audioOnly_' + i })));
  const participants = putPreferredFirst(
    numbered,
    parseCommaList(vs('preferredParticipantIds')).filter((id) => id.length > 0),
    peers,
    !!vs('preferScreenshare')
  );

  const hasScreenShare = active.activeScreenshareIds.length > 0;
  let mode = MODES.includes(params.mode) ? params.mode : 'single';
  if (inputs.dominantForSharing && hasScreenShare) mode = 'dominant';

  return {
    participants,
    mode,
    dominantVideoId: active.dominantId,
    hasScreenShare,
    preferScreenshare: inputs.preferScreenshare,
  };
}

// The participant showing `videoId`, or null. Loose equality on purpose: an id that arrives
// as the string "3" still finds video 3, as in Daily's version.
export function findByVideoId(participants, videoId) {
  // eslint-disable-next-line eqeqeq
  return participants.find((p) => p.videoId !== null && p.videoId == videoId) || null;
}

function ownsVideo(peer, videoId) {
  return (
    (peer.video != null && peer.video.id === videoId) ||
    (peer.screenshareVideo != null && peer.screenshareVideo.id === videoId)
  );
}

function videoDescriptor(active, peers, videoId) {
  const owner = peers.find((peer) => ownsVideo(peer, videoId));
  return {
    isAudioOnly: false,
    isScreenshare: active.activeScreenshareIds.includes(videoId),
    videoId,
    displayName: active.displayNamesById[videoId] || '',
    highlighted: videoId === active.dominantId,
    paused: !!active.pausedById[videoId],
    frameSize: active.frameSizesById[videoId] || NO_FRAME_SIZE,
    audioPaused: !!(owner && owner.audio && owner.audio.paused),
  };
}

function audioOnlyDescriptor(peer) {
  const paused = !!peer.audio.paused;
  return {
    isAudioOnly: true,
    isScreenshare: false,
    videoId: null,
    peerId: peer.id,
    displayName: peer.displayName || 'Audio participant',
    highlighted: !!peer.audio.dominant,
    paused,
    audioPaused: paused,
  };
}

// Moves the descriptors of the preferred peers (in the given order) to the front; everybody
// else follows in the previous order. A peer is matched by the video it would show (its
// screenshare when screenshares are preferred), or by peer id when it has no video.
function putPreferredFirst(list, preferredPeerIds, peers, preferScreenshare) {
  const rest = list.slice();
  const front = [];
  for (const peerId of preferredPeerIds) {
    const peer = peers.find((p) => p.id === peerId);
    if (!peer) continue;
    const wantedVideoId = wantedVideo(peer, preferScreenshare);
    const index = rest.findIndex((d) =>
      wantedVideoId != null ? d.videoId === wantedVideoId : d.peerId === peer.id
    );
    if (index >= 0) front.push(rest.splice(index, 1)[0]);
  }
  return front.concat(rest);
}

function wantedVideo(peer, preferScreenshare) {
  const screenshareId = peer.screenshareVideo ? peer.screenshareVideo.id : null;
  const cameraId = peer.video ? peer.video.id : null;
  if (preferScreenshare && screenshareId != null) return screenshareId;
  return cameraId != null ? cameraId : null;
}
