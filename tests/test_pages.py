"""Pages, not just text: page furniture goes with a reason, headings stay their own blocks and bound
every span, ClaimReview markup becomes `article.reviews`, and title / date / outlet come from the page's
metadata. Fixture pages are written for these tests (tests/fixtures/pages)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from claimledger import analyze, ledger_to_dict
from claimledger.clean import clean
from claimledger.clean.furniture import reason_for
from claimledger.ingest import read_bytes, read_file
from claimledger.model import Article, Block, Document, Ledger
from claimledger.options import Options

PAGES = Path(__file__).parent / "fixtures" / "pages"


def page_doc(name: str) -> Document:
    items = list(read_file(str(PAGES / name)))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


def page_ledger(name: str) -> Ledger:
    return analyze(page_doc(name))


def html_doc(tmp_path: Path, html: str) -> Document:
    items = list(read_bytes(html.encode("utf-8"), str(tmp_path / "page.html")))
    assert len(items) == 1 and isinstance(items[0], Document), items
    return items[0]


@pytest.fixture(scope="module")
def news() -> Ledger:
    return page_ledger("news-furniture.html")


# --- furniture on a news page -------------------------------------------------------------------

def test_news_page_furniture_is_removed_with_its_reason(news: Ledger) -> None:
    removed = [(r.text, r.reason) for r in news.article.removed]
    assert removed == [
        ("March 14, 2031", "furniture"),
        ("Mayor says dredging deal was never signed, calls for state inquiry", "teaser"),
        ("RELATED: Port workers say overtime cuts put night shifts at risk", "teaser"),
        ("Sign up for our Morning Tide newsletter to get the day's top stories in your inbox.", "promo"),
        ("Read more: Comptroller opens second review of port contracts", "teaser"),
        ("Contributing: Lucia Brennan-Oyelaran and Wendell Aske", "credit"),
        ("Staff writer Dorotea Quist contributed to this report.", "credit"),
        ("This story was originally published by the Lower Bay Ledger and is republished here with "
         "permission.", "footer"),
        ("\u00a9 2031 The Saltmarsh Courier. All rights reserved.", "footer"),
    ]
    for text, _ in removed:
        assert text not in news.article.text
    # The reporting around the furniture stays, paragraph for paragraph.
    assert "Brightwater's general counsel, Osric Delamere, disputed the finding." in news.article.text
    assert news.article.text.rstrip().endswith("whether to refer the matter to the attorney general.")


def test_teasers_and_credits_never_become_attributions(news: Ledger) -> None:
    sources = {a.source.span.text for a in news.attributions}
    contents = " ".join(a.content.text for a in news.attributions)
    # Kept, the teaser read as "Mayor says ..." and the credit line as "Contributing: ...".
    assert not any(s.startswith(("Mayor", "Contributing", "Staff writer")) for s in sources)
    assert "dredging deal was never signed" not in contents
    speakers = {a.source.name for a in news.attributions}
    assert {"Perpetua Vance", "Tobias Nwankwo"} <= speakers


def test_headings_are_blocks_and_no_span_crosses_one(news: Ledger) -> None:
    art = news.article
    headings = [(b.start, b.end) for b in art.blocks if b.kind == "heading"]
    assert [art.text[s:e] for s, e in headings] == ['"A clean bill of health"', "What happens next"]
    for s, e in headings:  # a heading is a block of its own: blank lines on both sides
        assert art.text[s - 2:s] == "\n\n" and art.text[e:e + 2] == "\n\n"
    # Every block's offsets index the text, and blocks cover the text between blank lines.
    assert "\n\n".join(art.text[b.start:b.end] for b in art.blocks) == art.text
    for a in news.attributions:
        for span in [a.source.span, a.cue.span, a.content, *a.content_parts]:
            for s, e in headings:
                inside = s <= span.start and span.end <= e
                assert inside or not (span.start < e and s < span.end), (a.id, span.text)
    # The chair's unclosed quote ends at its paragraph; the heading's quote marks are not hers.
    vance = [a for a in news.attributions if a.source.name == "Perpetua Vance"]
    assert vance and all("clean bill of health" not in a.content.text for a in vance)


def test_title_date_and_outlet_come_from_page_metadata(news: Ledger) -> None:
    art = news.article
    assert art.title == "Harbor board splits over dredging audit"  # " - Outlet | tagline" gone
    assert art.published == "2031-03-14T09:30:00-04:00"  # JSON-LD datePublished, not a guess
    assert art.outlet == "The Saltmarsh Courier"  # the publisher's name, not og:site_name's tagline
    assert art.url == "https://saltmarsh-courier.example/news/2031/03/harbor-board-audit"


def test_removed_reasons_and_blocks_in_json(news: Ledger) -> None:
    out = json.loads(json.dumps(ledger_to_dict(news)))
    reasons = {r["reason"] for r in out["article"]["removed"]}
    assert reasons == {"furniture", "teaser", "promo", "credit", "footer"}
    text = out["article"]["text"]
    kinds = [(b["kind"], text[b["start"]:b["end"]]) for b in out["article"]["blocks"]]
    assert ("heading", "What happens next") in kinds
    assert out["article"]["reviews"] == []


# --- sections whose content was all furniture ---------------------------------------------------

def test_heading_over_nothing_but_furniture_goes_too() -> None:
    prose = "The council approved the budget on Tuesday after a four-hour debate, officials said."
    doc = Document(path="p.html", raw="", blocks=[
        Block("Budget passes after long debate", "heading"),
        Block("Subheading over a subheading", "heading"),
        Block(prose),
        Block("Around the harbor", "heading"),
        Block("Council members clash over library hours in heated session", linked=(True,)),
        Block("Sign up for our newsletter to get council news in your inbox."),
        Block("What comes next", "heading"),
        Block("A second vote is set for May."),
        Block("Photos from the meeting", "heading"),
    ])
    art = clean(doc, Options())
    assert [(r.text, r.reason) for r in art.removed] == [
        ("Council members clash over library hours in heated session", "teaser"),
        ("Sign up for our newsletter to get council news in your inbox.", "promo"),
        ("Around the harbor", "furniture"),
        ("Photos from the meeting", "furniture"),
    ]
    # A heading right above another heading keeps its place; so does one over real content.
    assert art.text.split("\n\n") == ["Budget passes after long debate", "Subheading over a subheading", prose,
                                      "What comes next", "A second vote is set for May."]


def test_unlinked_headline_in_plain_text_is_not_a_teaser() -> None:
    # Without link information only labelled teasers go: a headline-like line may be a subheading.
    raw = ("Port reopens after storm\n\nThe port reopened on Monday, the harbor master said.\n\n"
           "RELATED: Storm damage estimates climb past $40 million\n\n"
           "Crews worked overnight to clear the channel.\n\nReporting by Ada Lindqvist; Editing by Tom Barre")
    art = clean(Document(path="t.txt", raw=raw), Options())
    assert [(r.text, r.reason) for r in art.removed] == [
        ("RELATED: Storm damage estimates climb past $40 million", "teaser"),
        ("Reporting by Ada Lindqvist; Editing by Tom Barre", "credit"),
    ]
    assert art.text.startswith("Port reopens after storm\n\n")
    assert art.blocks == []  # block kinds are known only for pages


@pytest.mark.parametrize(("line", "reason"), [
    ("By Jane Okafor and Luis Mendes, Associated Press", "credit"),
    ("Written by: Charnele Hardy", "credit"),
    ("Associated Press writers Mia Lund and Theo Grant contributed to this report.", "credit"),
    ("Karin Solberg contributed reporting from Oslo.", "credit"),
    ("(Reporting by Priya Natarajan; Editing by Mark Heinz)", "credit"),
    ("Photo: Daniel Osei / Harbor Times", "credit"),
    ("Firefighters at the scene on Sunday. (AP Photo/Rui Costa)", "credit"),
    ("Protesters outside the court on Monday. Jordan Pike/Getty Images", "credit"),
    ("Mayor Ines Roth (left) speaks with residents at the reopening.", "caption"),
    ("This article was originally published by The Northern Dispatch.", "footer"),
    ("A version of this story originally appeared in the Valley Record.", "footer"),
    ("Copyright 2031 Lakeview Broadcasting. All rights reserved. This material may not be published, "
     "broadcast, rewritten or redistributed.", "footer"),
    ("Republished with permission under a Creative Commons licence.", "footer"),
    ("Subscribe now to our digital edition for the full story.", "promo"),
    ("To read the full article, please subscribe to the Gazette.", "promo"),
    ("Download the Courier app for breaking news alerts.", "promo"),
    ("Follow the Gazette on Twitter and Instagram @gazette.", "promo"),
    ("Never miss a story: sign up for our morning newsletter.", "promo"),
    ("We want to hear what you think about this article. Submit a letter to the editor.", "promo"),
    ("This post contains affiliate links; we may earn a commission on purchases.", "promo"),
    ("READ MORE: Council approves new bus routes", "teaser"),
    ("Watch: Drone footage shows the flooded valley", "teaser"),
    ("Category: Local news", "furniture"),
    ("Updated: Nov. 8, 2031 3:04 p.m.", "furniture"),
    ("November 08, 2031", "furniture"),
])
def test_furniture_lines(line: str, reason: str) -> None:
    assert reason_for(line) == reason


@pytest.mark.parametrize("line", [
    "By Friday, the fund was empty.",
    "By Tuesday the fund was empty, the treasurer said.",
    "The report was published in March and found widespread overbilling.",
    'Listen: "We are not going anywhere," she said.',
    "The names of the victims may not be published under state law.",
    "Smith contributed to the report that led to the inquiry.",
    "Section 230 of the Communications Decency Act protects platforms, the lawyer said.",
    "Follow the money, the auditor told the board.",
    "She asked for the full story to be told before the vote.",
    "The FTC said influencers must disclose affiliate links in their posts.",
    "The column, originally published in 1998, argued that tolls were unfair.",
    '"We want to hear from you," the mayor told residents.',
    "More than 40 families were moved to shelters overnight.",
    "Photographs taken by residents show the water reaching the second floor.",
])
def test_prose_is_not_furniture(line: str) -> None:
    assert reason_for(line) is None


# --- ClaimReview -----------------------------------------------------------------------------------

def test_claimreview_from_jsonld_list() -> None:
    ledger = page_ledger("factcheck-jsonld.html")
    art = ledger.article
    assert art.title == "Fact check: No, the Ostrander Bridge toll won't cost commuters $2,000 a year"
    assert art.outlet == "Tidewater Verify"
    first, second = art.reviews
    assert first.claim == "The new bridge toll will cost the average commuter $2,000 a year."
    assert (first.claimant, first.reviewer, first.verdict) == ("Harlan Okoro", "Tidewater Verify", "False")
    assert (first.rating, first.best, first.worst) == (1.0, 5.0, 1.0)
    assert first.url == "https://tidewater-verify.example/checks/ostrander-bridge-toll"
    # The claim's words stand in the article (lower case, inside quote marks): the span says where.
    assert first.span is not None
    assert art.text[first.span.start:first.span.end] == first.span.text
    assert first.span.text == "the new bridge toll will cost the average commuter $2,000 a year"
    # The second claim is only in the markup: kept, but with no offsets.
    assert (second.claimant, second.reviewer, second.verdict) == ("Harlan Okoro", "Tidewater Verify", "Misleading")
    assert second.span is None and second.rating is None

    out = ledger_to_dict(ledger)["article"]["reviews"]
    assert out[1]["claim"] is None and out[1]["attributions"] == []
    assert out[0]["claim"]["start"] == first.span.start
    # The verdict is tied to the attribution that reports the senator's claim.
    tied = [a for a in ledger.attributions if a.id in out[0]["attributions"]]
    assert tied and all("Okoro" in a.source.name for a in tied)


def test_claimreview_from_microdata() -> None:
    art = page_ledger("factcheck-microdata.html").article
    (review,) = art.reviews
    assert review.claim == "The county has closed 14 public libraries since 2029."
    assert review.claimant == "Friends of Fenwick Libraries"
    assert review.reviewer == "The Fenwick Factline"
    assert (review.verdict, review.rating, review.best) == ("Half true", 3.0, 5.0)
    assert review.url == "https://factline.example/2031/libraries"
    assert review.date == "2031-05-20"
    assert review.span is not None and review.span.text.rstrip(".") == review.claim.rstrip(".")


def test_claimreview_in_graph_with_prefixed_types(tmp_path: Path) -> None:
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "name": "Checks"},
        {"@type": ["schema:ClaimReview"], "claimReviewed": "Wind farms raise household bills by half.",
         "itemReviewed": {"@type": "Claim", "author": "Coastal Energy Alliance"},
         "author": [{"@type": "Organization", "name": "Ridgeline Checks"}],
         "reviewRating": {"@type": "Rating", "name": "Mostly false", "ratingValue": 2}},
        {"@type": "ClaimReview", "itemReviewed": {"@type": "Claim"}},  # no claim: skipped
    ]}
    html = (f'<html><head><script type="application/ld+json">{json.dumps(graph)}</script></head>'
            "<body><article><p>The alliance said in a mailer that wind farms raise household bills by half. "
            "Regulators said average bills rose 4 percent over the same period.</p></article></body></html>")
    doc = html_doc(tmp_path, html)
    (review,) = doc.reviews
    assert (review.claimant, review.reviewer, review.verdict, review.rating) == (
        "Coastal Energy Alliance", "Ridgeline Checks", "Mostly false", 2.0)
    art = clean(doc, Options())
    assert art.reviews[0].span is not None
    assert art.reviews[0].span.text == "wind farms raise household bills by half"


def test_page_with_only_a_review_is_not_empty(tmp_path: Path) -> None:
    review = {"@type": "ClaimReview", "claimReviewed": "The dam was built without permits.",
              "author": {"@type": "Organization", "name": "Ridgeline Checks"},
              "reviewRating": {"alternateName": "True"}}
    html = f'<html><head><script type="application/ld+json">{json.dumps(review)}</script></head><body></body></html>'
    art = clean(html_doc(tmp_path, html), Options())
    assert isinstance(art, Article) and art.text == ""
    assert [(r.claim, r.verdict, r.span) for r in art.reviews] == [("The dam was built without permits.", "True", None)]


# --- pages that used to come out empty -----------------------------------------------------------

BODY = ("<p>The harbor master said on Monday that the channel would reopen to barges by the end of the "
        "month, after divers cleared the last of the storm debris.</p>"
        "<p>Shipping companies said they had lost about two weeks of traffic to the closure.</p>")


def test_control_character_entity_does_not_empty_a_page(tmp_path: Path) -> None:
    doc = html_doc(tmp_path, f"<html><body><article><p>Tolls rise&#8; again\x08 in May.</p>{BODY}</article></body></html>")
    assert "would reopen to barges" in doc.raw
    assert "Tolls rise" in doc.raw


def test_deeply_nested_page_keeps_its_text(tmp_path: Path) -> None:
    depth = 100_000
    doc = html_doc(tmp_path, "<html><body>" + "<div>" * depth + BODY + "</div>" * depth + "</body></html>")
    assert "would reopen to barges" in doc.raw
    assert "lost about two weeks of traffic" in doc.raw
