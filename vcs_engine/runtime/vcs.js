/*
 * The VCS API modules compositions import (vcs-api.md §1.4, §2, §4): components, hooks,
 * contexts. The stdlib lives in stdlib.js.
 */
(function (g) {
  'use strict';
  const React = g.__vcs_react.React;

  // ------------------------------------------------------------------ contexts

  const PlaybackStateType = { PLAYING: 'playing', POSTROLL: 'postroll' };
  const RenderingEnvironmentType = {
    UNKNOWN: '',
    OFFLINE: 'offline',
    MEDIA_SERVER: 'media-server',
    PARTICIPANT_CLIENT: 'participant-client',
    PASSIVE_VIEWER_CLIENT: 'passive-viewer-client',
  };
  const RenderEngineType = { UNKNOWN: '', LEGACY_GST: 'legacy-gst', VCSRENDER: 'vcsrender' };

  const CompositionDataContext = React.createContext({ params: {}, standardSources: {} });
  const TimeContext = React.createContext({ currentTime: 0, playbackState: PlaybackStateType.PLAYING });
  const MediaInputContext = React.createContext({
    viewportSize: { w: 1280, h: 720 },
    pixelsPerGridUnit: 20,
    activeVideoInputSlots: [],
  });
  const RoomContext = React.createContext({
    renderingEnvironment: RenderingEnvironmentType.OFFLINE,
    renderEngine: RenderEngineType.VCSRENDER,
    availablePeers: [],
  });

  // ------------------------------------------------------------------ components

  const ELEMENT = Symbol.for('react.element');

  // Props every built-in passes to its host node (§2, common props). The host element is built
  // directly (not through createElement) because these wrappers run for every node every frame.
  function common(props) {
    return {
      id: props.id,
      animationId: props.animationId,
      layout: props.layout,
      style: props.style || EMPTY_STYLE,
      blend: props.blend || EMPTY_STYLE,
      transform: props.transform || EMPTY_STYLE,
    };
  }
  const EMPTY_STYLE = Object.freeze({});

  function hostElement(type, p) {
    return { $$typeof: ELEMENT, type: type, key: null, ref: null, props: p, _owner: null };
  }

  function Box(props) {
    const p = common(props);
    p.clip = !!props.clip;
    p.children = props.children;
    return hostElement('box', p);
  }

  function textOf(children) {
    if (Array.isArray(children)) return children.join(' ');
    return children || '';
  }

  function Text(props) {
    const p = common(props);
    p.clip = !!props.clip;
    p.text = textOf(props.children);
    const s = p.style;
    if (!s.fontSize_gu && !s.fontSize_px && !s.fontSize_vh) p.style = Object.assign({}, s, { fontSize_gu: 1 });
    return hostElement('label', p);
  }

  function Image(props) {
    const p = common(props);
    let src = props.src;
    if (typeof src === 'string' && src.indexOf('.') === -1) src += '.png';
    p.src = src;
    p.scaleMode = props.scaleMode || 'fit';
    return hostElement('image', p);
  }

  function Video(props) {
    const p = common(props);
    p.transform = EMPTY_STYLE;
    p.src = props.src;
    p.scaleMode = props.scaleMode || 'fill';
    const z = props.zoom;
    p.zoom = typeof z === 'number' && isFinite(z) && z > 0 ? z : 1;
    return hostElement('video', p);
  }

  function Emoji(props) {
    const p = common(props);
    p.value = props.value || '';
    return hostElement('emoji', p);
  }

  function WebFrame(props) {
    const t = useVideoTime();
    const p = common(props);
    p.src = props.src || '';
    p.viewportSize = props.viewportSize || { w: 1280, h: 720 };
    p.scaleMode = props.scaleMode || 'fit';
    const k = props.keyPressAction;
    p.keyPressAction =
      k && k.name && k.key
        ? { name: k.name, key: String(k.key), modifiers: k.modifiers || '' }
        : { name: '', key: '', modifiers: '' };
    p.liveAssetUpdateKey = 1 + Math.floor(t / 0.5);
    return hostElement('webframe', p);
  }

  // ------------------------------------------------------------------ hooks

  function useParams() {
    return React.useContext(CompositionDataContext).params;
  }
  function useStandardSources() {
    return React.useContext(CompositionDataContext).standardSources;
  }
  function useVideoTime() {
    return React.useContext(TimeContext).currentTime;
  }
  function useVideoPlaybackState() {
    return React.useContext(TimeContext).playbackState;
  }
  function useMediaInput() {
    return React.useContext(MediaInputContext);
  }
  function useViewportSize() {
    return React.useContext(MediaInputContext).viewportSize;
  }
  function useGrid() {
    return { pixelsPerGridUnit: React.useContext(MediaInputContext).pixelsPerGridUnit };
  }

  function activeVideo(slots, opts) {
    const maxCam = opts.maxCamStreams || 25;
    const activeIds = [];
    const activeScreenshareIds = [];
    let dominantId = null;
    const displayNamesById = {};
    const pausedById = {};
    const frameSizesById = {};
    let numCam = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      if (!slot) continue;
      const videoId = slot.id !== undefined ? slot.id : i;
      const paused = !!slot.paused;
      if (!opts.omitPaused || !paused) {
        if (slot.type === 'screenshare') {
          if (!opts.omitExtraScreenshares || activeScreenshareIds.length === 0) {
            activeIds.push(videoId);
            activeScreenshareIds.push(videoId);
          }
        } else if (numCam < maxCam) {
          activeIds.push(videoId);
          numCam++;
        } else if (slot.dominant) {
          activeIds.pop();
          activeIds.push(videoId);
        }
        if (dominantId == null && slot.dominant) dominantId = videoId;
      }
      displayNamesById[videoId] = slot.displayName;
      pausedById[videoId] = paused;
      frameSizesById[videoId] = slot.frameSize || { w: 0, h: 0 };
    }
    let ids = activeIds;
    if (opts.preferScreenshare && activeScreenshareIds.length > 0) {
      ids = activeScreenshareIds.concat(
        activeIds.filter(function (id) {
          return activeScreenshareIds.indexOf(id) === -1;
        })
      );
    }
    return {
      activeIds: ids,
      activeScreenshareIds: activeScreenshareIds,
      dominantId: dominantId,
      displayNamesById: displayNamesById,
      pausedById: pausedById,
      frameSizesById: frameSizesById,
      maxSimultaneousVideoInputs: slots.length,
    };
  }

  function useActiveVideo(opts) {
    const slots = React.useContext(MediaInputContext).activeVideoInputSlots;
    const o = opts || {};
    return React.useMemo(
      function () {
        return activeVideo(slots || [], o);
      },
      [slots, o.maxCamStreams, o.preferScreenshare, o.omitPaused, o.omitExtraScreenshares]
    );
  }

  function useAudioOnlyPeers() {
    const peers = React.useContext(RoomContext).availablePeers;
    return React.useMemo(
      function () {
        return (peers || []).filter(function (p) {
          return p && p.audio && p.audio.id != null && !(p.video && p.video.id != null) && !(p.screenshareVideo && p.screenshareVideo.id != null);
        });
      },
      [peers]
    );
  }

  function useUnpausedPeers(filterTypes) {
    const peers = React.useContext(RoomContext).availablePeers;
    let types;
    if (Array.isArray(filterTypes)) types = filterTypes;
    else if (typeof filterTypes === 'string')
      types = filterTypes.split(',').map(function (s) {
        return s.trim();
      });
    else types = ['video', 'screenshare', 'audio'];
    const key = types.join(',');
    return React.useMemo(
      function () {
        const avail = function (x) {
          return x && x.id && !x.paused;
        };
        return (peers || []).filter(function (p) {
          if (!p) return false;
          return (
            (types.indexOf('video') !== -1 && avail(p.video)) ||
            (types.indexOf('screenshare') !== -1 && avail(p.screenshareVideo)) ||
            (types.indexOf('audio') !== -1 && avail(p.audio))
          );
        });
      },
      [peers, key]
    );
  }

  const components = { Box: Box, Emoji: Emoji, Image: Image, Text: Text, Video: Video, WebFrame: WebFrame };
  // The inspector (inspect.js) shows a built-in and the host node it renders as one node.
  Object.keys(components).forEach(function (name) {
    components[name].vcsBuiltin = true;
  });
  const hooks = {
    useParams: useParams,
    useStandardSources: useStandardSources,
    useVideoTime: useVideoTime,
    useVideoPlaybackState: useVideoPlaybackState,
    PlaybackStateType: PlaybackStateType,
    useMediaInput: useMediaInput,
    useViewportSize: useViewportSize,
    useGrid: useGrid,
    useActiveVideo: useActiveVideo,
    useAudioOnlyPeers: useAudioOnlyPeers,
    useUnpausedPeers: useUnpausedPeers,
  };
  const contexts = {
    CompositionDataContext: CompositionDataContext,
    TimeContext: TimeContext,
    PlaybackStateType: PlaybackStateType,
    MediaInputContext: MediaInputContext,
    RoomContext: RoomContext,
    RenderingEnvironmentType: RenderingEnvironmentType,
    RenderEngineType: RenderEngineType,
  };
  g.__vcs_builtin('#vcs-react/components', components);
  g.__vcs_builtin('#vcs-react/hooks', hooks);
  g.__vcs_builtin('#vcs-react/contexts', contexts);
  g.__vcs_api = { components: components, hooks: hooks, contexts: contexts };
})(globalThis);
