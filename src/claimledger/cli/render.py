"""The `--format text` ledger for a terminal (rich).

Article text is hostile input: a page can contain `[bold]`-style markup, raw ANSI escape sequences or
bidi overrides. We never feed article text to the markup parser: every line is assembled from
`rich.text.Text` pieces (which are not parsed), and `_plain` drops control and format characters
first. (`rich.markup.escape` would also stop markup, but it mangles trailing backslashes.)
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable

from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.rule import Rule
from rich.text import Text

from ..model import Attribution, Claim, Ledger, Review, Source

# Long contents keep their start and end: the start says what was claimed, the end often the qualifier.
MAX_CONTENT = 220
_TAIL = 60

_STANCE: dict[str, tuple[str, str]] = {
    "assert": ("asserts", "green"),
    "deny": (" DENIES ", "bold white on red"),
    "hedge": ("hedges", "bold yellow"),
}
_QUOTE = {"direct": "direct quote", "indirect": "indirect", "mixed": "mixed quote"}

Piece = tuple[str, str] | str


def plain(text: str | None, *, one_line: bool = True) -> str:
    """Drop control and format characters (ANSI escapes, bidi overrides) from article text."""
    if not text:
        return ""
    kept = "".join(
        ch if ch in "\n\t" or unicodedata.category(ch) not in ("Cc", "Cf") else " " for ch in text
    )
    return " ".join(kept.split()) if one_line else kept


def _line(*pieces: Piece, indent: int = 0) -> RenderableType:
    """One line from (text, style) pieces; Text.assemble never parses markup. Padding (rather than
    leading spaces) keeps wrapped continuation lines indented too."""
    text = Text.assemble(*pieces)
    return Padding(text, (0, 0, 0, indent), expand=False) if indent else text


def truncate(text: str, limit: int = MAX_CONTENT) -> str:
    """Shorten to about `limit` characters at word boundaries, keeping the head and the tail."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[: limit - _TAIL - 3]
    tail = text[-_TAIL:]
    if " " in head:
        head = head.rsplit(" ", 1)[0]
    if " " in tail:
        tail = tail.split(" ", 1)[1]
    return f"{head} … {tail}"


def describe_source(source: Source) -> list[Piece]:
    """Kind plus only what the text gave about an anonymous source: count, affiliation, role, seniority."""
    kind = (source.kind or "unknown") + (", anonymous" if source.anonymous and source.kind != "anonymous" else "")
    details = [f"count {source.count}"] if source.count is not None else []
    details += [f"{label} {plain(value)}" for label, value in (
        ("affiliation", source.affiliation), ("role", source.role), ("seniority", source.seniority)) if value]
    pieces: list[Piece] = [(kind, "magenta")]
    if details:
        pieces.append((f" ({'; '.join(details)})", "dim"))
    return pieces


def _attribution(a: Attribution) -> RenderableType:
    label, style = _STANCE.get(a.stance, (a.stance, "bold"))
    head: list[Piece] = [(a.id, "dim"), " ", (label, style), " via ", (plain(a.cue.span.text), "cyan"),
                         (f" ({_QUOTE.get(a.quote or '', a.quote)})", "dim")]
    if a.claim:
        head.append((f" → {a.claim}", "dim"))
    if a.probability is not None:
        head.append((f" (relation p {a.probability:.2f})", "dim"))
    content = plain(truncate(a.said))
    if a.quote == "direct":
        content = f"“{content}”"
    return Group(_line(*head, indent=2), _line(content, indent=6))


def _groups(attributions: Iterable[Attribution]) -> dict[str, list[Attribution]]:
    # Grouped by entity, in order of first mention, so "He", "Peskov" and "the spokesman" sit under one
    # person; two speakers who share a name ("an official" twice) stay apart. Keyed by entity id.
    groups: dict[str, list[Attribution]] = {}
    for a in attributions:
        groups.setdefault(a.source.entity or a.source.name or a.source.span.text, []).append(a)
    return groups


def _source_block(name: str, items: list[Attribution]) -> list[RenderableType]:
    out: list[RenderableType] = [_line((plain(name), "bold"), "  ", *describe_source(items[0].source))]
    # Show how the text referred to the source when that differs from the canonical name.
    mentions = list(dict.fromkeys(plain(a.source.span.text) for a in items))
    mentions = [m for m in mentions if m and m != plain(name)]
    if mentions:
        out.append(_line(("as " + ", ".join(f"“{m}”" for m in mentions), "dim"), indent=2))
    out.extend(_attribution(a) for a in items)
    return out


def _names(label: str, names: list[str], style: str) -> RenderableType:
    shown = ", ".join(plain(n) for n in names) if names else "-"
    return _line((f"{label}: ", style), shown, indent=6)


VERBS = {"assert": "asserts", "deny": "denies", "hedge": "hedges"}


def _claim_block(claim: Claim) -> list[RenderableType]:
    head: list[Piece] = [(claim.id, "dim"), " ", plain(truncate(claim.text))]
    if claim.contested:
        head += ["  ", (" CONTESTED ", "bold white on red")]
    out = [_line(*head, indent=2), _names("asserted by", claim.asserted_by, "green"),
           _names("denied by", claim.denied_by, "red")]
    if claim.hedged_by:
        out.append(_names("hedged by", claim.hedged_by, "yellow"))
    if claim.contested:  # what decided each side, for the flag a reader acts on
        out += [_line((f"{w.attribution} {VERBS[w.stance]}: ", "dim"), plain(w.reason), indent=6) for w in claim.why]
    return out


def _review_block(r: Review) -> list[RenderableType]:
    verdict = plain(r.verdict) or (f"{r.rating:g}" if r.rating is not None else "no verdict given")
    if r.rating is not None and r.best is not None and r.verdict:
        verdict += f" ({r.rating:g}/{r.best:g})"
    where = "" if r.span is not None else " (not in the article text)"
    return [_line(("“" + plain(truncate(r.claim)) + "”", ""), (where, "dim"), indent=2),
            _line(("claimed by: ", "green"), plain(r.claimant) or "-", indent=6),
            _line(("verdict: ", "bold"), (verdict, "bold"), " by ", plain(r.reviewer) or "-", indent=6)]


def ledger_renderable(ledger: Ledger) -> RenderableType:
    art = ledger.article
    facts = [plain(v) for v in (art.outlet, art.published, art.url) if v] + [f"language {art.language}"]
    parts: list[RenderableType] = [
        Rule(Text(plain(art.title) or plain(art.path), style="bold"), align="left"),
        _line((plain(art.path), "dim"), " · " + " · ".join(facts)),
    ]
    if art.removed:
        parts.append(_line((f"\nCleaning removed {len(art.removed)} line(s)", "bold")))
        parts += [_line((r.reason, "yellow"), "  ", (plain(truncate(r.text, 100)), "dim"), indent=2)
                  for r in art.removed]

    if art.reviews:  # a fact-check page's own verdicts come first: they are what its reader came for
        parts.append(_line((f"\nFact checks on this page ({len(art.reviews)})", "bold")))
        for review in art.reviews:
            parts += _review_block(review)

    parts.append(_line((f"\nAttributions ({len(ledger.attributions)})", "bold")))
    if not ledger.attributions:
        parts.append(_line(("none found", "dim"), indent=2))
    for items in _groups(ledger.attributions).values():
        parts += _source_block(items[0].source.name or items[0].source.span.text, items)

    if ledger.acts:  # one line each: who did what, with no claim to weigh
        parts.append(_line((f"\nActs and non-answers, no claim ({len(ledger.acts)})", "bold")))
        parts += [_line((a.id, "dim"), " ", plain(a.source.name or a.source.span.text), " ",
                        plain(truncate(f"{a.cue.span.text}: {a.said}")), indent=2) for a in ledger.acts]

    if ledger.claims:
        # Disputes first: they are what a fact-checker opens the ledger for.
        contested = [c for c in ledger.claims if c.contested]
        count = f"{len(ledger.claims)}, {len(contested)} contested" if contested else str(len(ledger.claims))
        parts.append(_line((f"\nClaims ({count})", "bold")))
        for claim in contested + [c for c in ledger.claims if not c.contested]:
            parts += _claim_block(claim)
    return Group(*parts)


def print_ledger(ledger: Ledger, console: Console) -> None:
    console.print(ledger_renderable(ledger))
    console.print()
