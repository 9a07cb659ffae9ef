/*
 * The entry points Python calls (vcs_engine/host.py). State changes made between two ticks are
 * pending and applied together on the next tick, as on Daily's servers (vcs-api.md §5, §6).
 * Every tick re-renders the whole tree from the root (the TimeContext value changes), exactly as
 * Daily's root does; layout and emission are skipped when nothing committed and nothing animates.
 */
(function (g) {
  'use strict';
  const R = g.__vcs_react;
  const React = R.React;
  const h = React.createElement;
  const nodes = g.__vcs_nodes;
  const env = nodes.env;
  const stats = nodes.stats;
  const ctxs = g.__vcs_api.contexts;

  const STANDARD_SOURCES = ['chatMessages', 'transcript', 'emojiReactions'];

  let state = null;

  function freshState() {
    return {
      composition: null,
      interface: { params: [] },
      animations: null,
      params: {},
      slots: [],
      peers: [],
      sources: {},
      enabledSources: {},
      time: { currentTime: 0, playbackState: 'playing' },
      compositionData: null,
      mediaInput: null,
      room: null,
      pending: false,
      rootNode: null,
      root: null,
      failed: null,
      lastOutput: null,
      laidOut: false, // layout ran since the mount (the first tick always lays out)
      emitted: false, // the outputs of the last layout were emitted (not skipped by a step)
      forceLayout: false, // the viewport changed: lay out and emit even if nothing committed
      renders: 0,
    };
  }

  // `copied` (optional) tracks group objects already copied in this update: a changed group gets
  // a new identity too, so memo dependencies on `params.group` see the change.
  function setParamIn(params, id, value, copied) {
    params[id] = value;
    const k = id.indexOf('.');
    if (k > 0 && k < id.length - 1) {
      const group = id.slice(0, k);
      const sub = id.slice(k + 1);
      if (typeof params[group] !== 'object' || params[group] === null) params[group] = {};
      else if (copied && !copied[group]) params[group] = Object.assign({}, params[group]);
      if (copied) copied[group] = true;
      params[group][sub] = value;
    }
  }

  function defaultParams(iface) {
    const params = {};
    (iface.params || []).forEach(function (p) {
      if (p && p.id && p.defaultValue !== undefined) setParamIn(params, p.id, p.defaultValue);
    });
    return params;
  }

  function sourcesValue() {
    const out = {};
    STANDARD_SOURCES.forEach(function (name) {
      out[name] = { enabled: !!state.enabledSources[name], latest: state.sources[name] || [] };
    });
    return out;
  }

  function rebuildContextValues() {
    state.compositionData = { params: state.params, standardSources: sourcesValue() };
    state.mediaInput = {
      viewportSize: { w: env.viewport.w, h: env.viewport.h },
      pixelsPerGridUnit: env.pxPerGu,
      activeVideoInputSlots: state.slots,
    };
    state.room = {
      renderingEnvironment: 'offline',
      renderEngine: 'vcsrender',
      availablePeers: state.peers,
    };
  }

  function Root() {
    const Comp = state.composition;
    return h(
      ctxs.CompositionDataContext.Provider,
      { value: state.compositionData },
      h(
        ctxs.TimeContext.Provider,
        { value: state.time },
        h(ctxs.MediaInputContext.Provider, { value: state.mediaInput }, h(ctxs.RoomContext.Provider, { value: state.room }, h(Comp, {})))
      )
    );
  }

  Root.vcsInternal = true; // not shown in component stacks

  function plainInterface(iface) {
    // Functions and other non-JSON values are dropped; the host reads data only.
    return JSON.parse(JSON.stringify(iface || { params: [] }));
  }

  function errorInfo(err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return {
      name: e.name || 'Error',
      message: e.message,
      stack: e.stack || '',
      componentStack: e.vcsComponentStack || '',
    };
  }

  const api = {
    configure: function (json) {
      const c = JSON.parse(json);
      const sizeChanged = c.viewport && (c.viewport.w !== env.viewport.w || c.viewport.h !== env.viewport.h);
      if (c.viewport) {
        env.viewport = { w: c.viewport.w, h: c.viewport.h };
        env.pxPerGu = Math.min(c.viewport.w, c.viewport.h) / 36;
      }
      if (c.images) env.images = c.images;
      if (state && sizeChanged) {
        rebuildContextValues();
        if (state.rootNode) nodes.remeasureAll(state.rootNode);
        state.pending = true;
        state.forceLayout = true;
      }
    },

    // Evaluate the entry module and mount the composition with its default params.
    load: function (entryId) {
      api.unload();
      g.__vcs_freshStart();
      state = freshState();
      const mod = g.__vcs_require(entryId);
      if (typeof mod.default !== 'function') {
        throw new Error(
          mod.default === undefined
            ? 'The composition has no default export (the root component).'
            : 'The default export is not a component (a function or class); got ' + (mod.default === null ? 'null' : typeof mod.default) + '.'
        );
      }
      state.composition = mod.default;
      state.interface = mod.compositionInterface || { params: [] };
      state.animations = Array.isArray(mod.layoutAnimations) && mod.layoutAnimations.length ? mod.layoutAnimations : null;
      const fams = state.interface.fontFamilies;
      env.fontFamilies = Array.isArray(fams) ? fams.slice() : ['Roboto'];
      (state.interface.standardSources || []).forEach(function (name) {
        state.enabledSources[name] = true;
      });
      state.params = defaultParams(state.interface);
      rebuildContextValues();
      state.rootNode = new nodes.VcsNode('root');
      state.root = R.createRoot(state.rootNode);
      g.__vcs_anim.reset(state.animations);
      return JSON.stringify(plainInterface(state.interface));
    },

    unload: function () {
      if (state && state.root) {
        try {
          R.unmountRoot(state.root);
        } catch (e) {
          console.error('unmount failed: ' + e);
        }
      }
      state = null;
    },

    setParams: function (json) {
      const changes = JSON.parse(json);
      const params = Object.assign({}, state.params);
      const copied = {};
      for (const id in changes) setParamIn(params, id, changes[id], copied);
      state.params = params;
      state.pending = true;
    },

    resetParams: function () {
      state.params = defaultParams(state.interface);
      state.pending = true;
    },

    setInputs: function (json) {
      state.slots = JSON.parse(json);
      state.pending = true;
    },

    setRoom: function (json) {
      const peers = JSON.parse(json);
      state.peers = Array.isArray(peers)
        ? peers
        : Object.keys(peers || {}).map(function (id) {
            return Object.assign({ id: id }, peers[id]);
          });
      state.pending = true;
    },

    // Append standard-source messages: {"chatMessages": [{key, senderDisplayName, text, date}], ...}
    addMessages: function (json) {
      const add = JSON.parse(json);
      for (const name in add) {
        const list = (state.sources[name] || []).slice();
        (add[name] || []).forEach(function (m) {
          if (!m || !m.key) {
            console.warn('VCS: a ' + name + ' message without a key was rejected');
            return;
          }
          list.push({
            key: m.key,
            senderDisplayName: m.senderDisplayName || '',
            text: m.text || '',
            date: m.date ? new Date(m.date) : null,
            _addedAt: state.time.currentTime,
          });
        });
        state.sources[name] = list;
      }
      state.pending = true;
    },

    // Advance to time t and produce the outputs; '' means "unchanged since the last tick".
    // With `emit` 0 the frame is computed (render, timers, layout, animations) but its outputs
    // are not serialised: seeking steps through frames nobody looks at (vcs_engine/timeline.py).
    // The next emitting tick then emits even when nothing changed since, so it is exact.
    tick: function (t, playbackState, emit) {
      if (!state || !state.composition) throw new Error('no composition is loaded (the last load failed)');
      if (state.failed) return '';
      g.__vcs_clock.now = t;
      state.time = { currentTime: t, playbackState: playbackState || 'playing' };
      pruneSources(t);
      if (state.pending) {
        rebuildContextValues();
        state.pending = false;
      }
      g.__vcs_runTimers();
      const before = stats.commits + stats.structure;
      try {
        R.renderRoot(state.root, h(Root, {}));
        state.renders++;
      } catch (err) {
        state.failed = errorInfo(err);
        try {
          R.unmountRoot(state.root);
        } catch (e2) {
          // the tree is dropped whatever happens
        }
        state.lastOutput = null;
        state.laidOut = false;
        throw err;
      }
      const committed = stats.commits + stats.structure !== before || state.forceLayout;
      const animating = g.__vcs_anim.active();
      if (committed || animating || !state.laidOut) {
        state.forceLayout = false;
        g.__vcs_layout.runLayout(state.rootNode, g.__vcs_anim.animatorFor(t, stats.removed));
        stats.removed.length = 0;
        state.laidOut = true;
        state.emitted = false;
      }
      if (emit === 0) return '';
      if (state.emitted) return '';
      const out = g.__vcs_output.emitFrame(state.rootNode);
      state.emitted = true;
      if (out === state.lastOutput) return '';
      state.lastOutput = out;
      return out;
    },

    failure: function () {
      return state && state.failed ? JSON.stringify(state.failed) : '';
    },

    clearTextCache: function () {
      nodes.clearTextCache();
    },

    renderCount: function () {
      return state ? state.renders : 0;
    },
  };

  function pruneSources(t) {
    for (const name in state.sources) {
      const list = state.sources[name];
      const maxAge = name === 'emojiReactions' ? 1 : 60;
      let kept = list;
      if (name === 'emojiReactions' || list.length > 20) {
        kept = list.filter(function (m) {
          return t - m._addedAt <= maxAge;
        });
      }
      if (kept.length !== list.length) {
        state.sources[name] = kept;
        state.pending = true;
      }
    }
  }

  g.__vcs_host = api;

  /*
   * For runtime/inspect.js: the mounted state, and `relayout(params)`: render with other params
   * at the current time (no timers) and lay out without animations. It changes the
   * composition's state, so only a throw-away copy of the engine calls it (vcs_engine/inspect.py).
   * Returns whether anything committed.
   */
  g.__vcs_hostInternals = {
    state: function () {
      return state;
    },
    setParamIn: setParamIn,
    relayout: function (params, force) {
      state.params = params;
      rebuildContextValues();
      const before = stats.commits + stats.structure;
      R.renderRoot(state.root, h(Root, {}));
      const committed = stats.commits + stats.structure !== before;
      if (committed || force) g.__vcs_layout.runLayout(state.rootNode, null);
      stats.removed.length = 0;
      return committed;
    },
  };
})(globalThis);
