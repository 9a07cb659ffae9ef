/*
 * A small React-17-compatible runtime: elements, function and class components, hooks, context,
 * keys, fragments, memo/forwardRef, and a synchronous reconciler driving a host tree (nodes.js).
 *
 * Why hand-written: compositions must run unmodified and render exactly as often as under
 * Daily's React (some draw from seeded random generators during render), and real React is far
 * too heavy for QuickJS at our per-frame budget. Daily's compositions use only the synchronous
 * subset implemented here; there is no concurrent mode, no Suspense, no portals.
 *
 * The host side is pluggable (`__vcs_react.setHostConfig`):
 *   createNode(type, props) -> node
 *   commitUpdate(node, oldProps, newProps)      // props of an existing node changed (new object)
 *   setChildren(node, childNodes)               // the node's host children, in order
 *   removeNode(node)                            // node left the tree
 */
(function (g) {
  'use strict';

  const ELEMENT = Symbol.for('react.element');
  const FRAGMENT = Symbol.for('react.fragment');
  const PROVIDER = Symbol.for('react.provider');
  const CONTEXT = Symbol.for('react.context');
  const MEMO = Symbol.for('react.memo');
  const FORWARD_REF = Symbol.for('react.forward_ref');
  const STRICT = Symbol.for('react.strict_mode');

  let host = null;
  let contextSeq = 0;

  // ---------------------------------------------------------------- elements

  function createElement(type, config) {
    const props = {};
    let key = null;
    let ref = null;
    if (config != null) {
      for (const k in config) {
        if (k === 'key') {
          if (config.key !== undefined) key = '' + config.key;
        } else if (k === 'ref') {
          ref = config.ref === undefined ? null : config.ref;
        } else if (k !== '__self' && k !== '__source') {
          props[k] = config[k];
        }
      }
    }
    const n = arguments.length - 2;
    if (n === 1) props.children = arguments[2];
    else if (n > 1) props.children = Array.prototype.slice.call(arguments, 2);
    return element(type, key, ref, props);
  }

  function element(type, key, ref, props) {
    if (type && type.defaultProps) {
      const d = type.defaultProps;
      for (const k in d) if (props[k] === undefined) props[k] = d[k];
    }
    return { $$typeof: ELEMENT, type: type, key: key, ref: ref, props: props, _owner: null };
  }

  // The element of a JSX tag without spreads (see transform/jsx.py): `props` is a fresh object
  // literal the transform wrote, children included, so it becomes the element's props as is.
  function jsx(type, props) {
    let key = null;
    let ref = null;
    if ('key' in props) {
      if (props.key !== undefined) key = '' + props.key;
      delete props.key;
    }
    if ('ref' in props) {
      if (props.ref !== undefined) ref = props.ref;
      delete props.ref;
    }
    return element(type, key, ref, props);
  }

  function isValidElement(x) {
    return typeof x === 'object' && x !== null && x.$$typeof === ELEMENT;
  }

  function cloneElement(el, config) {
    const props = Object.assign({}, el.props);
    let key = el.key;
    let ref = el.ref;
    if (config != null) {
      // As React: an undefined key/ref keeps the element's, an undefined prop takes its default.
      const defaults = el.type && el.type.defaultProps;
      for (const k in config) {
        if (k === 'key') key = config.key === undefined ? key : '' + config.key;
        else if (k === 'ref') ref = config.ref === undefined ? ref : config.ref;
        else if (k !== '__self' && k !== '__source') props[k] = config[k] === undefined && defaults ? defaults[k] : config[k];
      }
    }
    const n = arguments.length - 2;
    if (n === 1) props.children = arguments[2];
    else if (n > 1) props.children = Array.prototype.slice.call(arguments, 2);
    return { $$typeof: ELEMENT, type: el.type, key: key, ref: ref, props: props, _owner: null };
  }

  function createContext(defaultValue) {
    const ctx = { $$typeof: CONTEXT, _id: 'ctx' + contextSeq++, _currentValue: defaultValue };
    ctx.Provider = { $$typeof: PROVIDER, _context: ctx };
    ctx.Consumer = ctx;
    return ctx;
  }

  function memo(type, compare) {
    return { $$typeof: MEMO, type: type, compare: compare || null };
  }

  function forwardRef(render) {
    return { $$typeof: FORWARD_REF, render: render };
  }

  function Component(props, context) {
    this.props = props;
    this.context = context;
    this.state = this.state || null;
  }
  Component.prototype.isReactComponent = {};
  Component.prototype.setState = function (partial, callback) {
    const inst = this._vcsInstance;
    if (!inst) return;
    inst.pendingState.push(partial);
    if (callback) inst.pendingCallbacks.push(callback);
    markDirty(inst);
  };
  Component.prototype.forceUpdate = function (callback) {
    const inst = this._vcsInstance;
    if (!inst) return;
    inst.forceUpdate = true;
    if (callback) inst.pendingCallbacks.push(callback);
    markDirty(inst);
  };
  function PureComponent(props, context) {
    Component.call(this, props, context);
  }
  PureComponent.prototype = Object.create(Component.prototype);
  PureComponent.prototype.constructor = PureComponent;
  PureComponent.prototype.isPureReactComponent = true;

  // ---------------------------------------------------------------- children utils

  // As React 17: null, undefined and booleans inside the children are visited (as null) and
  // counted, so indices match React's; only a top-level null/undefined is skipped.
  function forEachChild(children, fn, state) {
    if (Array.isArray(children)) {
      for (let i = 0; i < children.length; i++) forEachChild(children[i], fn, state);
      return;
    }
    fn(children == null || typeof children === 'boolean' ? null : children, state.i++);
  }
  const Children = {
    map: function (children, fn, thisArg) {
      if (children == null) return children;
      const out = [];
      forEachChild(children, function (c, i) {
        const r = fn.call(thisArg, c, i);
        if (r != null) out.push(r);
      }, { i: 0 });
      return out;
    },
    forEach: function (children, fn, thisArg) {
      if (children == null) return;
      forEachChild(children, function (c, i) {
        fn.call(thisArg, c, i);
      }, { i: 0 });
    },
    count: function (children) {
      if (children == null) return 0;
      let n = 0;
      forEachChild(children, function () {
        n++;
      }, { i: 0 });
      return n;
    },
    toArray: function (children) {
      return Children.map(children, function (c) {
        return c;
      }) || [];
    },
    only: function (children) {
      if (!isValidElement(children)) throw new Error('React.Children.only expected to receive a single React element child.');
      return children;
    },
  };

  // ---------------------------------------------------------------- instances

  // kinds: root, host, fn, class, fragment, provider, consumer, memo, forward
  function kindOf(type) {
    if (typeof type === 'string') return 'host';
    if (typeof type === 'function') return type.prototype && type.prototype.isReactComponent ? 'class' : 'fn';
    if (type === FRAGMENT || type === STRICT) return 'fragment';
    if (type && type.$$typeof === PROVIDER) return 'provider';
    if (type && type.$$typeof === CONTEXT) return 'consumer';
    if (type && type.$$typeof === MEMO) return 'memo';
    if (type && type.$$typeof === FORWARD_REF) return 'forward';
    throw new Error(
      'Element type is invalid: expected a string or a component but got: ' +
        (type === undefined ? 'undefined (check the import: is the component exported?)' : typeof type)
    );
  }

  function displayName(type) {
    if (typeof type === 'string') return type;
    if (typeof type === 'function') return type.displayName || type.name || 'Anonymous';
    if (type === FRAGMENT) return 'Fragment';
    if (type && type.$$typeof === PROVIDER) return 'Context.Provider';
    if (type && type.$$typeof === CONTEXT) return 'Context.Consumer';
    if (type && type.$$typeof === MEMO) return 'Memo(' + displayName(type.type) + ')';
    if (type && type.$$typeof === FORWARD_REF) return 'ForwardRef(' + displayName(type.render) + ')';
    return 'Unknown';
  }

  function Instance(element, parent) {
    this.type = element.type;
    this.kind = kindOf(element.type);
    this.key = element.key;
    this.element = element;
    this.props = element.props;
    this.parent = parent;
    this.depth = parent ? parent.depth + 1 : 0;
    this.ctx = parent ? parent.ctx : {};
    this.hostParent = parent ? (parent.kind === 'host' || parent.kind === 'root' ? parent : parent.hostParent) : null;
    this.children = [];
    this.hooks = null;
    this.node = null;
    this.dirty = false;
    this.classInstance = null;
    this.pendingState = null;
    this.pendingCallbacks = null;
    this.forceUpdate = false;
    this.claimed = false;
  }

  // ---------------------------------------------------------------- scheduling

  const dirtyInstances = [];
  // Instances created in the current renderRoot, so that a render that throws can discard the
  // ones it made (they are in no committed children list yet).
  const mountLog = [];
  const pendingEffects = [];
  const hostChildrenDirty = new Set();
  let rendering = false;

  function markDirty(inst) {
    if (inst.dirty || inst.unmounted) return;
    inst.dirty = true;
    dirtyInstances.push(inst);
  }

  // ---------------------------------------------------------------- hooks

  let currentInst = null;
  let hookIndex = 0;

  function hook(init) {
    const inst = currentInst;
    if (!inst) throw new Error('Invalid hook call: hooks can only be called inside the body of a function component.');
    if (!inst.hooks) inst.hooks = [];
    const i = hookIndex++;
    if (i >= inst.hooks.length) inst.hooks.push(init());
    return inst.hooks[i];
  }

  function depsChanged(prev, next) {
    if (prev === undefined || next === undefined || next === null || prev === null) return true;
    if (prev.length !== next.length) return true;
    for (let i = 0; i < next.length; i++) if (!Object.is(prev[i], next[i])) return true;
    return false;
  }

  function useReducer(reducer, initialArg, init) {
    const inst = currentInst;
    const h = hook(function () {
      return { value: init ? init(initialArg) : initialArg, dispatch: null, reducer: reducer };
    });
    h.reducer = reducer;
    if (!h.dispatch) {
      h.dispatch = function (action) {
        const next = h.reducer(h.value, action);
        if (!Object.is(next, h.value)) {
          h.value = next;
          markDirty(inst);
        }
      };
    }
    return [h.value, h.dispatch];
  }

  function basicReducer(state, action) {
    return typeof action === 'function' ? action(state) : action;
  }

  function useState(initial) {
    return useReducer(basicReducer, initial, function (v) {
      return typeof v === 'function' ? v() : v;
    });
  }

  function effectHook(fn, deps) {
    const h = hook(function () {
      return { deps: undefined, cleanup: null, first: true };
    });
    if (h.first || depsChanged(h.deps, deps)) {
      h.first = false;
      h.deps = deps;
      pendingEffects.push({ hook: h, fn: fn, inst: currentInst });
    }
  }

  function useMemo(fn, deps) {
    const h = hook(function () {
      return { deps: undefined, value: undefined, first: true };
    });
    if (h.first || depsChanged(h.deps, deps)) {
      h.first = false;
      h.value = fn();
      h.deps = deps;
    }
    return h.value;
  }

  function useCallback(fn, deps) {
    return useMemo(function () {
      return fn;
    }, deps);
  }

  function useRef(initial) {
    return hook(function () {
      return { current: initial };
    });
  }

  // Context id → instances that read it (so a provider's change re-renders exactly its consumers,
  // also below memo'd components, as React does).
  const contextReaders = new Map();

  function readContext(inst, ctx) {
    const c = ctx && ctx._context ? ctx._context : ctx;
    let readers = contextReaders.get(c._id);
    if (!readers) contextReaders.set(c._id, (readers = new Set()));
    readers.add(inst);
    inst.readsContext = true;
    return c._id in inst.ctx ? inst.ctx[c._id] : c._currentValue;
  }

  function useContext(ctx) {
    if (!currentInst) throw new Error('Invalid hook call: useContext outside a component.');
    return readContext(currentInst, ctx);
  }

  function useImperativeHandle(ref, create, deps) {
    effectHook(function () {
      setRef(ref, create());
      return function () {
        setRef(ref, null);
      };
    }, deps);
  }

  let idSeq = 0;
  function useId() {
    return hook(function () {
      return ':r' + (idSeq++).toString(36) + ':';
    });
  }

  function setRef(ref, value) {
    if (typeof ref === 'function') ref(value);
    else if (ref && typeof ref === 'object') ref.current = value;
  }

  // ---------------------------------------------------------------- reconciliation

  // A child's slot: what identifies it between renders. A keyed child is '$' + key; an unkeyed
  // child is its index, as a number at the top level (no string building on the hot path: most
  // children are unkeyed and keep their place) and as a path string inside nested arrays, which
  // get their own key scope as in React, so that `[a, list, b]` keeps `b` when `list` changes
  // length. A lone child is slot 0 (or its key), the same slot as an array's first child.
  function slotOf(el, index, prefix) {
    if (el !== null && typeof el === 'object' && el.key != null) return prefix + '$' + el.key;
    return prefix === '' ? index : prefix + '.' + index;
  }

  // Flatten children into [slot, element] pairs.
  function flatten(children, prefix, out) {
    if (!Array.isArray(children)) {
      pushChild(children, slotOf(children, 0, prefix), out);
      return out;
    }
    for (let i = 0; i < children.length; i++) {
      const c = children[i];
      if (Array.isArray(c)) flatten(c, prefix + '.' + i + ':', out);
      else pushChild(c, slotOf(c, i, prefix), out);
    }
    return out;
  }

  let warnedText = false;
  function pushChild(c, key, out) {
    if (c == null || typeof c === 'boolean') return;
    if (typeof c === 'string' || typeof c === 'number') {
      if (!warnedText && String(c).trim() !== '') {
        warnedText = true;
        console.warn('VCS: text "' + c + '" outside a <Text> element is ignored');
      }
      return;
    }
    if (!isValidElement(c)) {
      throw new Error(
        'Objects are not valid as a React child (found: object with keys {' + Object.keys(c).join(', ') + '}).'
      );
    }
    out.push(key, c);
  }

  function reconcileChildren(inst, children, force) {
    // Fast paths, no allocation: most instances render no child, or one element in the slot
    // it had before (a component's single root, a Box's one child).
    if (!Array.isArray(children)) {
      const old = inst.children;
      if (children == null || typeof children === 'boolean') {
        if (old.length === 0) return;
      } else if (old.length === 1 && isValidElement(children)) {
        const child = old[0];
        if (child.type === children.type && child.slotKey === slotOf(children, 0, '')) {
          updateInstance(child, children, force);
          return;
        }
      }
    }
    const flat = flatten(children, '', []);
    const old = inst.children;
    const count = flat.length / 2;
    const next = new Array(count);
    let changed = old.length !== count;
    let oldByKey = null;
    for (let i = 0, j = 0; i < flat.length; i += 2, j++) {
      const key = flat[i];
      const el = flat[i + 1];
      // Positional fast path: children almost always keep their order between frames.
      let child = old[j];
      if (!child || child.slotKey !== key || child.claimed) {
        if (!oldByKey) {
          oldByKey = new Map();
          for (let k = 0; k < old.length; k++) oldByKey.set(old[k].slotKey, old[k]);
        }
        child = oldByKey.get(key);
        if (child && child.claimed) child = undefined;
        changed = true;
      }
      if (child && child.type === el.type) {
        child.claimed = true;
        updateInstance(child, el, force);
      } else {
        changed = true;
        child = new Instance(el, inst);
        mountLog.push(child);
        child.slotKey = key;
        child.claimed = true;
        renderInstance(child, true);
      }
      next[j] = child;
    }
    for (let k = 0; k < old.length; k++) {
      if (!old[k].claimed) unmount(old[k]);
    }
    for (let j = 0; j < count; j++) next[j].claimed = false;
    inst.children = next;
    if (changed) hostChildrenDirty.add(inst.kind === 'host' || inst.kind === 'root' ? inst : inst.hostParent);
  }

  function markConsumersBelow(provider, id) {
    const readers = contextReaders.get(id);
    if (!readers) return;
    readers.forEach(function (r) {
      if (r.unmounted) {
        readers.delete(r);
        return;
      }
      for (let p = r.parent; p; p = p.parent) {
        if (p === provider) {
          if (r.kind === 'class') r.forceUpdate = true; // contextType readers skip shouldComponentUpdate
          markDirty(r);
          return;
        }
      }
    });
  }

  function updateInstance(inst, el, force) {
    if (inst.element === el && !inst.dirty && !force) return;
    if (inst.ref !== el.ref && (inst.kind === 'host' || inst.kind === 'class')) {
      setRef(inst.ref, null);
      inst.ref = el.ref;
      setRef(inst.ref, inst.kind === 'host' ? inst.node : inst.classInstance);
    }
    const prevProps = inst.props;
    inst.element = el;
    inst.props = el.props;
    if (inst.kind === 'memo' && !inst.dirty && !force) {
      const cmp = inst.type.compare || shallowEqual;
      if (cmp(prevProps, el.props)) {
        // still descend: state updates below must not be lost
        return;
      }
    }
    renderInstance(inst, false, prevProps, force);
  }

  function shallowEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (!a || !b) return false;
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    for (let i = 0; i < ka.length; i++) if (!Object.prototype.hasOwnProperty.call(b, ka[i]) || !Object.is(a[ka[i]], b[ka[i]])) return false;
    return true;
  }

  let renderStack = [];

  function renderInstance(inst, mounting, prevProps, force) {
    inst.dirty = false;
    const props = inst.props;
    let out;
    const effectMark = pendingEffects.length;
    switch (inst.kind) {
      case 'host':
        if (mounting) {
          inst.node = host.createNode(inst.type, props);
          inst.ref = inst.element.ref;
          setRef(inst.ref, inst.node);
        } else if (prevProps !== props) {
          host.commitUpdate(inst.node, prevProps, props);
        }
        out = props.children;
        break;
      case 'fn':
      case 'forward':
      case 'memo':
        out = callComponent(inst);
        break;
      case 'class':
        out = renderClass(inst, mounting, prevProps);
        if (out === NO_UPDATE) return;
        break;
      case 'provider': {
        const id = inst.type._context._id;
        const value = props.value;
        if (mounting) {
          inst.ctx = Object.create(inst.parent.ctx);
          inst.ctx[id] = value;
        } else if (!Object.is(inst.ctx[id], value)) {
          // Mutated in place: descendants' context objects inherit from this one.
          inst.ctx[id] = value;
          markConsumersBelow(inst, id); // consumers below must see the new value
        }
        out = props.children;
        break;
      }
      case 'consumer':
        out = typeof props.children === 'function' ? props.children(readContext(inst, inst.type)) : null;
        break;
      default:
        out = props.children;
    }
    const ownEffects = pendingEffects.length - effectMark;
    if (inst.kind === 'class' && inst.isBoundary) {
      const mountMark = mountLog.length;
      try {
        reconcileChildren(inst, out, force);
      } catch (err) {
        // The failed subtree never commits: drop its componentDidMount/Update calls and effects
        // (the boundary's own stay) and the instances it created.
        pendingEffects.length = effectMark + ownEffects;
        discardMounts(mountMark);
        recoverBoundary(inst, err);
      }
    } else {
      reconcileChildren(inst, out, force);
    }
    // React runs effects (and componentDidMount/Update) children first: move this instance's own
    // ones behind those its subtree scheduled.
    if (ownEffects > 0 && pendingEffects.length > effectMark + ownEffects) {
      const own = pendingEffects.splice(effectMark, ownEffects);
      for (let i = 0; i < own.length; i++) pendingEffects.push(own[i]);
    }
  }

  function callComponent(inst) {
    const prev = currentInst;
    const prevIndex = hookIndex;
    currentInst = inst;
    hookIndex = 0;
    renderStack.push(inst);
    try {
      if (inst.kind === 'fn') return inst.type(inst.props);
      if (inst.kind === 'forward') return inst.type.render(inst.props, inst.element.ref);
      const inner = inst.type.type; // memo
      if (inner && inner.$$typeof === FORWARD_REF) return inner.render(inst.props, inst.element.ref);
      return inner(inst.props);
    } catch (err) {
      // Record where it happened now: the stacks are unwound by the time the root catches it.
      if (err && typeof err === 'object' && !err.vcsComponentStack) err.vcsComponentStack = describeStack(stackAt(inst));
      throw err;
    } finally {
      renderStack.pop();
      currentInst = prev;
      hookIndex = prevIndex;
    }
  }

  const NO_UPDATE = {};

  function renderClass(inst, mounting, prevProps) {
    const Ctor = inst.type;
    const contextValue = Ctor.contextType ? readContext(inst, Ctor.contextType) : undefined;
    let c = inst.classInstance;
    if (mounting) {
      c = new Ctor(inst.props, contextValue);
      c.props = inst.props;
      c.context = contextValue;
      c._vcsInstance = inst;
      inst.classInstance = c;
      inst.ref = inst.element.ref; // a ref on a class element is its instance, as in React
      setRef(inst.ref, c);
      inst.pendingState = [];
      inst.pendingCallbacks = [];
      inst.isBoundary = typeof Ctor.getDerivedStateFromError === 'function' || typeof c.componentDidCatch === 'function';
      if (c.state === undefined) c.state = null;
    }
    const prevState = c.state;
    let state = prevState;
    if (inst.pendingState.length) {
      state = Object.assign({}, state);
      inst.pendingState.forEach(function (p) {
        Object.assign(state, typeof p === 'function' ? p(state, inst.props) : p);
      });
      inst.pendingState = [];
    }
    if (typeof Ctor.getDerivedStateFromProps === 'function') {
      const d = Ctor.getDerivedStateFromProps(inst.props, state);
      if (d != null) state = Object.assign({}, state, d);
    }
    if (!mounting && !inst.forceUpdate) {
      let skip = false;
      if (typeof c.shouldComponentUpdate === 'function') skip = !c.shouldComponentUpdate(inst.props, state, contextValue);
      else if (Ctor.prototype.isPureReactComponent) skip = shallowEqual(prevProps, inst.props) && shallowEqual(prevState, state);
      if (skip) {
        c.props = inst.props;
        c.state = state;
        return NO_UPDATE;
      }
    }
    inst.forceUpdate = false;
    c.props = inst.props;
    c.state = state;
    c.context = contextValue;
    renderStack.push(inst);
    let out;
    try {
      out = c.render();
    } finally {
      renderStack.pop();
    }
    const callbacks = inst.pendingCallbacks.splice(0);
    pendingEffects.push({
      classCommit: true,
      fn: function () {
        if (mounting) {
          if (c.componentDidMount) c.componentDidMount();
        } else if (c.componentDidUpdate) {
          c.componentDidUpdate(prevProps, prevState);
        }
        callbacks.forEach(function (cb) {
          cb.call(c);
        });
      },
    });
    return out;
  }

  function recoverBoundary(inst, err) {
    const c = inst.classInstance;
    const Ctor = inst.type;
    if (typeof c.componentDidCatch === 'function') {
      pendingEffects.push({
        classCommit: true,
        fn: function () {
          c.componentDidCatch(err, { componentStack: componentStackOf(err) });
        },
      });
    }
    if (typeof Ctor.getDerivedStateFromError === 'function') {
      c.state = Object.assign({}, c.state, Ctor.getDerivedStateFromError(err));
    }
    inst.children.forEach(unmount);
    inst.children = [];
    hostChildrenDirty.add(inst.hostParent);
    if (typeof Ctor.getDerivedStateFromError === 'function') {
      reconcileChildren(inst, c.render(), true);
    }
  }

  // Forget the instances created since `mark` by a render that threw. They never committed (no
  // effects ran, no componentDidMount), so there is nothing to clean up beyond our own records:
  // left in the context-reader sets they would be re-rendered when that context changes.
  function discardMounts(mark) {
    for (let i = mark; i < mountLog.length; i++) {
      const inst = mountLog[i];
      if (inst.unmounted) continue;
      inst.unmounted = true;
      if (inst.readsContext) {
        contextReaders.forEach(function (readers) {
          readers.delete(inst);
        });
      }
    }
    mountLog.length = mark;
  }

  function unmount(inst) {
    inst.unmounted = true;
    if (inst.readsContext) {
      contextReaders.forEach(function (readers) {
        readers.delete(inst);
      });
    }
    if (inst.hooks) {
      for (let i = 0; i < inst.hooks.length; i++) {
        const h = inst.hooks[i];
        if (h && typeof h.cleanup === 'function') {
          const f = h.cleanup;
          h.cleanup = null;
          f();
        }
      }
    }
    if (inst.classInstance) {
      if (inst.classInstance.componentWillUnmount) inst.classInstance.componentWillUnmount();
      setRef(inst.ref, null);
    }
    for (let i = 0; i < inst.children.length; i++) unmount(inst.children[i]);
    if (inst.kind === 'host') {
      setRef(inst.ref, null);
      host.removeNode(inst.node);
    }
  }

  // ---------------------------------------------------------------- commit

  function collectHostNodes(inst, out) {
    for (let i = 0; i < inst.children.length; i++) {
      const c = inst.children[i];
      if (c.kind === 'host') out.push(c.node);
      else collectHostNodes(c, out);
    }
    return out;
  }

  function commitHostChildren() {
    hostChildrenDirty.forEach(function (inst) {
      if (!inst.unmounted) host.setChildren(inst.node, collectHostNodes(inst, []));
    });
    hostChildrenDirty.clear();
  }

  function runEffects() {
    const effects = pendingEffects.splice(0);
    for (let i = 0; i < effects.length; i++) {
      const e = effects[i];
      if (e.classCommit) {
        e.fn();
        continue;
      }
      if (e.inst.unmounted) continue;
      if (typeof e.hook.cleanup === 'function') e.hook.cleanup();
      const r = e.fn();
      e.hook.cleanup = typeof r === 'function' ? r : null;
    }
    return effects.length;
  }

  function componentStackOf(err) {
    return err && err.vcsComponentStack ? err.vcsComponentStack : '';
  }

  function describeStack(stack) {
    const names = [];
    for (let i = stack.length - 1; i >= 0; i--) {
      const inst = stack[i];
      const user = inst.kind === 'fn' || inst.kind === 'class' || inst.kind === 'memo' || inst.kind === 'forward';
      if (user && !inst.type.vcsInternal) names.push(displayName(inst.type));
    }
    return names.map(function (n) {
      return '    in ' + n;
    }).join('\n');
  }

  // The ancestors of the instance being rendered when an error is thrown.
  function stackAt(inst) {
    const chain = [];
    for (let p = inst; p; p = p.parent) chain.unshift(p);
    return chain;
  }

  /*
   * Render `element` into the root container and settle: re-render dirty instances and run
   * effects until nothing is left (bounded, as React bounds nested updates).
   */
  function renderRoot(root, element) {
    if (rendering) throw new Error('renderRoot re-entered');
    rendering = true;
    try {
      if (element !== undefined) {
        root.props = { children: element };
        guarded(function () {
          reconcileChildren(root, element, false);
        });
      }
      for (let round = 0; ; round++) {
        if (round > 50) throw new Error('Too many re-renders: a state update in an effect keeps scheduling another one.');
        if (dirtyInstances.length) {
          const list = dirtyInstances.splice(0).sort(function (a, b) {
            return a.depth - b.depth;
          });
          guarded(function () {
            list.forEach(function (inst) {
              if (inst.dirty && !inst.unmounted) renderInstance(inst, false, inst.props, false);
            });
          });
        }
        commitHostChildren();
        if (!runEffects() && !dirtyInstances.length) break;
      }
    } finally {
      rendering = false;
      mountLog.length = 0;
      currentInst = null;
      renderStack = [];
    }
  }

  function guarded(fn) {
    try {
      fn();
    } catch (err) {
      const e = err instanceof Error ? err : new Error(String(err));
      if (!e.vcsComponentStack) {
        const last = currentInst || renderStack[renderStack.length - 1];
        e.vcsComponentStack = describeStack(last ? stackAt(last) : renderStack);
      }
      pendingEffects.length = 0;
      dirtyInstances.length = 0;
      discardMounts(0);
      throw e;
    }
  }

  function createRoot(node) {
    const root = new Instance({ type: 'root', key: null, props: {}, ref: null }, null);
    root.kind = 'root';
    root.node = node;
    return root;
  }

  function unmountRoot(root) {
    root.children.forEach(unmount);
    root.children = [];
    hostChildrenDirty.add(root);
    commitHostChildren();
    pendingEffects.length = 0;
    dirtyInstances.length = 0;
  }

  const React = {
    createElement: createElement,
    cloneElement: cloneElement,
    isValidElement: isValidElement,
    createContext: createContext,
    createRef: function () {
      return { current: null };
    },
    forwardRef: forwardRef,
    memo: memo,
    Component: Component,
    PureComponent: PureComponent,
    Fragment: FRAGMENT,
    StrictMode: STRICT,
    Children: Children,
    useState: useState,
    useReducer: useReducer,
    useEffect: effectHook,
    useLayoutEffect: effectHook,
    useMemo: useMemo,
    useCallback: useCallback,
    useRef: useRef,
    useContext: useContext,
    useImperativeHandle: useImperativeHandle,
    useDebugValue: function () {},
    useId: useId,
    version: '17.0.2',
  };

  g.__h = createElement;
  g.__jsx = jsx;
  g.__Fragment = FRAGMENT;
  g.__vcs_react = {
    React: React,
    setHostConfig: function (cfg) {
      host = cfg;
    },
    createRoot: createRoot,
    renderRoot: renderRoot,
    unmountRoot: unmountRoot,
  };
  g.__vcs_builtin('react', Object.assign({}, React));
})(globalThis);
