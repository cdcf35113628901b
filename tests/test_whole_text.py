"""The whole article, and only it: text between blocks survives extraction; lines that repeat on purpose
(list items, table rows, the same advice under each heading, a refrain) stay; a glued headline and a
sign-up box pasted twice still go, each with its reason."""
from __future__ import annotations

from claimledger.clean import clean
from claimledger.ingest import read_bytes
from claimledger.model import Article, Document
from claimledger.options import Options

TITLE = "Ferry operator disputes harbor contract"


def page(body: str, title: str = TITLE) -> str:
    return (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> "
            f"<a href='/world'>World</a></nav><article><h1>{title}</h1><div class='story'>{body}</div>"
            f"</article><footer>Contact the newsroom</footer></body></html>")


def article(html: str) -> Article:
    (doc,) = read_bytes(html.encode("utf-8"), "page.html")
    assert isinstance(doc, Document)
    return clean(doc, Options())


def para(day: str) -> str:
    return (f"<p>The harbor authority said on {day} that the ferry contract had never been signed by "
            f"either party, and that the paperwork it had seen was a draft.</p>")


ANALYST = ("Analyst Priya Natarajan of Tidewater Research said the operator's shares would fall further "
           "this quarter, and that investors should expect a long dispute over the paperwork.")
NEXT = ("The operator will publish its copy of the contract within a week, a spokesman for the operator "
        "said in a statement on Thursday evening.")


def test_text_between_blocks_is_kept_in_order() -> None:
    # Loose text after a paragraph and after a heading (an element's tail in the extracted tree), with an
    # inline element inside it: each stays, as its own paragraph, where the page had it.
    body = (para("Tuesday") + ANALYST.replace("investors", "<b>investors</b>") + para("Wednesday")
            + "<h2>What comes next</h2>" + NEXT + para("Friday"))
    art = article(page(body))
    text = art.text
    assert ANALYST in text and NEXT in text
    assert text.index("on Tuesday") < text.index(ANALYST) < text.index("on Wednesday") \
        < text.index("What comes next") < text.index(NEXT) < text.index("on Friday")
    # Blocks keep their kinds: the loose text is a paragraph of its own, the heading a heading.
    kinds = {art.text[b.start:b.end]: b.kind for b in art.blocks}
    assert kinds[ANALYST] == "paragraph" and kinds[NEXT] == "paragraph"
    assert kinds["What comes next"] == "heading"


def test_a_market_report_keeps_its_quoted_analyst_in_the_ledger() -> None:
    from claimledger import analyze

    body = para("Tuesday") + ANALYST + para("Wednesday")
    (doc,) = read_bytes(page(body).encode("utf-8"), "page.html")
    assert isinstance(doc, Document)
    ledger = analyze(doc)
    speakers = {a.source.span.text for a in ledger.attributions}
    assert any("Natarajan" in s for s in speakers)


SHIPPING = "Free shipping on orders over 50 dollars"
WARRANTY = "Two-year warranty covers the battery and the charger"


def test_repeated_list_items_stay() -> None:
    # Two models share bullets: each list is the article's own, so each keeps them.
    body = ("<p>We tested two cordless drills from the same maker over a month of weekend jobs.</p>"
            "<h2>The Model 40</h2><ul><li>Weighs 1.2 kilograms with its battery</li>"
            f"<li>{SHIPPING}</li><li>{WARRANTY}</li></ul>"
            "<h2>The Model 60</h2><ul><li>Weighs 1.6 kilograms with its battery</li>"
            f"<li>{SHIPPING}</li><li>{WARRANTY}</li></ul>"
            "<p>Both drills handled every job we gave them, and the smaller one was easier to carry.</p>")
    art = article(page(body, "Two cordless drills tested"))
    assert art.text.count(SHIPPING) == 2 and art.text.count(WARRANTY) == 2
    assert "The Model 60" in art.text
    assert not [r for r in art.removed if r.reason == "repeated"]


def test_repeated_table_rows_stay() -> None:
    row = "<tr><td>Saturday</td><td>No sailings before noon because of the tide</td></tr>"
    body = ("<p>The ferry timetable for the next two weeks changes because of the harbor works.</p>"
            "<h2>First week</h2><table><tr><th>Day</th><th>Service</th></tr>"
            "<tr><td>Friday</td><td>Normal service all day</td></tr>" + row + "</table>"
            "<h2>Second week</h2><table><tr><th>Day</th><th>Service</th></tr>"
            "<tr><td>Friday</td><td>Last sailing leaves at six</td></tr>" + row + "</table>"
            "<p>Passengers with bookings will be told of changes by text message, the operator said.</p>")
    art = article(page(body, "Ferry timetable changes"))
    assert art.text.count("No sailings before noon because of the tide") == 2
    assert not [r for r in art.removed if r.reason == "repeated"]


MEAL_ADVICE = "Eat slowly and stop when you are no longer hungry."
JOIN = "Join 40,000 readers who plan their week with our briefing. It is free."


def test_the_same_advice_under_each_heading_stays_with_its_heading() -> None:
    # The advice repeats under every meal and stays; a sign-up box under two of them goes.
    meals = [("Breakfast", "Oats with yoghurt and a handful of berries."),
             ("Lunch", "A bean salad with olive oil and a slice of rye bread."),
             ("Dinner", "Baked fish with potatoes and green beans.")]
    body = "<p>A week of simple meals for a family of four, planned by a dietitian.</p>" + "".join(
        f"<h2>{name}</h2><p>{food}</p><p>{MEAL_ADVICE}</p>" + (f"<p>{JOIN}</p>" if name != "Lunch" else "")
        for name, food in meals)
    art = article(page(body, "A simple meal plan"))
    assert art.text.count(MEAL_ADVICE) == 3
    assert all(name in art.text for name, _ in meals)
    assert art.text.count(JOIN) == 1
    assert [(r.text, r.reason) for r in art.removed] == [(JOIN, "repeated")]


PASTED = "Send your jokes to the puzzle desk and we will print the best ones on Saturday."


def test_a_short_refrain_after_different_lines_stays_and_a_pasted_paragraph_goes() -> None:
    # Plain-text readers' jokes: the same answer and the same signature come back after different
    # lines; the closing note pasted twice in a row is a copy.
    jokes = ["What kind of tree fits in your hand?", "A palm tree!", "Reader Milo, age 8",
             "What did the ferry say to the harbor?", "Long time no sea.", "Reader Milo, age 8",
             "What grows in a sailor's garden?", "A palm tree!", "Reader Ana, age 9", PASTED, PASTED]
    art = clean(Document(path="jokes.txt", raw="\n\n".join(jokes)), Options())
    assert art.text.count("A palm tree!") == 2 and art.text.count("Reader Milo, age 8") == 2
    assert art.text.count(PASTED) == 1
    assert [(r.text, r.reason) for r in art.removed] == [(PASTED, "repeated")]


SIGN_UP = "The Harbor Briefing lands in your inbox every weekday at six."


def test_glued_headline_and_sign_up_box_still_go_while_list_repeats_stay() -> None:
    body = (f"<p>{TITLE}</p>"
            "<p>The harbor authority said on Tuesday that the ferry contract had never been signed.</p>"
            f"<p>{SIGN_UP}</p>"
            "<p>The operator listed what its passengers keep under either reading of the contract:</p>"
            f"<ul><li>{SHIPPING}</li><li>Season tickets stay valid until the end of the year</li></ul>"
            "<p>Its rival listed the same terms for its own passengers:</p>"
            f"<ul><li>{SHIPPING}</li><li>Season tickets stay valid until the end of the year</li></ul>"
            f"<p>{NEXT}</p><p>{TITLE}</p><p>{SIGN_UP}</p><p>{TITLE}</p>")
    art = article(page(body))
    # One copy of each stands (the page's own heading left the text as Document.title); the rest go.
    assert art.text.count(SIGN_UP) == 1 and art.text.count(TITLE) == 1
    assert (TITLE, "repeated") in [(r.text, r.reason) for r in art.removed]
    assert (SIGN_UP, "repeated") in [(r.text, r.reason) for r in art.removed]
    assert art.text.count(SHIPPING) == 2
