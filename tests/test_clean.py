"""clean(): other-language lines, boilerplate prompts and repeated lines go; article prose stays."""
from __future__ import annotations

import hashlib

import pytest

from claimledger.clean import clean, is_boilerplate
from claimledger.errors import ClaimledgerError
from claimledger.model import Document
from claimledger.options import Options

HEADLINE = "Harbor authority says ferry contract was never signed"
LEAD = ("The ferry contract at the center of the port dispute was never signed, "
        "according to two harbor authority officials.")
REBUTTAL = ("A spokeswoman for the operator, Maren Holt, rejected that account on Tuesday "
            "and said the agreement had been in force since spring.")
COMMENTS = ("In comments to the city council, the harbor director said the paperwork "
            "had been lost, not withheld.")
QUOTE_1 = 'Holt told reporters on the pier: "We have the signed copy, and we will publish it."'
QUOTE_2 = "She did not say when."  # same paragraph as QUOTE_1, on its own line
COOKIE = "We use cookies to give you the best experience on our website."
SUBSCRIBE = "Subscribe to our newsletter for daily updates."
TR_1 = "Yorum yazabilmek için önce hesabınıza giriş yapmalısınız."
TR_2 = "Henüz hesabınız yoksa buradan ücretsiz kayıt olabilirsiniz."
DE_1 = "Um einen Kommentar zu schreiben, müssen Sie sich zuerst anmelden."

RAW = "\r\n".join([
    HEADLINE, "", LEAD, "", HEADLINE, "", REBUTTAL, "", COOKIE, "", COMMENTS, "",
    SUBSCRIBE, "", QUOTE_1, QUOTE_2, "", "", TR_1, "", TR_2, DE_1, "",
])


@pytest.fixture
def article():
    doc = Document(path="harbor.txt", raw=RAW, url="https://example.org/harbor",
                   published="2024-05-07", outlet="Example Gazette")
    return clean(doc, Options())


def test_removed_lines_and_reasons(article):
    assert [(r.text, r.reason) for r in article.removed] == [
        (HEADLINE, "repeated"),
        (COOKIE, "boilerplate"),
        (SUBSCRIBE, "promo"),
        (TR_1, "language:tr"),
        (TR_2, "language:tr"),
        (DE_1, "language:de"),
    ]


def test_clean_text_paragraphs_and_offsets(article):
    expected = "\n\n".join([HEADLINE, LEAD, REBUTTAL, COMMENTS, QUOTE_1 + "\n" + QUOTE_2])
    assert article.text == expected
    # Offsets downstream index this text: the prose sentence about "comments" sits where we expect.
    start = len(HEADLINE) + 2 + len(LEAD) + 2 + len(REBUTTAL) + 2
    assert article.text[start:start + len(COMMENTS)] == COMMENTS
    holt = article.text.index("Maren Holt")
    assert holt == len(HEADLINE) + 2 + len(LEAD) + 2 + len("A spokeswoman for the operator, ")
    assert "\r" not in article.text


def test_article_fields(article):
    assert article.id == hashlib.sha256(article.text.encode("utf-8")).hexdigest()
    assert article.title == HEADLINE  # taken from the first line, and kept in the text
    assert article.language == "en"
    assert (article.path, article.url, article.published, article.outlet) == (
        "harbor.txt", "https://example.org/harbor", "2024-05-07", "Example Gazette")


def test_given_title_wins_and_sentence_is_no_headline():
    doc = Document(path="x", raw=LEAD + "\n\n" + REBUTTAL, title="Ferry row")
    assert clean(doc, Options()).title == "Ferry row"
    assert clean(Document(path="x", raw=LEAD + "\n\n" + REBUTTAL), Options()).title is None


def test_short_foreign_lines_names_and_numbers_are_kept():
    short = ["José Ángel Rodríguez Sánchez", "Bitte anmelden", "4.500 Euro", "Zürich, 12. März"]
    doc = Document(path="x", raw="\n\n".join([LEAD, *short, REBUTTAL]))
    art = clean(doc, Options())
    assert art.removed == []
    assert all(s in art.text for s in short)


def test_short_foreign_prompts_are_dropped():
    prompts = ["Üye değil misiniz? Hemen kayıt olun.", "Kommentare sind geschlossen."]
    doc = Document(path="x", raw="\n\n".join([LEAD, REBUTTAL, *prompts]))
    art = clean(doc, Options())
    assert [(r.text, r.reason) for r in art.removed] == [(prompts[0], "language:tr"), (prompts[1], "language:de")]


@pytest.mark.parametrize("line", [
    "Comments", "3 comments", "Leave a comment", "You must be logged in to post a comment.",
    "Sign up for our weekly newsletter", "Read more: Council delays vote on ferry fares",
    "Share this article", "Facebook Twitter Email", "Advertisement", "Accept all cookies",
    "This website uses cookies to improve your experience.", "Related: Port strike enters second week",
])
def test_boilerplate_prompts(line):
    assert is_boilerplate(line)


@pytest.mark.parametrize("line", [
    COMMENTS,
    "Comments by the governor drew sharp criticism from both parties.",
    "Related concerns were raised by the port's largest tenant.",
    "Readers who subscribe to the paper's print edition will see the full report on Sunday.",
    "Copyright law gives the operator no say over the minutes, the lawyer said.",
    "Follow us into the control room, the duty officer told the inspectors.",
    "Share prices fell 4 percent after the announcement.",
])
def test_prose_is_not_boilerplate(line):
    assert not is_boilerplate(line)


def test_short_repeats_are_structure_and_stay():
    raw = "\n\n".join(["9:05 p.m.", LEAD, "9:05 p.m.", REBUTTAL, "* * *", COMMENTS, "* * *", QUOTE_1])
    art = clean(Document(path="x", raw=raw), Options())
    assert art.removed == [] and art.text == raw


def test_repeat_ignores_case_spacing_and_edge_punctuation():
    raw = "\n\n".join([LEAD, REBUTTAL, "  " + LEAD.upper().rstrip(".") + "  ", REBUTTAL.replace(" ", "  ")])
    art = clean(Document(path="x", raw=raw), Options())
    assert [r.reason for r in art.removed] == ["repeated", "repeated"]
    assert art.text == LEAD + "\n\n" + REBUTTAL


def test_clean_false_keeps_text_exactly():
    art = clean(Document(path="x", raw=RAW), Options(clean=False))
    assert art.text == RAW
    assert art.removed == []
    assert art.id == hashlib.sha256(RAW.encode("utf-8")).hexdigest()


GERMAN = ("Die Hafenbehörde erklärte am Dienstag, der Vertrag für die Fähre sei nie unterschrieben worden.\n\n"
          "Eine Sprecherin des Betreibers widersprach dieser Darstellung und sagte, die Vereinbarung gelte "
          "seit dem Frühjahr.")


def test_non_english_article_is_rejected():
    with pytest.raises(ClaimledgerError) as err:
        clean(Document(path="x", raw=GERMAN), Options())
    assert err.value.code == "E005"
    assert "'de'" in str(err.value)


def test_non_english_article_allowed_when_not_required():
    art = clean(Document(path="x", raw=GERMAN + "\n\n" + LEAD), Options(require_language=False))
    assert art.language == "de"
    assert [r.reason for r in art.removed] == ["language:en"]


def test_short_english_text_is_not_rejected():
    # Too short for the detector to be trusted: assume the configured language.
    art = clean(Document(path="x", raw="Holt said no."), Options())
    assert art.language == "en" and art.text == "Holt said no."


@pytest.mark.parametrize("raw", [
    "\n\n".join([COOKIE, SUBSCRIBE, "Advertisement", COOKIE, "Leave a comment"]),
    "   \n\n \r\n",
])
def test_nothing_left_is_e008(raw):
    with pytest.raises(ClaimledgerError) as err:
        clean(Document(path="x", raw=raw), Options())
    assert err.value.code == "E008"


def test_furniture_glued_to_prose_and_player_lines_go_with_their_reasons() -> None:
    raw = ("By Mara Lind HELSINKI, March 3 (Wirenews) - The port of Kotka will close its grain terminal for "
           "repairs, the harbour master said on Monday.\n\n"
           "Video loading\n\n"
           "jw.ready(function() { jw.Player.create('player-81', 'kotka'); });\n\n"
           "Please enable Javascript to watch.\n\n"
           "[Image via screengrab]\n\n"
           "A viral post claimed the terminal had been sold to a foreign buyer. Twitter\n\n"
           "A viral post claimed the terminal had been sold to a foreign buyer. Twitter\n\n"
           "-- >> Follow Mara Lind (@maralind) on Twitter\n\n"
           "Traders said grain would be shipped through Hamina instead. (Writing by Mara Lind; Editing by "
           "Jon Berg)")
    article = clean(Document("wire.txt", raw), Options())
    text = article.text
    assert text.startswith("HELSINKI, March 3") and "Mara Lind" not in text and "Jon Berg" not in text
    for furniture in ("Video loading", "function()", "enable Javascript", "screengrab", "Twitter"):
        assert furniture not in text
    assert text.count("A viral post claimed the terminal had been sold") == 1
    assert text.rstrip().endswith("shipped through Hamina instead.")
    reasons = {r.text: r.reason for r in article.removed}
    assert reasons["By Mara Lind"] == "credit" and reasons["(Writing by Mara Lind; Editing by Jon Berg)"] == "credit"
