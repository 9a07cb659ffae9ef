"""`vcs inspect`: the node tree behind a frame, the nodes under a point, and the params that move
or resize the topmost of them (vcs_engine/inspect.py has the data's format)."""

from __future__ import annotations

import argparse
import json
import math
from typing import Any

from ..errors import InputError
from ..inspect import ParamEffect, ProbeResult, nodes_at, split_path
from ..limits import check_frame_index
from ..scenario import run_scenario
from .session import open_session, warn


def parse_point(text: str) -> tuple[float, float]:
    """`--at X,Y`: a point in output pixels."""
    try:
        x, y = (float(p) for p in text.split(","))
    except ValueError:
        x = y = math.nan
    if not (math.isfinite(x) and math.isfinite(y)):
        raise InputError(f"--at {text}: expected X,Y in output pixels, e.g. --at 640,360")
    return x, y


def check_inside(point: tuple[float, float], size: tuple[int, int], text: str) -> tuple[float, float]:
    w, h = size
    if not (0 <= point[0] < w and 0 <= point[1] < h):
        raise InputError(f"--at {text}: the point is outside the {w}x{h} output")
    return point


def inspect_command(args: argparse.Namespace) -> int:
    frame_index = check_frame_index(args.frame, f"--frame {args.frame}") if args.frame is not None else None
    point = parse_point(args.at) if args.at is not None else None
    session = open_session(args)
    try:
        host = session.host
        if point is not None:
            point = check_inside(point, host.size, args.at)
        last = session.scenario.last_frame if frame_index is None else frame_index
        for _ in run_scenario(host, session.scenario, frames=last + 1, on_warning=warn):
            pass
        tree = host.inspect()
        if point is None:
            print(json.dumps(tree, indent=2) if args.json else format_tree(tree["root"]))
            return 0
        under = nodes_at(tree, *point)
        probe = host.probe_params(under[0]["path"]) if under else None
    finally:
        session.close()
    if args.json:
        print(json.dumps({"frame_index": last, "at": {"x": point[0], "y": point[1]},
                          "nodes": [{k: v for k, v in n.items() if k != "children"} for n in under],
                          "probe": probe.to_json() if probe else None}, indent=2))
    else:
        print(format_at(point, under, probe))
    return 0


# ---------------------------------------------------------------------- text


def _num(v: Any) -> str:
    return "?" if v is None else f"{v:.2f}".rstrip("0").rstrip(".")


def format_rect(r: dict[str, Any] | None) -> str:
    """`x,y wxh`, or `-` for a node without one."""
    if not r:
        return "-"
    return f"{_num(r['x'])},{_num(r['y'])} {_num(r['w'])}x{_num(r['h'])}"


def describe_node(node: dict[str, Any], name: str) -> str:
    """One line: name, frame, then what the node shows."""
    parts = [name, format_rect(node.get("frame"))]
    if node.get("id") is not None:
        parts.append(f"id={json.dumps(node['id'])}")
    if node.get("clip"):
        parts.append("clip")
    if "text" in node:
        text = node["text"]
        parts.append("text " + json.dumps(text if len(text) <= 60 else text[:59] + "…", ensure_ascii=False))
    if node.get("content") and node["content"] != node.get("frame"):
        parts.append(f"drawn at {format_rect(node['content'])}")
    if node.get("image") is not None:
        parts.append(f"image {node['image']}")
    if node.get("video") is not None:
        parts.append(f"video {json.dumps(node['video'])}")
    if node.get("omitted"):
        parts.append(f"({node['omitted']} nodes below not shown: the tree is described 200 levels deep)")
    return "  ".join(parts)


def format_tree(root: dict[str, Any]) -> str:
    """The tree indented by depth, one node a line, each named by its last path segment."""
    lines: list[str] = []

    def visit(node: dict[str, Any], depth: int) -> None:
        lines.append("  " * depth + describe_node(node, split_path(node["path"])[-1]))
        for child in node["children"]:
            visit(child, depth + 1)

    visit(root, 0)
    return "\n".join(lines)


def _delta(d: dict[str, float] | None) -> str:
    if d is None:
        return "(node absent or not probed)"
    return " ".join(f"{k} {v:+.2f}".rstrip("0").rstrip(".") for k, v in d.items())


def format_effect(e: ParamEffect) -> str:
    if e.type == "number":
        step = _num(e.step)
        return (f"{e.param} = {json.dumps(e.value)} (step {step}): "
                f"+{step} → {_delta(e.plus)}; -{step} → {_delta(e.minus)}")
    values = "; ".join(f"{json.dumps(v)} → {format_rect(f) if f else 'absent'}" for v, f in e.frames)
    return f"{e.param} = {json.dumps(e.value)}: {values}"


def format_at(point: tuple[float, float], under: list[dict[str, Any]], probe: ProbeResult | None) -> str:
    lines = [f"Nodes at {_num(point[0])},{_num(point[1])}, topmost first:"]
    lines += ["  " + describe_node(n, n["path"]) for n in under]
    if probe is not None:
        lines.append(f"Params that move or resize {probe.path} ({probe.probes} probes, bounds "
                     f"{format_rect(probe.bounds)}):")
        lines += ["  " + format_effect(e) for e in probe.effects] or ["  (none)"]
        lines += [f"  probe failed: {f}" for f in probe.failed]
    return "\n".join(lines)
