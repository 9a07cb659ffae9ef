"""Benchmark of vcs_engine.transform: a cold bundle and a reload after a one-file edit.

Targets (docs: transform owner's brief): a 20-file composition bundles in ≤ 150 ms cold and in
≤ 20 ms after one file changed (only that file is re-transformed; the rest comes from the cache).
Runs on a synthetic composition generated in a temp folder, and on Daily's baseline when
`shared/daily-reference` is present.

    python benchmarks/transform.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from vcs_engine.transform import TransformCache, load_composition_modules

DAILY_BASELINE = Path(__file__).resolve().parents[2] / "shared" / "daily-reference" / "compositions" / "daily-baseline"
COMPONENTS = 18
REPEATS = 9


def _component(index: int) -> str:
    """A component module of typical size (~120 lines) with JSX, hooks and layout helpers."""
    rows = "\n".join(
        f"""        <Box key="row{row}" id={{`item-${{id}}-{row}`}} layout={{[layouts.pad, {{pad_gu: {row} * 0.1}}]}}
          style={{{{fillColor: active ? '#fff' : 'rgba(0, 0, 0, 0.5)', cornerRadius_px: {row}}}}}>
          <Text style={{textStyle}}>
            Row {row} of component {index} &mdash; {{label}} {{t.toFixed(1)}}
          </Text>
          {{active && <Image src="icon" layout={{[layouts.offset, {{x: {row}}}]}} />}}
        </Box>"""
        for row in range(12)
    )
    return f"""import * as React from 'react';
import {{ Box, Image, Text }} from '#vcs-react/components';
import {{ useVideoTime }} from '#vcs-react/hooks';
import * as layouts from '../layouts.js';
import {{ palette, textSize_gu }} from '../constants.js';

export function useLabel{index}(id) {{
  const t = useVideoTime();
  return React.useMemo(() => `component {index} #${{id}} at ${{Math.floor(t)}}`, [id, Math.floor(t)]);
}}

export default function Component{index}({{ id, active = false, ...rest }}) {{
  const t = useVideoTime();
  const label = useLabel{index}(id);
  const textStyle = {{ textColor: palette[{index} % palette.length], fontSize_gu: textSize_gu }};
  return (
    <Box id={{`component-{index}`}} {{...rest}}>
{rows}
    </Box>
  );
}}
"""


def write_synthetic(root: Path) -> Path:
    """Entry + layouts + constants + 18 components = 21 files (the entry imports them all)."""
    (root / "components").mkdir(parents=True)
    (root / "constants.js").write_text(
        "export const palette = ['red', 'green', 'blue', '#123456'];\nexport const textSize_gu = 1.2;\n"
    )
    (root / "layouts.js").write_text(
        "export { pad, offset } from '#vcs-stdlib/layouts';\n"
        "export function column(parent, params) {\n  return { ...parent, h: parent.h / (params.n || 1) };\n}\n"
    )
    for index in range(COMPONENTS):
        (root / "components" / f"Component{index}.jsx").write_text(_component(index))
    imports = "\n".join(f"import Component{i} from './components/Component{i}';" for i in range(COMPONENTS))
    children = "\n".join(f"      <Component{i} id={{{i}}} active={{{i} % 2 === 0}} />" for i in range(COMPONENTS))
    (root / "index.jsx").write_text(
        f"import * as React from 'react';\nimport {{ Box }} from '#vcs-react/components';\n{imports}\n\n"
        f"export const compositionInterface = {{ params: [] }};\n\n"
        f'export default function App() {{\n  return (\n    <Box id="root">\n{children}\n    </Box>\n  );\n}}\n'
    )
    return root


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:7.1f} ms"


def measure(composition: Path, edit_file: Path) -> None:
    bundle = load_composition_modules(composition, TransformCache())
    lines = sum(module.line_count for module in bundle.modules)
    print(f"{composition.name}: {len(bundle.modules)} modules, {lines} lines")
    cold: list[float] = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        load_composition_modules(composition, TransformCache())
        cold.append(time.perf_counter() - start)
    cache = TransformCache()
    load_composition_modules(composition, cache)
    original = edit_file.read_bytes()
    edited: list[float] = []
    try:
        for repeat in range(REPEATS):
            edit_file.write_bytes(original + f"\n// edit {repeat}\n".encode())
            before = cache.transforms
            start = time.perf_counter()
            load_composition_modules(composition, cache)
            edited.append(time.perf_counter() - start)
            assert cache.transforms == before + 1
    finally:
        edit_file.write_bytes(original)
    print(f"  cold (fresh cache)   median {_ms(statistics.median(cold))}   min {_ms(min(cold))}")
    print(f"  after one-file edit  median {_ms(statistics.median(edited))}   min {_ms(min(edited))}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = write_synthetic(Path(folder) / "synthetic")
        measure(root, root / "components" / "Component7.jsx")
    if DAILY_BASELINE.is_dir():
        # Edits go to a copy: the reference folder is read-only input.
        with tempfile.TemporaryDirectory() as folder:
            copy = Path(folder) / DAILY_BASELINE.name
            for path in DAILY_BASELINE.rglob("*.js*"):
                target = copy / path.relative_to(DAILY_BASELINE)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(path.read_bytes())
            measure(copy, copy / "components" / "Banner.js")
    else:
        print("daily-reference not found: Daily's baseline skipped")


if __name__ == "__main__":
    main()
