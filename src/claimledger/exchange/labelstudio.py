"""Label Studio tasks with the machine's attributions as predictions, and a person's annotations back.

One task per article (Label Studio's JSON import format): `data.text` is the article's clean text,
`data.article_id` its id, `data.claimledger` a snapshot of each attribution's spans and stance as exported
(what the person saw, so the import can tell what they changed). The prediction's result holds, per
attribution `aN`, three labelled regions `aN-source`, `aN-cue`, `aN-content` (control `span`, labels
Source / Cue / Content), the stance as a per-region choice on the content region (control `stance`), and two
relations to the content, labelled `says` (from the source) and `cue` (from the cue). LABEL_CONFIG is the
labeling interface these names belong to (also in docs/labelstudio.xml).

Label Studio counts offsets in UTF-16 code units (JavaScript strings); claimledger in code points (Python).
They differ after any character outside the Basic Multilingual Plane (emoji, some CJK): `Offsets` converts
both ways, and the import checks every region's text against the article.

Reading an export back (`corrections_from_tasks`): the last annotation of a task that was not cancelled is
the person's reading. A content region with a predicted id that is gone means "not an attribution"; a
moved region, another source or cue related to it, another stance choice is a correction of that field; a
content region the person drew, related to a source region, is an attribution the machine missed.
"""
from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any

from .. import __version__
from ..model import STANCES, Attribution, Cue, Ledger, Span
from ..store.corrections import Correction

LABEL_CONFIG = """<View>
  <Style>.htx-text { white-space: pre-wrap; }</Style>
  <Relations>
    <Relation value="says"/>
    <Relation value="cue"/>
  </Relations>
  <Labels name="span" toName="text">
    <Label value="Source" background="#1f77b4"/>
    <Label value="Cue" background="#ff7f0e"/>
    <Label value="Content" background="#2ca02c"/>
  </Labels>
  <Text name="text" value="$text"/>
  <Choices name="stance" toName="text" perRegion="true" choice="single"
           visibleWhen="region-selected" whenTagName="span" whenLabelValue="Content">
    <Choice value="assert"/>
    <Choice value="deny"/>
    <Choice value="hedge"/>
  </Choices>
</View>
"""
ROLES = {"Source": "source", "Cue": "cue", "Content": "content"}


class Offsets:
    """Code-point offsets (Python) <-> UTF-16 offsets (Label Studio) in one text."""

    def __init__(self, text: str) -> None:
        # Code-point positions of the characters that take two UTF-16 units; usually none.
        self._wide = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._wide16 = [i + n for n, i in enumerate(self._wide)]  # their UTF-16 positions

    def to16(self, index: int) -> int:
        return index + bisect_right(self._wide, index - 1)

    def from16(self, index: int) -> int:
        return index - bisect_right(self._wide16, index - 1)


def _region(rid: str, label: str, span: Span, off: Offsets) -> dict[str, Any]:
    value = {"start": off.to16(span.start), "end": off.to16(span.end), "text": span.text, "labels": [label]}
    return {"id": rid, "from_name": "span", "to_name": "text", "type": "labels", "value": value}


def _shown(cue: Cue) -> bool:
    """A cue with words (an attribution a person added may have none)."""
    return cue.span.end > cue.span.start


def _spans(a: Attribution) -> dict[str, Any]:
    return {"key": list(a.key), "source": [a.source.span.start, a.source.span.end],
            "cue": [a.cue.span.start, a.cue.span.end] if _shown(a.cue) else None,
            "content": [a.content.start, a.content.end], "stance": a.stance}


def task(ledger: Ledger) -> dict[str, Any]:
    """One Label Studio task for a (possibly corrected) ledger."""
    art = ledger.article
    off = Offsets(art.text)
    result: list[dict[str, Any]] = []
    for a in ledger.attributions:
        aid = a.id
        result.append(_region(f"{aid}-source", "Source", a.source.span, off))
        if _shown(a.cue):
            result.append(_region(f"{aid}-cue", "Cue", a.cue.span, off))
        content = _region(f"{aid}-content", "Content", a.content, off)
        result.append(content)
        if a.stance in STANCES:
            choice = {k: content["value"][k] for k in ("start", "end", "text")}
            result.append({"id": f"{aid}-content", "from_name": "stance", "to_name": "text", "type": "choices",
                           "value": {**choice, "choices": [a.stance]}})
        result.append({"from_id": f"{aid}-source", "to_id": f"{aid}-content", "type": "relation",
                       "direction": "right", "labels": ["says"]})
        if _shown(a.cue):
            result.append({"from_id": f"{aid}-cue", "to_id": f"{aid}-content", "type": "relation",
                           "direction": "right", "labels": ["cue"]})
    return {
        "data": {"text": art.text, "article_id": art.id, "title": art.title, "url": art.url,
                 "outlet": art.outlet, "published": art.published,
                 "claimledger": {a.id: _spans(a) for a in ledger.attributions}},
        "predictions": [{"model_version": f"claimledger {__version__}", "result": result}],
    }


def write(out: IO[str], ledgers: Iterable[Ledger]) -> int:
    """A JSON list of tasks (Label Studio's import format), written a task at a time; returns how many."""
    out.write("[")
    count = 0
    for ledger in ledgers:
        out.write(("," if count else "") + "\n" + json.dumps(task(ledger), ensure_ascii=False))
        count += 1
    out.write("\n]\n")
    return count


# --- reading an export back ------------------------------------------------------------------------


class TaskError(ValueError):
    """A task or region that cannot be read; `where` names it for E092."""

    def __init__(self, where: str, detail: str) -> None:
        super().__init__(detail)
        self.where = where


def _latest(annotations: list[Any]) -> Mapping[str, Any] | None:
    done = [a for a in annotations if isinstance(a, Mapping) and not a.get("was_cancelled")]
    if not done:
        return None
    return max(enumerate(done), key=lambda p: (str(p[1].get("updated_at") or p[1].get("created_at") or ""), p[0]))[1]


def _author(annotation: Mapping[str, Any]) -> str | None:
    who = annotation.get("completed_by")
    if isinstance(who, Mapping):
        who = who.get("email") or who.get("id")
    return None if who is None else f"labelstudio:{who}"


def _regions(result: list[Any], text: str, where: str) -> tuple[dict[str, dict[str, Any]], list[Mapping[str, Any]]]:
    """Labelled regions by id ({role, start, end, stance}) and the relations of one annotation."""
    off = Offsets(text)
    regions: dict[str, dict[str, Any]] = {}
    stances: dict[str, str] = {}
    relations = []
    for item in result:
        if not isinstance(item, Mapping):
            raise TaskError(where, "a result item is not an object")
        kind = item.get("type")
        if kind == "relation":
            relations.append(item)
            continue
        rid, value = str(item.get("id")), item.get("value")
        if not isinstance(value, Mapping):
            raise TaskError(f"{where}, region {rid}", "no value")
        if kind == "choices" and item.get("from_name") == "stance":
            choice = (value.get("choices") or [None])[0]
            if choice not in STANCES:
                raise TaskError(f"{where}, region {rid}", f"unknown stance {choice!r} (expected one of {', '.join(STANCES)})")
            stances[rid] = choice
        elif kind == "labels":
            labels = [ROLES[x] for x in value.get("labels", []) if x in ROLES]
            if len(labels) != 1:
                raise TaskError(f"{where}, region {rid}", f"labels {value.get('labels')!r}: expected one of Source, Cue, Content")
            # Whole numbers only: JSON's true is an int to Python, and "12" or 12.7 is no offset either.
            if type(value.get("start")) is not int or type(value.get("end")) is not int:
                raise TaskError(f"{where}, region {rid}", "start and end must be whole numbers")
            start, end = off.from16(value["start"]), off.from16(value["end"])
            if not 0 <= start < end <= len(text):
                raise TaskError(f"{where}, region {rid}", f"span {start}-{end} is outside the article's {len(text)} characters")
            if "text" in value and value["text"] != text[start:end]:
                raise TaskError(f"{where}, region {rid}",
                                f"its text {value['text'][:40]!r} is not the article's at {start}-{end} ({text[start:end][:40]!r})")
            regions[rid] = {"role": labels[0], "start": start, "end": end}
    for rid, stance in stances.items():
        if rid in regions:
            regions[rid]["stance"] = stance
    return regions, relations


def _linked(content_id: str, role: str, regions: Mapping[str, Mapping[str, Any]],
            relations: list[Mapping[str, Any]]) -> list[int] | None:
    """The span of the `role` region related to a content region (either direction), None if there is none."""
    for r in relations:
        ends = {str(r.get("from_id")), str(r.get("to_id"))}
        if content_id in ends:
            other = (ends - {content_id} or {content_id}).pop()
            if other in regions and regions[other]["role"] == role:
                return [regions[other]["start"], regions[other]["end"]]
    return None


def _span_value(span: list[int]) -> dict[str, int]:
    return {"start": span[0], "end": span[1]}


def _pair(value: Any, length: int) -> bool:
    return (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)
            and 0 <= value[0] <= value[1] <= length)


def _snapshot(snapshot: Any, length: int, where: str) -> dict[str, dict[str, Any]]:
    """data.claimledger as `task` wrote it, checked: an edited one would send corrections to the wrong words."""
    ok = isinstance(snapshot, Mapping) and all(
        isinstance(seen, Mapping) and all(_pair(seen.get(k), length) for k in ("key", "source", "content"))
        and (seen.get("cue") is None or _pair(seen.get("cue"), length)) for seen in snapshot.values())
    if not ok:
        raise TaskError(where, "data.claimledger is not the snapshot claimledger wrote (was it edited?)")
    return {str(k): dict(v) for k, v in snapshot.items()}


def corrections_from_task(t: Mapping[str, Any], where: str) -> tuple[str, list[Correction]]:
    """The article id of one exported task and what its latest annotation corrects (relative to the snapshot
    the task carries). Raises TaskError for a task that is not one of claimledger's or cannot be read."""
    data = t.get("data")
    if not isinstance(data, Mapping) or not isinstance(data.get("article_id"), str) or not isinstance(data.get("text"), str):
        raise TaskError(where, "not a claimledger task (data.article_id and data.text expected)")
    article_id, text = data["article_id"], data["text"]
    snapshot = _snapshot(data.get("claimledger") or {}, len(text), where)
    annotation = _latest(t.get("annotations") or [])
    if annotation is None:
        return article_id, []  # nobody reviewed it
    if not isinstance(annotation.get("result"), list):
        raise TaskError(where, "an annotation without a result list")
    regions, relations = _regions(annotation["result"], text, where)
    if snapshot and not {f"{aid}-{role}" for aid in snapshot for role in ("source", "cue", "content")} & set(regions):
        # Every predicted region gone at once: the annotation was begun without the predictions, not a review
        # that found every attribution wrong. Refused rather than read as "remove them all".
        raise TaskError(where, "the annotation holds none of the predicted regions (was it started without them?)")
    author = _author(annotation)
    out: list[Correction] = []

    def fix(key: list[int], field: str, value: Any) -> None:
        out.append(Correction(article_id, key[0], key[1], field, value, author))

    for aid, seen in snapshot.items():
        content_id = f"{aid}-content"
        if content_id not in regions:
            fix(seen["key"], "removed", True)
            continue
        mine = regions[content_id]
        if [mine["start"], mine["end"]] != seen["content"]:
            fix(seen["key"], "content", _span_value([mine["start"], mine["end"]]))
        for role in ("source", "cue"):
            span = _linked(content_id, role, regions, relations)
            if span is not None and span != seen[role]:
                fix(seen["key"], role, _span_value(span))
        if mine.get("stance") and mine["stance"] != seen["stance"]:
            fix(seen["key"], "stance", mine["stance"])
    predicted = {f"{aid}-content" for aid in snapshot}
    for rid, region in regions.items():
        if region["role"] != "content" or rid in predicted:
            continue
        source = _linked(rid, "source", regions, relations)
        if source is None:
            raise TaskError(f"{where}, region {rid}", "a Content region the person drew has no Source related to it")
        cue = _linked(rid, "cue", regions, relations)
        fix([region["start"], region["end"]], "attribution",
            {"source": _span_value(source), "cue": _span_value(cue) if cue else None,
             "stance": region.get("stance") or "assert"})
    return article_id, out


def read_tasks(tasks: Any) -> Iterator[tuple[str, str, list[Correction]]]:
    """(where, article id, corrections) for each task of a Label Studio JSON export (a list of tasks)."""
    if not isinstance(tasks, list):
        raise TaskError("the file", "a Label Studio export is a JSON list of tasks")
    for n, t in enumerate(tasks, 1):
        where = f"task {n}"
        if not isinstance(t, Mapping):
            raise TaskError(where, "not an object")
        where += f" (id {t['id']})" if "id" in t else ""
        yield (where, *corrections_from_task(t, where))

