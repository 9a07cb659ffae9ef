"""The JS runtime's React semantics and the VCS hooks/contexts (vcs-api.md §4, §5).

Compositions record what they see into `globalThis.__t` (read back with `probe`), or show it
as Text (read back with `texts`).
"""

from __future__ import annotations

import pytest
from conftest import probe, texts

# ---------------------------------------------------------------------- components and hooks


def test_function_components_with_props_and_children(load):
    host = load("""
        function Label({ text, suffix }) { return <Text>{text + suffix}</Text>; }
        function Wrapper({ children }) { return <Box>{children}</Box>; }
        export default function C() {
          return <Wrapper><Label text="a" suffix="1" /><Label text="b" suffix="2" /></Wrapper>;
        }
    """)
    out = host.render(1)
    assert texts(out) == ["a1", "b2"]


def test_create_element_directly_and_text_children_join(load):
    host = load("""
        export default function C() {
          const n = 3;
          return React.createElement(Box, null,
            React.createElement(Text, null, 'x'),
            <Text>{'n ='}{n}</Text>);
        }
    """)
    assert texts(host.render(1)) == ["x", "n = 3"]


def test_clone_element_keeps_ref_for_undefined_and_applies_default_props(load):
    host = load("""
        function Label({ word }) { return <Text>{word}</Text>; }
        Label.defaultProps = { word: 'default' };
        export default function C() {
          const ref = React.useRef(null);
          const el = <Label ref={ref} word="given" />;
          const a = React.cloneElement(el, { ref: undefined });
          const b = React.cloneElement(el, { word: undefined });
          globalThis.__t = [a.ref === ref, b.props.word];
          return <Box>{a}{b}</Box>;
        }
    """)
    assert probe(host) == [True, "default"]
    assert texts(host._last) == ["given", "default"]


def test_children_helpers_count_empty_children_as_react_17(load):
    host = load("""
        export default function C() {
          const kids = [<Text key="a">a</Text>, null, false, [<Text key="b">b</Text>, undefined]];
          const seen = [];
          React.Children.forEach(kids, (c, i) => seen.push(c === null ? 'null@' + i : c.key + '@' + i));
          globalThis.__t = [
            React.Children.count(kids), React.Children.count(null), React.Children.count(false),
            React.Children.map(kids, (c, i) => (c ? i : null)), React.Children.toArray(kids).length, seen,
          ];
          return null;
        }
    """)
    assert probe(host) == [5, 0, 1, [0, 3], 2, ["a@0", "null@1", "null@2", "b@3", "null@4"]]


def test_effect_runs_after_commit_in_order(load):
    host = load("""
        function Child() {
          globalThis.__t.push('render child');
          React.useEffect(() => { globalThis.__t.push('effect child'); }, []);
          return null;
        }
        export default function C() {
          globalThis.__t.push('render root');
          React.useEffect(() => { globalThis.__t.push('effect root'); }, []);
          return <Box><Child /></Box>;
        }
    """)
    # Effects run once, after the whole tree rendered; children's effects before the parent's.
    assert probe(host) == ["render root", "render child", "effect child", "effect root"]
    host.render(1)
    assert probe(host)[4:] == ["render root", "render child"]


def test_effect_with_deps_reruns_with_cleanup_and_cleanup_on_unmount(load):
    host = load("""
        export const compositionInterface = { params: [
          { id: 'show', type: 'boolean', defaultValue: true },
          { id: 'n', type: 'number', defaultValue: 1 },
        ] };
        function Child({ n }) {
          React.useEffect(() => {
            globalThis.__t.push('on ' + n);
            return () => globalThis.__t.push('off ' + n);
          }, [n]);
          return <Text>child</Text>;
        }
        export default function C() {
          const p = hooks.useParams();
          return <Box>{p.show ? <Child n={p.n} /> : null}</Box>;
        }
    """)
    assert probe(host) == ["on 1"]
    host.render(1)
    assert probe(host) == ["on 1"]  # same deps: no re-run
    host.set_params({"n": 2})
    host.render(2)
    assert probe(host) == ["on 1", "off 1", "on 2"]
    host.set_params({"show": False})
    out = host.render(3)
    assert probe(host) == ["on 1", "off 1", "on 2", "off 2"]
    assert texts(out) == []


def test_set_state_in_effect_rerenders_before_output(load):
    host = load("""
        export default function C() {
          const t = hooks.useVideoTime();
          const [seen, setSeen] = React.useState(-1);
          React.useEffect(() => { setSeen(t); }, [t]);
          return <Text>{'seen ' + Math.round(seen * 30)}</Text>;
        }
    """)
    assert texts(host._last) == ["seen 0"]  # the mount frame already shows the effect's state
    out = host.render(5)
    assert out.changed
    assert texts(out) == ["seen 5"]
    assert texts(host.render(6)) == ["seen 6"]


def test_use_state_updater_function_and_state_persistence(load):
    host = load("""
        export default function C() {
          const t = hooks.useVideoTime();
          const [count, setCount] = React.useState(() => 10);
          React.useEffect(() => { setCount(c => c + 1); setCount(c => c + 1); }, [t]);
          return <Text>{String(count)}</Text>;
        }
    """)
    assert texts(host._last) == ["12"]
    assert texts(host.render(1)) == ["14"]


def test_memo_callback_ref_identity_across_frames(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'k', type: 'number', defaultValue: 1 }] };
        export default function C() {
          const p = hooks.useParams();
          const t = hooks.useVideoTime();
          const stable = React.useMemo(() => ({}), []);
          const keyed = React.useMemo(() => ({ k: p.k }), [p.k]);
          const cb = React.useCallback(() => 1, []);
          const ref = React.useRef({ created: t });
          const s = globalThis.__seen || (globalThis.__seen = { stable, keyed, cb, ref });
          globalThis.__t.push([s.stable === stable, s.keyed === keyed, s.cb === cb, s.ref === ref,
                               ref.current.created]);
          return null;
        }
    """)
    host.render(1)
    host.render(2)
    host.set_params({"k": 2})
    host.render(3)
    assert probe(host) == [
        [True, True, True, True, 0],
        [True, True, True, True, 0],
        [True, True, True, True, 0],
        [True, False, True, True, 0],
    ]


def test_use_ref_mutation_survives_rerenders(load):
    host = load("""
        export default function C() {
          hooks.useVideoTime();
          const renders = React.useRef(0);
          renders.current += 1;
          return <Text>{'r' + renders.current}</Text>;
        }
    """)
    for n in range(1, 4):
        out = host.render(n)
    assert texts(out) == ["r4"]


# ---------------------------------------------------------------------- context


CONTEXT_COMP = """
    export const compositionInterface = { params: [{ id: 'inner', type: 'text', defaultValue: 'i1' }] };
    const Ctx = React.createContext('default');
    function Show({ tag }) {
      const v = React.useContext(Ctx);
      return <Text>{tag + '=' + v}</Text>;
    }
    const MemoShow = React.memo(function MemoShow() {
      const v = React.useContext(Ctx);
      globalThis.__t.push(v);
      return <Text>{'memo=' + v}</Text>;
    });
    export default function C() {
      const p = hooks.useParams();
      return (
        <Box>
          <Show tag="none" />
          <Ctx.Provider value="outer">
            <Show tag="o" />
            <Ctx.Provider value={p.inner}>
              <Show tag="i" />
              <MemoShow />
            </Ctx.Provider>
            <Show tag="o2" />
          </Ctx.Provider>
        </Box>
      );
    }
"""


def test_context_nested_providers_and_value_changes(load):
    host = load(CONTEXT_COMP)
    assert texts(host.render(1)) == ["none=default", "o=outer", "i=i1", "memo=i1", "o2=outer"]
    host.set_params({"inner": "i2"})
    out = host.render(2)
    # The value change reaches consumers, including one below a memo'd component whose props
    # did not change.
    assert texts(out) == ["none=default", "o=outer", "i=i2", "memo=i2", "o2=outer"]
    assert probe(host) == ["i1", "i2"]  # MemoShow rendered at mount and on the change only


def test_context_consumer_class_context_type(load):
    host = load("""
        const Ctx = React.createContext('d');
        class Reader extends React.Component {
          render() { return <Text>{'ctx ' + this.context}</Text>; }
        }
        Reader.contextType = Ctx;
        export default function C() {
          return <Ctx.Provider value="v"><Reader /></Ctx.Provider>;
        }
    """)
    assert texts(host.render(1)) == ["ctx v"]


# ---------------------------------------------------------------------- keys, fragments, children


KEYED_COMP = """
    export const compositionInterface = { params: [{ id: 'order', type: 'text', defaultValue: 'a,b,c' }] };
    function Item({ name }) {
      const [born] = React.useState(name);        // which element this state was created for
      const renders = React.useRef(0);
      renders.current += 1;
      return <Text>{name + ':' + born + ':' + renders.current}</Text>;
    }
    export default function C() {
      const order = hooks.useParams().order.split(',');
      return <Box>{order.map(n => <Item key={n} name={n} />)}</Box>;
    }
"""


def test_keyed_children_keep_state_when_reordered(load):
    host = load(KEYED_COMP)
    assert texts(host.render(1)) == ["a:a:2", "b:b:2", "c:c:2"]
    host.set_params({"order": "c,a,b"})
    assert texts(host.render(2)) == ["c:c:3", "a:a:3", "b:b:3"]
    host.set_params({"order": "b,d"})
    # a and c unmount; d is new (1 render); b keeps its state
    assert texts(host.render(3)) == ["b:b:4", "d:d:1"]


def test_a_lone_child_remounts_when_its_key_changes(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'who', type: 'text', defaultValue: 'a' }] };
        function Item({ name }) {
          const [born] = React.useState(name);
          return <Text>{name + ':' + born}</Text>;
        }
        export default function C() {
          const who = hooks.useParams().who;
          return <Box>{who === 'x' ? [<Item key="b" name="x" />] : <Item key={who} name={who} />}</Box>;
        }
    """)
    assert texts(host.render(1)) == ["a:a"]
    host.set_params({"who": "b"})
    assert texts(host.render(2)) == ["b:b"]  # a new key is a new instance, as in React
    host.set_params({"who": "x"})
    assert texts(host.render(3)) == ["x:b"]  # the same key as an array's child: the same instance


def test_fragments_arrays_null_false_undefined_children(load):
    host = load("""
        function Nothing() { return null; }
        function Two() { return <><Text>f1</Text><Text>f2</Text></>; }
        export default function C() {
          return (
            <Box>
              {null}{false}{undefined}{true}
              {[<Text key="1">a1</Text>, [<Text key="2">a2</Text>, null]]}
              <Nothing />
              <React.Fragment><Two /></React.Fragment>
              {[]}
              <Text>end</Text>
            </Box>
          );
        }
    """)
    out = host.render(1)
    assert texts(out) == ["a1", "a2", "f1", "f2", "end"]


def test_react_memo_skips_rerender_on_equal_props_and_custom_compare(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'v', type: 'number', defaultValue: 1 }] };
        const Plain = React.memo(function Plain({ v }) { globalThis.__t.push('plain ' + v); return null; });
        const Never = React.memo(function Never({ v }) { globalThis.__t.push('never ' + v); return null; },
                                 () => true);
        export default function C() {
          hooks.useVideoTime();
          const v = hooks.useParams().v;
          return <Box><Plain v={v} /><Never v={v} /></Box>;
        }
    """)
    host.render(1)
    host.render(2)
    host.set_params({"v": 2})
    host.render(3)
    assert probe(host) == ["plain 1", "never 1", "plain 2"]


# ---------------------------------------------------------------------- classes and boundaries


def test_class_component_state_and_lifecycle(load):
    host = load("""
        class Counter extends React.Component {
          constructor(props) { super(props); this.state = { n: 0 }; }
          componentDidMount() { globalThis.__t.push('mount'); this.setState({ n: 1 }); }
          componentDidUpdate(prevProps, prevState) {
            if (prevState.n !== this.state.n) globalThis.__t.push('update ' + this.state.n);
          }
          componentWillUnmount() { globalThis.__t.push('unmount'); }
          render() { return <Text>{this.props.label + this.state.n}</Text>; }
        }
        export const compositionInterface = { params: [{ id: 'show', type: 'boolean', defaultValue: true }] };
        export default function C() {
          return <Box>{hooks.useParams().show && <Counter label="n=" />}</Box>;
        }
    """)
    assert texts(host._last) == ["n=1"]
    assert probe(host) == ["mount", "update 1"]
    host.set_params({"show": False})
    out = host.render(1)
    assert texts(out) == []
    assert probe(host)[-1] == "unmount"


def test_error_boundary_with_get_derived_state_from_error(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'boom', type: 'boolean', defaultValue: false }] };
        class Boundary extends React.Component {
          constructor(props) { super(props); this.state = { error: null }; }
          static getDerivedStateFromError(error) { return { error: error.message }; }
          componentDidCatch(error, info) { globalThis.__t.push('caught ' + error.message); }
          render() {
            if (this.state.error) return <Text>{'fallback: ' + this.state.error}</Text>;
            return this.props.children;
          }
        }
        function Bomb({ boom }) {
          if (boom) throw new Error('kaboom');
          return <Text>fine</Text>;
        }
        export default function C() {
          const p = hooks.useParams();
          return (
            <Box>
              <Text>before</Text>
              <Boundary><Text>inside</Text><Bomb boom={p.boom} /></Boundary>
              <Text>after</Text>
            </Box>
          );
        }
    """)
    assert texts(host.render(1)) == ["before", "inside", "fine", "after"]
    host.set_params({"boom": True})
    out = host.render(2)
    assert texts(out) == ["before", "fallback: kaboom", "after"]
    assert probe(host) == ["caught kaboom"]
    # the composition keeps running
    assert texts(host.render(3)) == ["before", "fallback: kaboom", "after"]


def test_error_boundary_discards_the_failed_subtrees_mounts_and_effects(load):
    # A subtree that throws while mounting never commits (React): no componentDidMount or effect
    # of its siblings runs, so nothing is "mounted" after the boundary unmounted it.
    host = load("""
        export const compositionInterface = { params: [{ id: 'show', type: 'boolean', defaultValue: false }] };
        class Boundary extends React.Component {
          constructor(props) { super(props); this.state = { error: null }; }
          static getDerivedStateFromError(error) { return { error: error.message }; }
          render() { return this.state.error ? <Text>fallback</Text> : this.props.children; }
        }
        class Logger extends React.Component {
          componentDidMount() { globalThis.__t.push('did mount'); }
          render() { return <Text>logger</Text>; }
        }
        function Effect() {
          React.useEffect(() => { globalThis.__t.push('effect'); }, []);
          return null;
        }
        function Clock() {
          globalThis.__t.push('clock ' + hooks.useVideoTime());
          return null;
        }
        function Bomb() { throw new Error('kaboom'); }
        export default function C() {
          const p = hooks.useParams();
          return <Box><Boundary>{p.show ? [<Logger key="l" />, <Effect key="e" />, <Clock key="c" />, <Bomb key="b" />] : null}</Boundary></Box>;
        }
    """, fps=1)
    host.set_params({"show": True})
    assert texts(host.render(1)) == ["fallback"]
    assert probe(host) == ["clock 1"]
    # the discarded Clock does not keep rendering as the time context changes
    host.render(2)
    host.render(3)
    assert probe(host) == ["clock 1"]


def test_render_count_root_rerenders_every_frame(load):
    host = load("""
        export default function C() {
          globalThis.__t.push(1);
          return <Box style={{ fillColor: 'red' }} />;
        }
    """)
    assert host.render_count == 1  # the mount render
    first = host.render(1)
    second = host.render(2)
    assert host.render_count == 3
    assert len(probe(host)) == 3
    assert not first.changed and not second.changed


# ---------------------------------------------------------------------- useActiveVideo


ACTIVE_VIDEO_COMP = """
    export default function C() {
      const opts = hooks.useParams().opts;
      const av = hooks.useActiveVideo(opts);
      globalThis.__av = av;
      globalThis.__names = Object.keys(av.displayNamesById).map(k => [k, av.displayNamesById[k] === undefined ? '<undef>' : av.displayNamesById[k]]);
      globalThis.__t.push(av);
      return null;
    }
"""


@pytest.fixture
def active_video(load):
    host = load(ACTIVE_VIDEO_COMP)

    def run(slots, opts=None):
        host.set_inputs(slots)
        host.set_params({"opts": opts}, warn=False)
        host.render(1)
        return probe(host, "globalThis.__av")

    run.host = host
    return run


def test_active_video_true_slots_use_index_ids(active_video):
    av = active_video([True, False, {"displayName": "Ann"}, None, {"id": "x", "displayName": "X"}])
    assert av["activeIds"] == [0, 2, "x"]
    assert av["activeScreenshareIds"] == []
    assert av["dominantId"] is None
    assert av["maxSimultaneousVideoInputs"] == 5
    assert probe(active_video.host, "globalThis.__names") == [["0", "<undef>"], ["2", "Ann"], ["x", "X"]]
    assert av["pausedById"] == {"0": False, "2": False, "x": False}
    assert av["frameSizesById"] == {"0": {"w": 0, "h": 0}, "2": {"w": 0, "h": 0}, "x": {"w": 0, "h": 0}}


def test_active_video_screenshare_and_prefer_screenshare(active_video):
    slots = [{"id": 1}, {"id": 2, "type": "screenshare"}, {"id": 3, "frameSize": {"w": 640, "h": 480}}]
    av = active_video(slots)
    assert av["activeIds"] == [1, 2, 3]
    assert av["activeScreenshareIds"] == [2]
    assert av["frameSizesById"]["3"] == {"w": 640, "h": 480}
    av = active_video(slots, {"preferScreenshare": True})
    assert av["activeIds"] == [2, 1, 3]


def test_active_video_omit_extra_screenshares(active_video):
    slots = [{"id": 1, "type": "screenshare"}, {"id": 2, "type": "screenshare"}, {"id": 3}]
    assert active_video(slots)["activeIds"] == [1, 2, 3]
    av = active_video(slots, {"omitExtraScreenshares": True})
    assert av["activeIds"] == [1, 3]
    assert av["activeScreenshareIds"] == [1]


def test_active_video_max_cam_streams_and_dominant_replacement(active_video):
    slots = [{"id": "a"}, {"id": "b"}, {"id": "c", "dominant": True}, {"id": "d", "displayName": "D"}]
    av = active_video(slots, {"maxCamStreams": 2})
    assert av["activeIds"] == ["a", "c"]  # b popped for the dominant c; d over the limit
    assert av["dominantId"] == "c"
    assert "d" in av["pausedById"] and av["displayNamesById"]["d"] == "D"
    # falsy maxCamStreams means 25
    assert active_video(slots, {"maxCamStreams": 0})["activeIds"] == ["a", "b", "c", "d"]


def test_active_video_dominant_pop_removes_a_screenshare(active_video):
    slots = [{"id": 1}, {"id": 9, "type": "screenshare"}, {"id": 2, "dominant": True}]
    av = active_video(slots, {"maxCamStreams": 1})
    assert av["activeIds"] == [1, 2]
    assert av["activeScreenshareIds"] == [9]
    assert av["dominantId"] == 2


def test_active_video_first_dominant_wins_and_omit_paused(active_video):
    slots = [{"id": 5, "dominant": True, "paused": True}, {"id": 6, "dominant": True}, {"id": 7}]
    av = active_video(slots)
    assert av["dominantId"] == 5
    assert av["activeIds"] == [5, 6, 7]
    assert av["pausedById"] == {"5": True, "6": False, "7": False}
    av = active_video(slots, {"omitPaused": True})
    assert av["activeIds"] == [6, 7]
    assert av["dominantId"] == 6
    assert av["pausedById"]["5"] is True  # still described


def test_active_video_is_memoised_on_slots_identity(load):
    host = load("""
        export default function C() {
          hooks.useVideoTime();
          const av = hooks.useActiveVideo();
          const first = globalThis.__seen || (globalThis.__seen = av);
          globalThis.__t.push(first === av);
          return null;
        }
    """)
    host.set_inputs([True, True])
    host.render(1)  # new slots: new value
    host.render(2)
    host.render(3)
    assert probe(host) == [True, False, False, False]
    assert probe(host, "globalThis.__seen.activeIds") == []


def test_active_video_memo_kept_across_frames(load):
    host = load("""
        export default function C() {
          hooks.useVideoTime();
          const av = hooks.useActiveVideo();
          globalThis.__t.push(av);
          globalThis.__same = globalThis.__t.length > 1 && globalThis.__t[globalThis.__t.length - 2] === av;
          return null;
        }
    """)
    host.set_inputs([True])
    host.render(1)
    host.render(2)
    assert probe(host, "globalThis.__same") is True
    host.set_inputs([True])  # equal content, new array: recomputed
    host.render(3)
    assert probe(host, "globalThis.__same") is False


# ---------------------------------------------------------------------- params


PARAMS_COMP = """
    export const compositionInterface = { params: [
      { id: 'text.content', type: 'text', defaultValue: 'hello' },
      { id: 'text.size', type: 'number', defaultValue: 0 },
      { id: 'a.b.c', type: 'boolean', defaultValue: false },
      { id: '.lead', type: 'text', defaultValue: 'L' },
      { id: 'trail.', type: 'text', defaultValue: 'T' },
      { id: 'empty', type: 'text', defaultValue: '' },
      { id: 'noDefault', type: 'text' },
    ] };
    export default function C() {
      const p = hooks.useParams();
      globalThis.__p = p;
      globalThis.__t.push(p);
      return null;
    }
"""


def test_params_defaults_and_grouping(load):
    host = load(PARAMS_COMP)
    p = probe(host, "globalThis.__p")
    assert p["text.content"] == "hello"
    assert p["text"] == {"content": "hello", "size": 0}
    assert p["a.b.c"] is False and p["a"] == {"b.c": False}  # only the first dot splits
    assert p[".lead"] == "L" and "" not in p
    assert p["trail."] == "T" and "trail" not in p
    assert p["empty"] == ""
    assert "noDefault" not in p


def test_params_set_updates_flat_and_grouped_with_new_identity(load):
    host = load(PARAMS_COMP)
    host.set_params({"text.content": "bye"})
    host.render(1)
    p = probe(host, "globalThis.__p")
    assert p["text.content"] == "bye" and p["text"]["content"] == "bye" and p["text"]["size"] == 0
    assert probe(host, "globalThis.__t[0] !== globalThis.__t[1]") is True
    host.render(2)  # no change: same object
    assert probe(host, "globalThis.__t[1] === globalThis.__t[2]") is True


def test_params_updates_are_batched_until_the_next_tick(load):
    host = load(PARAMS_COMP)
    host.set_params({"text.content": "one"})
    host.set_params({"empty": "two"})
    host.render(1)
    assert probe(host, "globalThis.__t.length") == 2  # one render for both changes
    p = probe(host, "globalThis.__p")
    assert (p["text.content"], p["empty"]) == ("one", "two")


def test_undeclared_and_mistyped_params_pass_through_with_warnings(load):
    host = load(PARAMS_COMP)
    warnings = host.set_params({"zzz": {"deep": [1, 2]}, "text.size": "12", "text.content": "ok"})
    assert len(warnings) == 2
    assert any("zzz" in w and "not declared" in w for w in warnings)
    assert any("text.size" in w for w in warnings)
    host.render(1)
    p = probe(host, "globalThis.__p")
    assert p["zzz"] == {"deep": [1, 2]}
    assert p["text.size"] == "12" and p["text"]["size"] == "12"  # no coercion


def test_reset_params_restores_defaults(load):
    host = load(PARAMS_COMP)
    host.set_params({"text.content": "x", "other": 1}, warn=False)
    host.render(1)
    host.reset_params()
    host.render(2)
    p = probe(host, "globalThis.__p")
    assert p["text.content"] == "hello" and "other" not in p


# ---------------------------------------------------------------------- sources, room, viewport


SOURCES_COMP = """
    export const compositionInterface = { params: [], standardSources: ['chatMessages', 'emojiReactions'] };
    export default function C() {
      const s = hooks.useStandardSources();
      globalThis.__s = {
        enabled: [s.chatMessages.enabled, s.transcript.enabled, s.emojiReactions.enabled],
        chat: s.chatMessages.latest.map(m => [m.key, m.senderDisplayName, m.text, m.date === null]),
        emoji: s.emojiReactions.latest.map(m => m.text),
      };
      return <Box>{s.chatMessages.latest.map(m => <Text key={m.key}>{m.text}</Text>)}</Box>;
    }
"""


def test_standard_sources_reach_the_composition(load):
    host = load(SOURCES_COMP)
    s = probe(host, "globalThis.__s")
    assert s["enabled"] == [True, False, True]
    assert s["chat"] == []
    host.add_messages({"chatMessages": [{"key": "1", "senderDisplayName": "Ann", "text": "hi"},
                                        {"key": "", "text": "rejected"},
                                        {"key": "2", "text": "there"}]})
    out = host.render(1)
    s = probe(host, "globalThis.__s")
    assert s["chat"] == [["1", "Ann", "hi", True], ["2", "", "there", True]]
    assert texts(out) == ["hi", "there"]
    assert any("without a key" in text for _, text in out.logs)


def test_emoji_reactions_are_pruned_after_one_second(load):
    host = load(SOURCES_COMP)
    host.render(30)  # t = 1 s
    host.add_messages({"emojiReactions": [{"key": "e1", "text": "🎉"}],
                       "chatMessages": [{"key": "c1", "text": "stays"}]})
    host.render(t=1.5)
    assert probe(host, "globalThis.__s.emoji") == ["🎉"]
    host.render(t=3.0)  # more than 1 s after it was added, whichever tick counts as "added"
    assert probe(host, "globalThis.__s.emoji") == []
    # chat messages are pruned only while more than 20 are held
    host.render(t=100.0)
    assert probe(host, "globalThis.__s.chat") == [["c1", "", "stays", True]]


def test_chat_messages_pruned_after_60s_only_beyond_20(load):
    host = load(SOURCES_COMP)
    host.render(t=1.0)
    host.add_messages({"chatMessages": [{"key": f"k{i}", "text": str(i)} for i in range(25)]})
    host.render(t=2.0)
    assert len(probe(host, "globalThis.__s.chat")) == 25
    host.render(t=30.0)
    assert len(probe(host, "globalThis.__s.chat")) == 25
    host.render(t=70.0)
    # (the spec leaves open whether pruning stops at 20 items; all are stale here)
    assert len(probe(host, "globalThis.__s.chat")) <= 20


def test_room_peers_reach_room_context_and_peer_hooks(load):
    host = load("""
        import { RoomContext, RenderEngineType } from '#vcs-react/contexts';
        export default function C() {
          const room = React.useContext(RoomContext);
          const audioOnly = hooks.useAudioOnlyPeers();
          const unpaused = hooks.useUnpausedPeers();
          const unpausedVideo = hooks.useUnpausedPeers('video, screenshare');
          globalThis.__r = {
            ids: room.availablePeers.map(p => p.id),
            engine: room.renderEngine === RenderEngineType.VCSRENDER,
            audioOnly: audioOnly.map(p => p.id),
            unpaused: unpaused.map(p => p.id),
            unpausedVideo: unpausedVideo.map(p => p.id),
          };
          return null;
        }
    """)
    peers = [
        {"id": "p1", "displayName": "A", "video": {"id": 0, "paused": False},
         "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": "a1", "paused": False}},
        {"id": "p2", "displayName": "B", "video": {"id": None, "paused": False},
         "screenshareVideo": {"id": None, "paused": False}, "audio": {"id": "a2", "paused": True}},
        {"id": "p3", "displayName": None, "video": {"id": 3, "paused": True},
         "screenshareVideo": {"id": 4, "paused": False}, "audio": {"id": None, "paused": False}},
    ]
    host.set_room(peers)
    host.render(1)
    r = probe(host, "globalThis.__r")
    assert r == {"ids": ["p1", "p2", "p3"], "engine": True, "audioOnly": ["p2"],
                 "unpaused": ["p1", "p3"], "unpausedVideo": ["p3"]}
    # a mapping: keys become ids
    host.set_room({"k1": {"displayName": "M", "audio": {"id": "x", "paused": False}}})
    host.render(2)
    assert probe(host, "globalThis.__r.ids") == ["k1"]
    assert probe(host, "globalThis.__r.audioOnly") == ["k1"]


@pytest.mark.parametrize("size,ppg", [((1280, 720), 20), ((1920, 1080), 30), ((1080, 1920), 30), ((720, 720), 20),
                                      ((1000, 500), 500 / 36)])
def test_viewport_and_grid_unit(load, size, ppg):
    host = load("""
        export default function C() {
          const mi = hooks.useMediaInput();
          globalThis.__v = [hooks.useViewportSize(), hooks.useGrid().pixelsPerGridUnit, mi.pixelsPerGridUnit,
                            hooks.useVideoPlaybackState(), hooks.PlaybackStateType.POSTROLL];
          return null;
        }
    """, size=size)
    vp, g1, g2, state, postroll = probe(host, "globalThis.__v")
    assert vp == {"w": size[0], "h": size[1]}
    assert g1 == pytest.approx(ppg, abs=0) and g2 == g1
    assert (state, postroll) == ("playing", "postroll")


def test_video_time_is_frame_over_fps(load):
    host = load("""
        export default function C() {
          globalThis.__t.push(hooks.useVideoTime());
          return null;
        }
    """, fps=25)
    host.render(10)
    host.render(t=1.5)
    assert probe(host) == [0, 0.4, 1.5]


# ---------------------------------------------------------------------- more React surface


def test_pure_component_skips_but_context_type_reader_updates(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'theme', type: 'text', defaultValue: 'dark' }] };
        const Theme = React.createContext('none');
        class Pure extends React.PureComponent {
          render() { globalThis.__t.push('pure ' + this.props.v); return null; }
        }
        class Reader extends React.PureComponent {
          render() { globalThis.__t.push('reader ' + this.context); return <Text>{this.context}</Text>; }
        }
        Reader.contextType = Theme;
        class Gate extends React.Component {
          shouldComponentUpdate(next) { return next.v !== this.props.v; }
          render() { globalThis.__t.push('gate'); return this.props.children; }
        }
        export default function C() {
          hooks.useVideoTime();
          const theme = hooks.useParams().theme;
          return (
            <Theme.Provider value={theme}>
              <Pure v={1} />
              <Gate v={1}><Reader /></Gate>
            </Theme.Provider>
          );
        }
    """)
    host.render(1)
    assert probe(host) == ["pure 1", "gate", "reader dark"]
    host.set_params({"theme": "light"})
    out = host.render(2)
    assert probe(host) == ["pure 1", "gate", "reader dark", "reader light"]
    assert texts(out) == ["light"]


def test_use_reducer_and_context_consumer_render_prop(load):
    host = load("""
        const Ctx = React.createContext(0);
        function reducer(state, action) { return action === 'inc' ? state + 1 : state; }
        export default function C() {
          const t = hooks.useVideoTime();
          const [n, dispatch] = React.useReducer(reducer, 0);
          React.useEffect(() => { dispatch('inc'); dispatch('noop'); }, [t]);
          return <Ctx.Provider value={n * 10}>
            <Ctx.Consumer>{v => <Text>{'v=' + v}</Text>}</Ctx.Consumer>
          </Ctx.Provider>;
        }
    """)
    assert texts(host._last) == ["v=10"]
    assert texts(host.render(1)) == ["v=20"]


def test_refs_class_instance_forward_ref_imperative_handle(load):
    host = load("""
        const Fancy = React.forwardRef((props, ref) => {
          React.useImperativeHandle(ref, () => ({ hello: 'hi ' + props.id }), [props.id]);
          return <Box />;
        });
        class K extends React.Component { render() { return null; } }
        export default function C() {
          const a = React.useRef(null);
          const b = React.useRef(null);
          const c = React.useRef(null);
          React.useEffect(() => {
            globalThis.__t.push([a.current instanceof K, b.current && b.current.hello, c.current]);
          }, []);
          // Box is a plain function component (vcs-api.md §2): a ref on it stays null, as in React
          return <Box><K ref={a} /><Fancy ref={b} id="f" /><Box ref={c} /></Box>;
        }
    """)
    assert probe(host) == [[True, "hi f", None]]


def test_unmounted_subtree_state_is_fresh_on_remount(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'show', type: 'boolean', defaultValue: true }] };
        function Counter() {
          const r = React.useRef(0);
          r.current += 1;
          return <Text>{'n' + r.current}</Text>;
        }
        export default function C() {
          return <Box>{hooks.useParams().show ? <Counter /> : null}</Box>;
        }
    """)
    assert texts(host.render(1)) == ["n2"]
    host.set_params({"show": False})
    assert texts(host.render(2)) == []
    host.set_params({"show": True})
    assert texts(host.render(3)) == ["n1"]


def test_type_change_at_same_position_remounts(load):
    host = load("""
        export const compositionInterface = { params: [{ id: 'kind', type: 'text', defaultValue: 'a' }] };
        function A() { const [s] = React.useState('A-state'); return <Text>{s}</Text>; }
        function B() { const [s] = React.useState('B-state'); return <Text>{s}</Text>; }
        export default function C() {
          const K = hooks.useParams().kind === 'a' ? A : B;
          return <Box><K /></Box>;
        }
    """)
    assert texts(host.render(1)) == ["A-state"]
    host.set_params({"kind": "b"})
    assert texts(host.render(2)) == ["B-state"]


def test_reload_keeps_params_inputs_and_room(load):
    host = load("""
        import { RoomContext } from '#vcs-react/contexts';
        export const compositionInterface = { params: [{ id: 'title', type: 'text', defaultValue: 'a' }] };
        export default function C() {
          const { activeIds } = hooks.useActiveVideo();
          const peers = React.useContext(RoomContext).availablePeers;
          return <Box>
            {activeIds.map(id => <Video key={id} src={id} />)}
            <Text>{hooks.useParams().title + ' ' + peers.length}</Text>
          </Box>;
        }
    """)
    host.set_inputs([True, {"id": "x"}])
    host.set_params({"title": "b"})
    host.set_room([{"id": "p"}])
    host.render(1)
    host.reload()
    out = host.render(2)
    assert [layer["id"] for layer in out.video_layers] == [0, "x"]
    assert texts(out) == ["b 1"]


def test_message_dates_become_date_objects(load):
    host = load("""
        export const compositionInterface = { params: [], standardSources: ['transcript'] };
        export default function C() {
          const latest = hooks.useStandardSources().transcript.latest;
          globalThis.__d = latest.map(m => [m.date instanceof Date, m.date ? m.date.getTime() : null]);
          return null;
        }
    """)
    host.add_messages({"transcript": [{"key": "a", "text": "x", "date": "2024-01-02T03:04:05Z"},
                                      {"key": "b", "text": "y"}]})
    host.render(1)
    assert probe(host, "globalThis.__d") == [[True, 1704164645000], [False, None]]


def test_postroll_reaches_use_video_playback_state(tmp_path) -> None:
    from vcs_engine.host import Host

    path = tmp_path / "pb.jsx"
    path.write_text(
        "import * as React from 'react';\n"
        "import { Box, Text } from '#vcs-react/components';\n"
        "import { useVideoPlaybackState } from '#vcs-react/hooks';\n"
        "export default function P() { return <Box><Text>{useVideoPlaybackState()}</Text></Box>; }\n")
    host = Host.load(path)

    def drawn(out) -> list[str]:
        return [c[1][0] for c in out.flattened["commands"] if c[0] == "fillText"]

    assert drawn(host.render(1)) == ["playing"]
    assert drawn(host.render(2, playback_state="postroll")) == ["postroll"]
