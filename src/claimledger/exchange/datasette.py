"""Metadata for Datasette (`claimledger datasette-metadata > metadata.json`): what each table and column
holds, labels (a claim's text rather than a bare id in foreign-key links), the search box on `articles`
and `claims` (revision 0004's external-content FTS tables) and a few saved queries.

Column descriptions are the comments of store/tables.py, so they cannot drift from the schema; the saved
queries name the tables through the same Table objects. The "contested" query counts origins (groups of
syndicated copies) behind support and denial; `claimledger claims --contested` also counts a statement
resting on another outlet's report toward that outlet (across/views.py), so it may list a few fewer.
"""
from __future__ import annotations

from typing import Any

from ..store.tables import (articles, attributions, claim_links, claims, failures, metadata, origins, publications,
                            relations, story_claims)

TABLES = {
    articles.name: ("Stored articles: metadata, the clean text every offset refers to, and the whole ledger "
                    "(claimledger.article/1 JSON).", "title"),
    attributions.name: ("Who said what: one row per attribution (source, cue, content spans and stance), with a "
                        "person's corrections applied.", "content_text"),
    claims.name: ("Each article's own claims, with whether the article shows them contested.", "text"),
    origins.name: ("Groups of syndicated copies: an article's origin is the first stored article of its group.",
                   "origin"),
    story_claims.name: ("Claims across articles: the statement that started each.", "text"),
    claim_links.name: ("An article's claim (or its title) tied to a claim across articles.", "text"),
    relations.name: ("Each statement's relation (supports / denies / discusses) to its claim across articles, "
                   "with the sentence it was decided on.", "sentence"),
    publications.name: ("Every place and time a stored text was published: the same wire text run by three "
                        "outlets is one article with three publications.", "outlet"),
    failures.name: ("Inputs an ingest could not store (error code and message), until an ingest stores them.",
                    "input"),
}
SEARCH = {articles.name: "articles_search", claims.name: "claims_search"}  # revision 0004


def _queries() -> dict[str, dict[str, str]]:
    s, st, o, a, art = story_claims.name, relations.name, origins.name, attributions.name, articles.name
    pub = publications.name
    origin = f"coalesce({o}.origin, {st}.article_id)"
    return {
        "contested_claims": {
            "title": "Contested claims: supported and denied from different origins",
            "sql": (f"select {s}.id, {s}.text, "
                    f"count(distinct case when {st}.relation = 'supports' then {origin} end) as supporting_origins, "
                    f"count(distinct case when {st}.relation = 'denies' then {origin} end) as denying_origins, "
                    f"count(*) as statements from {s} join {st} on {st}.story_claim_id = {s}.id "
                    f"left join {o} on {o}.article_id = {st}.article_id group by {s}.id, {s}.text "
                    f"having supporting_origins > 0 and denying_origins > 0 and "
                    f"count(distinct case when {st}.relation in ('supports', 'denies') then {origin} end) > 1 "
                    f"order by min(supporting_origins, denying_origins) desc, statements desc limit 200"),
        },
        "source_statements": {
            "title": "A source's statements (words of the name)",
            "sql": (f"select {art}.title, {art}.outlet, {art}.published, {a}.source_text, {a}.source_name, "
                    f"{a}.cue_text, {a}.stance, {a}.content_text, {a}.article_id, {a}.id from {a} "
                    f"join {art} on {art}.id = {a}.article_id "
                    f"where lower(coalesce({a}.source_name, {a}.source_text)) like '%' || lower(:source) || '%' "
                    f"order by {art}.published desc limit 500"),
        },
        "anonymous_sourcing_by_outlet": {
            "title": "Share of attributions resting on anonymous sources, per outlet that published them",
            "sql": (f"select ran.outlet, count(*) as attributions, "
                    f"sum(case when {a}.source_anonymous then 1 else 0 end) as anonymous, "
                    f"round(1.0 * sum(case when {a}.source_anonymous then 1 else 0 end) / count(*), 3) as share "
                    f"from {a} join (select distinct outlet, article_id from {pub}) as ran "
                    f"on ran.article_id = {a}.article_id group by ran.outlet "
                    f"order by share desc, attributions desc"),
        },
    }


def datasette_metadata(database: str = "claimledger") -> dict[str, Any]:
    """Datasette metadata for a store opened as `database` (Datasette names a file by its stem)."""
    tables: dict[str, Any] = {}
    for table in metadata.sorted_tables:
        description, label = TABLES.get(table.name, ("", None))
        entry: dict[str, Any] = {"description": description,
                                 "columns": {c.name: c.comment for c in table.columns if c.comment}}
        if label:
            entry["label_column"] = label
        if table.name in SEARCH:
            entry["fts_table"] = SEARCH[table.name]
            entry["fts_pk"] = "rowid"
        tables[table.name] = entry
    return {"title": "claimledger", "description": "Who said what, on whose authority, asserting or denying.",
            "databases": {database: {"tables": tables, "queries": _queries()}}}


__all__ = ["datasette_metadata"]
