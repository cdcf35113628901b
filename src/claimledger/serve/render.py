"""What the pages draw from library values: an article's text cut into highlighted pieces, safe links,
and server-side SVG (a claim's timeline, a bar chart). Everything here returns plain values or markup
built only from numbers and escaped text; templates escape the rest (Jinja2 autoescape)."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from markupsafe import Markup, escape

ROLES = ("source", "cue", "content")
SIDE_COLOURS = {"supports": "#1b7f3b", "denies": "#c0262d", "discusses": "#b7791f"}


def safe_url(url: str | None) -> str | None:
    """The URL when it is http(s) with a host, else None: only such URLs become links."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    return url.strip() if parts.scheme.lower() in ("http", "https") and parts.netloc else None


@dataclass
class Piece:
    """A run of the article's text and the attribution part covering it (None: plain text)."""

    text: str
    role: str | None = None
    attribution: Mapping[str, Any] | None = None
    anchor: str | None = None  # set on the first piece of an attribution: the id to link to
    starts: list[str] = field(default_factory=list)


def pieces(text: str, attributions: Sequence[Mapping[str, Any]]) -> list[Piece]:
    """The text cut at every span edge. Where spans overlap, the innermost (shortest) one colours the run."""
    spans: list[tuple[int, int, str, Mapping[str, Any]]] = []
    for a in attributions:
        for role in ROLES:
            part = a.get(role)
            if isinstance(part, Mapping) and isinstance(part.get("start"), int) and isinstance(part.get("end"), int):
                start, end = max(0, part["start"]), min(len(text), part["end"])
                if start < end:
                    spans.append((start, end, role, a))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    first: dict[int, list[str]] = {}
    for a in attributions:
        starts = [a[r]["start"] for r in ROLES if isinstance(a.get(r), Mapping) and isinstance(a[r].get("start"), int)]
        if starts:
            first.setdefault(min(starts), []).append(str(a.get("id")))
    out: list[Piece] = []
    for start, end in zip(cuts, cuts[1:]):
        covering = [s for s in spans if s[0] <= start and end <= s[1]]
        best = min(covering, key=lambda s: s[1] - s[0]) if covering else None
        p = Piece(text[start:end], best[2] if best else None, best[3] if best else None,
                  starts=first.get(start, []))
        out.append(p)
    return out


def _x(at: datetime, lo: float, hi: float, left: float, width: float) -> float:
    t = at.timestamp()
    return left + (width / 2 if hi == lo else (t - lo) / (hi - lo) * width)


def timeline_svg(entries: Sequence[Any], width: int = 720) -> Markup:
    """Each statement a dot over publication time, one row per side, coloured by side; a title per dot."""
    rows = ("supports", "discusses", "denies")
    left, right, top, step = 90, 20, 20, 34
    height = top + step * len(rows) + 30
    times = [e.when.timestamp() for e in entries]
    lo, hi = (min(times), max(times)) if times else (0.0, 0.0)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Statements over publication time, by side">']
    for n, side in enumerate(rows):
        y = top + step * n + step / 2
        parts.append(f'<text x="4" y="{y + 4:.0f}" font-size="12" fill="{SIDE_COLOURS[side]}">{side}</text>')
        parts.append(f'<line x1="{left}" y1="{y:.0f}" x2="{width - right}" y2="{y:.0f}" stroke="#ddd"/>')
    for e in entries:
        side = e.statement.relation
        if side not in rows:
            continue
        x = _x(e.when, lo, hi, left, width - left - right)
        y = top + step * rows.index(side) + step / 2
        who = e.statement.source_name or e.statement.source_text or "the headline"
        label = escape(f"{e.when:%Y-%m-%d %H:%M} {e.statement.outlet or ''}: {who} {side}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.0f}" r="6" fill="{SIDE_COLOURS[side]}" fill-opacity="0.8">'
                     f'<title>{label}</title></circle>')
    if times:
        base = top + step * len(rows) + 16
        for t, anchor, x in ((lo, "start", left), (hi, "end", width - right)):
            parts.append(f'<text x="{x}" y="{base}" font-size="11" text-anchor="{anchor}" fill="#555">'
                         f'{datetime.fromtimestamp(t):%Y-%m-%d}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def bar_svg(rows: Sequence[tuple[str, float, str]], width: int = 640, unit: str = "%") -> Markup:
    """Horizontal bars: (label, value 0..1, tooltip) each; labels escaped."""
    left, bar_h, gap = 200, 18, 8
    height = max(1, len(rows)) * (bar_h + gap) + 10
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="bars" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" role="img" aria-label="Share of anonymous sourcing per outlet">']
    for n, (label, value, tip) in enumerate(rows):
        y = 5 + n * (bar_h + gap)
        w = max(0.0, min(1.0, value)) * (width - left - 60)
        parts.append(f'<text x="{left - 6}" y="{y + 13}" font-size="12" text-anchor="end">{escape(label[:32])}</text>')
        parts.append(f'<rect x="{left}" y="{y}" width="{w:.1f}" height="{bar_h}" fill="#4a6fa5">'
                     f'<title>{escape(tip)}</title></rect>')
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 13}" font-size="12">{100 * value:.0f}{unit}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
