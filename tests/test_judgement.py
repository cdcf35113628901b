"""The judgements a fact-checker reads first (issue 16): the side each statement takes, which claim it
bears on, whether a claim is contested, and whether its text can be read alone.

Each article is written for this test, in news style, and each shape comes in more than one wording:
the causes fixed here recur on any news, so one phrasing passing proves little.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from claimledger import analyze
from claimledger.across.story_claims import polarity_sides
from claimledger.cli import app
from claimledger.model import Attribution, Claim, Ledger


def said_by(ledger: Ledger, source: str, content: str = "") -> Attribution:
    hits = [a for a in ledger.attributions
            if (source in a.source.span.text or source in a.source.name) and content in a.content.text]
    assert hits, [(a.source.span.text, a.content.text) for a in ledger.attributions]
    return hits[0]


def ingested(tmp_path: Path, rows: list[dict[str, Any]]) -> Callable[..., str]:
    """These JSON Lines rows ingested into a new store through the CLI; returns a function that runs another
    command on that store and gives its stdout."""
    feed = tmp_path / "feed.jsonl"
    feed.write_text("".join(json.dumps(r) + "\n" for r in rows))
    db = str(tmp_path / "news.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(feed), "--db", db]).exit_code == 0
    return lambda *args: runner.invoke(app, [*args, "--db", db]).stdout


def claim_of(ledger: Ledger, a: Attribution) -> Claim:
    return next(c for c in ledger.claims if c.id == a.claim)


def contested(ledger: Ledger) -> list[str]:
    return [c.text for c in ledger.claims if c.contested]


# --- "denied reports that P": P is what is denied, and whoever reported it asserts it -------------------

@pytest.mark.parametrize("text, reporter, denier, words", [
    ("A spokeswoman for the ferry operator denied reports in the Harbour Gazette that the company had "
     "filed for bankruptcy.", "Harbour Gazette", "spokeswoman", "filed for bankruptcy"),
    ("Claims by the opposition that the mayor's brother had won the paving contract without a tender "
     "were rejected by the city council on Monday.", "opposition", "city council", "paving contract"),
    ("Despite reports in a regional daily, the Valley Post, that two reactors had been shut down, the "
     "plant's director, Irena Kos, dismissed the speculation.", "Valley Post", "Irena Kos", "reactors"),
])
def test_a_denied_report_is_a_dispute_with_its_reporter(text: str, reporter: str, denier: str, words: str) -> None:
    ledger = analyze(text)
    asserted = said_by(ledger, reporter)
    denied = said_by(ledger, denier)
    assert asserted.stance == "assert" and denied.stance == "deny"
    claim = claim_of(ledger, asserted)
    assert asserted.claim == denied.claim and claim.contested
    assert words in claim.text and not claim.text.lower().startswith(("reports", "claims", "despite"))


def test_unnamed_claims_denied_contest_nothing() -> None:
    ledger = analyze("The company dismissed claims that it had misled investors.")
    (a,) = ledger.attributions
    assert a.stance == "deny" and not contested(ledger)


# --- a denial with a clause of its own denies that clause, not the article's main claim ---------------

@pytest.mark.parametrize("denial", [
    "The man in the recording also denied there was a truce.",
    "In the same video the speaker denied that any truce existed.",
])
def test_a_denial_with_its_own_clause_is_not_tied_to_another_claim(denial: str) -> None:
    text = ("Army officials said they had killed the rebel commander in a raid last year. " + denial +
            " It was the defence chief who announced the truce in October.")
    ledger = analyze(text)
    army = said_by(ledger, "officials")
    assert not claim_of(ledger, army).contested  # the killing is not what the denial answers
    denier = next(a for a in ledger.attributions if a.stance == "deny")
    announcer = said_by(ledger, "defence chief")
    # "announced the truce" names the thing the denial is about: the two take opposite sides of one claim
    assert announcer.claim == denier.claim and announcer.stance == "assert"
    assert claim_of(ledger, denier).contested


# --- calling a thing fake, and calling it real -----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "A shop owner who saw the filming said the video was staged. The vlogger denied staging the video, "
    "telling reporters it was all real.",
    "According to a neighbour who watched the shoot, the clip was a fake. The vlogger, Dan Ruiz, "
    "adamantly denied faking the clip.",
])
def test_a_thing_called_fake_is_the_claim_and_its_maker_denies_it(text: str) -> None:
    ledger = analyze(text)
    accuser = next(a for a in ledger.attributions if "neighbour" in a.source.span.text
                   or "shop owner" in a.source.span.text)
    denier = next(a for a in ledger.attributions if a.cue.lemma == "deny")
    assert accuser.stance == "assert" and denier.stance == "deny"
    assert accuser.claim == denier.claim and claim_of(ledger, accuser).contested


def test_it_is_real_answers_a_hoax_claim() -> None:
    ledger = analyze("Two former detectives told the network that the tape could easily be a hoax. "
                     "\"The woman who gave us the tape swears it is real,\" the host said.")
    host = said_by(ledger, "host")
    detectives = said_by(ledger, "detectives")
    assert host.stance == "deny" and host.claim == detectives.claim
    assert claim_of(ledger, host).contested


# --- hedges on the main predicate only ------------------------------------------------------------------

@pytest.mark.parametrize("text, stance", [
    ("Officials said the new levy could eventually fund two clinics and a fire station.", "hedge"),
    ("The charity said the blockade could amount to collective punishment.", "hedge"),
    ("\"For all I know it was a prank,\" the caretaker said.", "hedge"),
    ("Police said a van thought to have been stolen in Leeds crashed into the barrier.", "assert"),
    ("The union claimed that the workers were holding a manager, believed to be a Dane, in the canteen.",
     "assert"),
])
def test_hedges_are_read_on_the_main_predicate(text: str, stance: str) -> None:
    (a,) = analyze(text).attributions
    assert a.stance == stance


@pytest.mark.parametrize("text", [
    "A gossip site claimed the singer had died in a crash. \"Reports of his death are not accurate,\" "
    "his agent wrote on Twitter.",
    "A gossip site claimed the singer had died in a crash. His agent said the reports of his death were "
    "not true.",
])
def test_a_negated_truth_denies(text: str) -> None:
    ledger = analyze(text)
    agent = said_by(ledger, "agent")
    assert agent.stance == "deny"


# --- no source on both sides of one claim; a question's "that" ------------------------------------------

@pytest.mark.parametrize("text", [
    "The former mayor now denies he ever said any of that, though he has admitted making rude remarks "
    "over the years.",
    "The coach denied that he had insulted the referee. He has conceded losing his temper on the bench.",
])
def test_a_concession_is_not_both_sides_of_one_claim(text: str) -> None:
    ledger = analyze(text)
    for c in ledger.claims:
        assert not (set(c.asserted_by + c.hedged_by) & set(c.denied_by)), c


@pytest.mark.parametrize("reply", ["That is very untrue.", "That is simply false."])
def test_that_answers_the_question_asked(reply: str) -> None:
    ledger = analyze("Farmers' leader Ana Petrova said the new tariff would ruin small dairies. "
                     f"Asked whether young farmers all vote the same way, her deputy said: \"{reply}\"")
    assert not contested(ledger)


# --- acts found no claims; claims read alone ---------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "The mayor praised the firefighters who worked through the night.",
    "Opposition leaders condemned the decision on Tuesday.",
    "She wanted other patients to find wigs that matched their hair at every clinic.",
])
def test_an_act_with_no_proposition_founds_no_claim(text: str) -> None:
    ledger = analyze(text)
    assert ledger.attributions and not ledger.claims
    assert all(a.claim is None for a in ledger.attributions)


@pytest.mark.parametrize("text, starts", [
    ("The council urged residents to boil their water until Friday.", "The council urged residents to boil"),
    ("Prosecutors charged the treasurer with fraud on Monday.", "Prosecutors charged the treasurer with fraud"),
    ("The ministry said that the bridge would reopen in March.", "The bridge would reopen in March"),
    ("Ahmadu says he represents the rebels in Chad.", "Ahmadu represents the rebels in Chad"),
    ("\"The suggestion that militants were caught at the border is categorically false,\" a ministry "
     "spokesman said.", "Militants were caught at the border"),
    ("The company dismissed claims that it had misled investors.", "The company had misled investors"),
    ("The officials, who spoke on condition of anonymity, said the request covered at least three tankers a "
     "month.", "The request covered at least three tankers a month"),
])
def test_claims_read_alone(text: str, starts: str) -> None:
    ledger = analyze(text)
    assert [c.text for c in ledger.claims] and ledger.claims[0].text.startswith(starts)


# --- a declined comment takes no side; a page's name is no story claim --------------------------------

@pytest.mark.parametrize("reply", [
    "The company declined to comment on the report.",
    "A company spokesman said he could not confirm the report.",
    "The company did not respond to requests for comment.",
])
def test_a_declined_comment_takes_no_side(reply: str) -> None:
    ledger = analyze("The water board said the dam had been sabotaged by a contractor. " + reply)
    assert not contested(ledger)
    assert all(a.claim is None for a in ledger.attributions if "company" in a.source.span.text.lower())


def test_page_names_found_no_story_claim_and_declines_take_no_side(tmp_path) -> None:
    bodies = [
        ("Live updates", "Firefighters said the blaze at the Norrvik depot had been contained by noon. "
                         "The depot's owner declined to comment on the cause."),
        ("Live updates", "The port authority said the ferry to Kallo would resume sailing on Friday."),
        ("Opinion", "The mayor said the new tram line would open in May, two years late."),
    ]
    cli = ingested(tmp_path, [{"title": t, "text": b, "url": f"https://news.example/{i}"}
                              for i, (t, b) in enumerate(bodies)])
    listed = json.loads(cli("claims", "--json"))["claims"]
    texts = [c["text"] for c in listed]
    assert texts and not any(t in ("Live updates", "Opinion") for t in texts)
    assert all(c["denies"]["statements"] == 0 for c in listed)


@pytest.mark.parametrize("debunk", [
    "A fact-checking site said the photo of a shark swimming on a flooded Houston highway is fake: the "
    "shark was pasted in from a 2005 magazine picture.",
    "The picture of a shark on a flooded highway in Houston has been debunked many times. The same image "
    "has circulated after every big storm since 2011.",
    "Every hurricane season brings the shark. This year residents shared a picture of one swimming on a "
    "flooded Houston highway, and once again it is a hoax made from a diving magazine's photo.",
    "Meteorologists and police in Houston spent Monday answering one question about the flood: the shark "
    "on the highway. The viral picture is staged, the city's police chief told reporters.",
])
def test_track_reads_a_debunk_as_a_denial(tmp_path, debunk: str) -> None:
    rows = [{"title": "Shark on the highway", "url": "https://news.example/shark",
             "text": "Residents said a shark was swimming on a flooded highway in Houston on Sunday. A photo "
                     "of the shark was shared 80,000 times."},
            {"title": "No, that shark is not real", "url": "https://check.example/shark", "text": debunk}]
    cli = ingested(tmp_path, rows)
    tracked = json.loads(cli("track", "A shark swam on a flooded highway in Houston", "--json"))
    found = {a["url"]: a for a in tracked["articles"]}
    assert found["https://check.example/shark"]["relation"] == "denies"
    assert found["https://news.example/shark"]["relation"] != "denies"


# --- speakers ------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, pronoun, group", [
    ("The interior ministry said the march was illegal. Thousands of protesters gathered outside parliament "
     "on Monday. They said the new law would silence journalists.", "They", "protesters"),
    ("The mayor's aide said the budget was balanced.\n\nOthers who have followed the city's finances see "
     "trouble ahead. Pension costs have doubled, they say.", "they", "Others"),
])
def test_they_is_the_plural_group_before_it(text: str, pronoun: str, group: str) -> None:
    ledger = analyze(text)
    a = next(a for a in ledger.attributions if a.source.span.text == pronoun)
    assert group in a.source.name


@pytest.mark.parametrize("text, speaker", [
    ("The Harbour Gazette first reported that the ferry had hit the pier and claimed that two crew members "
     "had been hurt.", "Harbour Gazette"),
    ("Opposition leader Mara Voss said the vote had been rigged and insisted that the count be repeated.",
     "Mara Voss"),
])
def test_coordinated_cues_share_their_speaker(text: str, speaker: str) -> None:
    ledger = analyze(text)
    assert ledger.attributions and all(speaker in a.source.name for a in ledger.attributions)


def test_a_demonym_is_a_person_and_his_pronoun_resolves_to_him() -> None:
    ledger = analyze("A Canadian who volunteered with the rescue teams told the radio station that the village "
                     "had been evacuated. \"Nobody was left there,\" he said. The station's news editor, Lena "
                     "Marsh, said she could not confirm it.")
    volunteer, pronoun = ledger.attributions[0], next(a for a in ledger.attributions if a.source.span.text == "he")
    assert volunteer.source.kind == "person" and pronoun.source.entity == volunteer.source.entity
    editor = next(a for a in ledger.attributions if "Marsh" in a.source.span.text)
    assert editor.source.name == "Lena Marsh" and editor.source.entity != volunteer.source.entity


@pytest.mark.parametrize("reply", [
    "And as if you needed more proof, the singer's manager has confirmed it is a hoax",
    "Her publicist has since said it is all a hoax.",
])
def test_it_is_a_hoax_answers_the_story_not_the_last_aside(reply: str) -> None:
    ledger = analyze("A gossip site claimed the singer had been arrested in Oslo.\n\n"
                     "According to her official biography, she was born in Bergen.\n\n" + reply)
    denier = next(a for a in ledger.attributions if "hoax" in a.content.text)
    site = said_by(ledger, "gossip site")
    assert denier.stance == "deny" and denier.claim == site.claim
    assert claim_of(ledger, site).contested and len(contested(ledger)) == 1


def test_a_contested_claim_says_why_each_side_is_there() -> None:
    from claimledger import ledger_to_dict

    obj = ledger_to_dict(analyze(
        "Two port officials said the harbour authority had agreed to sell the dredging contract to a private "
        "firm. The authority's chairwoman, Ines Varga, denied the report on Tuesday."))
    (claim,) = [c for c in obj["claims"] if c["contested"]]
    sides = {w["attribution"]: (w["stance"], w["reason"]) for w in claim["why"]}
    by_id = {a["id"]: a for a in obj["attributions"]}
    assert {by_id[a]["source"]["text"] for a in sides} >= {"Two port officials", "The authority's chairwoman, Ines Varga"}
    denial = next(v for a, v in sides.items() if "Varga" in by_id[a]["source"]["text"])
    assert denial[0] == "deny" and "report" in denial[1]


@pytest.mark.parametrize("text, name, organisation", [
    ("Foreign Ministry spokesman Zhao Lin said the report was false.", "Zhao Lin", "Foreign Ministry"),
    ("Anna Berg, a spokeswoman for the Harbour Authority, said the pier would stay open.", "Anna Berg",
     "Harbour Authority"),
])
def test_a_spokesperson_keeps_name_and_organisation(text: str, name: str, organisation: str) -> None:
    (a,) = analyze(text).attributions
    assert a.source.name == name and a.source.affiliation == organisation


def test_one_person_under_full_name_surname_and_office_is_one_entity() -> None:
    ledger = analyze("The country's envoy to Brazil, Marco Tellez, said the talks had failed. Tellez said later "
                     "that no deal was near. The envoy also said the embassy would close in June.")
    assert len({a.source.entity for a in ledger.attributions}) == 1
    assert {a.source.name for a in ledger.attributions} == {"Marco Tellez"}


# --- polarity: "was not captured" and "was captured" are one dispute, in an article and across articles --

@pytest.mark.parametrize("text, asserter, denier", [
    ("The foreign ministry said on Monday that the aid worker Dana Kessler was not captured by the militia. "
     "Militia websites claimed that Kessler had been captured near the river crossing.",
     "websites", "ministry"),
    ("Port officials said the tanker Selvik did not sink off the cape on Thursday. A fishing union "
     "insisted that the Selvik sank within sight of the harbour.", "union", "officials"),
])
def test_a_negated_restatement_contradicts(text: str, asserter: str, denier: str) -> None:
    ledger = analyze(text)
    asserted, denied = said_by(ledger, asserter), said_by(ledger, denier)
    assert asserted.claim == denied.claim
    assert (asserted.stance, denied.stance) == ("assert", "deny")
    claim = claim_of(ledger, asserted)
    assert claim.contested and not claim.negated


@pytest.mark.parametrize("founder, joiner", [
    ("The foreign ministry said on Monday that the volunteer nurse Dana Kessler was not captured by the "
     "militia near Tarvik. Her family said she was safe.",
     "Militia websites claimed on Sunday that the volunteer nurse Dana Kessler was captured by the militia "
     "near Tarvik."),
    ("The harbour master said the tanker Selvik did not sink off Cape Orla on Thursday night.",
     "A fishing union said the tanker Selvik sank off Cape Orla on Thursday night."),
])
def test_a_story_claim_stated_negatively_turns_the_sides_of_its_opposite(tmp_path, founder: str, joiner: str) -> None:
    cli = ingested(tmp_path, [{"text": founder, "outlet": "Daily One"}, {"text": joiner, "outlet": "Other Times"}])
    top = json.loads(cli("claims", "--json"))["claims"][0]
    assert " not " in top["text"]
    timeline = json.loads(cli("claim", str(top["id"]), "--json"))["timeline"]
    sides = {t["outlet"]: t["relation"] for t in timeline if t["source"] is not None}
    assert sides == {"Daily One": "supports", "Other Times": "denies"}
    assert top["contested"]


@pytest.mark.parametrize("founder, joiner", [
    ("The harbour master said the tanker Selvik did not sink off Cape Orla on Thursday night.",
     "A fishing union said the tanker Selvik ran aground off Cape Orla on Thursday night."),
    ("The foreign ministry said on Monday that the volunteer nurse Dana Kessler was not captured by the "
     "militia near Tarvik.",
     "Militia websites said on Sunday that the volunteer nurse Dana Kessler was treating wounded fighters "
     "of the militia near Tarvik."),
])
def test_a_claim_of_the_other_polarity_saying_something_else_takes_no_side(tmp_path, founder: str,
                                                                          joiner: str) -> None:
    # Sentence embeddings join these; only the same proposition stated the other way round is a denial.
    cli = ingested(tmp_path, [{"text": founder, "outlet": "Daily One"}, {"text": joiner, "outlet": "Other Times"}])
    claims = json.loads(cli("claims", "--json"))["claims"]
    assert not any(c["contested"] for c in claims), claims
    for c in claims:
        timeline = json.loads(cli("claim", str(c["id"]), "--json"))["timeline"]
        assert not [t for t in timeline if t["relation"] == "denies"], timeline


@pytest.mark.parametrize("text, wrong", [
    ("Her family said she was safe and had called them from a clinic.", "Her family was safe"),
    ("The ministry said he had resigned on Friday.", "The ministry had resigned"),
])
def test_a_pronoun_is_shown_as_the_speaker_only_when_it_can_be_the_speaker(text: str, wrong: str) -> None:
    ledger = analyze(text)
    assert ledger.claims and not any(c.text.startswith(wrong) for c in ledger.claims)


# --- claims that read alone; quotes that are names; "as claimed by"; non-answers ------------------------

@pytest.mark.parametrize("text, namer", [
    ('The senator called his rival "Tiny Tom." He said the rival would lose the primary by twenty points.',
     "senator"),
    ('Residents described the storm as "a freight train" on Tuesday. The mayor said the shelters would stay open.',
     "Residents"),
])
def test_a_quoted_name_founds_no_claim(text: str, namer: str) -> None:
    ledger = analyze(text)
    assert said_by(ledger, namer).claim is None
    assert ledger.claims and all(len(c.text.split()) >= 4 for c in ledger.claims)


@pytest.mark.parametrize("quote, shown", [
    ('"And the way you fix the roads is to fund the depots first," the mayor said.', "The way you fix the roads"),
    ('"But nobody told the drivers that the route had changed," a union official said.', "Nobody told the drivers"),
    ('"Because the rent doubled in two years, families are leaving the district," the pastor said.',
     "The rent doubled"),
])
def test_a_quote_opening_on_a_link_word_reads_without_it(quote: str, shown: str) -> None:
    ledger = analyze(quote)
    assert any(shown in c.text for c in ledger.claims), [c.text for c in ledger.claims]


@pytest.mark.parametrize("text, asserter, denier", [
    ("Kurdish commanders denied on Sunday that the volunteer Mara Lind had been in the town of Selo, as claimed "
     "by militant websites that reported her capture.", "websites", "commanders"),
    ("The utility rejected the idea that the dam had cracked during the storm, as alleged by a local farmers' "
     "group in a letter.", "farmers", "utility"),
])
def test_as_claimed_by_is_the_other_side_of_the_denial(text: str, asserter: str, denier: str) -> None:
    ledger = analyze(text)
    denied = said_by(ledger, denier)
    claim = claim_of(ledger, denied)
    assert denied.stance == "deny" and " as " not in claim.text and "claimed" not in claim.text
    assert "alleged" not in claim.text


@pytest.mark.parametrize("reply", [
    "Police said they were not going to confirm the identity of anyone at this stage.",
    "The Home Office said it would neither confirm nor deny reports about the hostage.",
    '"We will not give a running commentary on the investigation," a spokesman said.',
])
def test_not_confirming_takes_no_side(reply: str) -> None:
    text = "A newspaper reported on Monday that the hostage had been identified as a British aid worker. " + reply
    ledger = analyze(text)
    assert not contested(ledger) and len(ledger.claims) == 1
    assert [a.claim for a in ledger.attributions if "newspaper" not in a.source.span.text] == [None]


def test_a_quote_closing_on_a_nested_quote_is_the_outer_speakers() -> None:
    text = ('"The buses were late every day, and I think, you know, the mayor says it herself, \'We failed the '
            'riders,\'" said Lena Ortiz, a nurse.\n\nAnother rider said the new timetable helped.')
    ledger = analyze(text)
    whose = said_by(ledger, "Ortiz")
    assert "buses were late" in whose.content.text
    assert not any("buses were late" in a.content.text for a in ledger.attributions if "rider" in a.source.span.text)


@pytest.mark.parametrize("text", [
    'A militant video claimed the hostage had been killed on Monday. "If genuine, we are appalled by the brutal '
    'murder of an innocent aid worker," a government spokesman said.',
    "Rebels said the convoy was destroyed. The army said the rebels had shot innocent villagers at the checkpoint.",
])
def test_an_innocent_victim_is_no_plea_of_innocence(text: str) -> None:
    ledger = analyze(text)
    assert not contested(ledger)
    assert all(a.stance != "deny" for a in ledger.attributions)


def test_a_speakers_next_sentence_files_no_second_side_across_articles(tmp_path) -> None:
    rows = [{"outlet": "Daily One", "text": "The port authority said on Monday that the Kallo ferry terminal would "
                                            "close for a month of repairs."},
            {"outlet": "Other Times", "text": "A spokeswoman for the port authority denied that the Kallo ferry "
                                              "terminal would close for repairs, and said the new ticket office "
                                              "had opened on the quay last spring."}]
    cli = ingested(tmp_path, rows)
    top = json.loads(cli("claims", "--json"))["claims"][0]
    timeline = json.loads(cli("claim", str(top["id"]), "--json"))["timeline"]
    denials = [t["sentence"] for t in timeline if t["relation"] == "denies"]
    assert denials and not any("ticket office" in d for d in denials)


def test_a_bare_reply_founds_no_story_claim(tmp_path) -> None:
    rows = [{"outlet": "Daily One", "text": '"It is rubbish," a spokesman for the ministry said on Monday.'},
            {"outlet": "Other Times", "text": '"That is false," the ministry\'s press office said.'},
            {"outlet": "Third Post", "text": "The ministry said the new border post at Selvik would open in May."}]
    listed = json.loads(ingested(tmp_path, rows)("claims", "--json"))["claims"]
    assert listed and not [c["text"] for c in listed if len(c["text"].split()) < 4]


# --- a retort takes the other side of what it answers, in its own words --------------------------------

@pytest.mark.parametrize("text, accuser, retort", [
    ("Councillor Dana Voss accused the mayor of hiding the audit from the public. The mayor's office "
     "countered that the audit had been posted online in March.", "Dana Voss", "office"),
    ("The union said the company had cut wages twice this year. Company spokesman Leo Brandt retorted "
     "that every worker had received a raise in January.", "union", "Leo Brandt"),
    ("With the ministry saying the rebels had shelled the market, and the rebel command firing back that "
     "its fighters had left the town a week earlier, the cause of the blast remains unclear.",
     "ministry", "rebel command"),
])
def test_a_retort_denies_the_statement_it_answers(text: str, accuser: str, retort: str) -> None:
    ledger = analyze(text)
    answered = said_by(ledger, accuser)
    claim = claim_of(ledger, answered)
    assert claim.contested, ledger.claims
    assert any(retort in name for name in claim.denied_by), claim


def test_a_retort_to_its_own_speaker_or_to_nothing_takes_no_side() -> None:
    ledger = analyze("The mayor said the audit was finished. She countered that critics had not read it. "
                     "Fog closed the airport for two days.\n\nLater, the council countered that it had "
                     "no budget left.")
    assert not contested(ledger), ledger.claims


# --- "reports of his death" fit "was found dead" ----------------------------------------------------------

@pytest.mark.parametrize("text", [
    "A viral post claimed that the singer Mara Quill was found dead in her Lisbon flat. \"Reports of her death "
    "are untrue,\" her manager, Tom Reyes, said.",
    "Several websites reported that the former goalkeeper died in a car crash on Sunday. His agent "
    "dismissed the reports of his death as a cruel hoax.",
])
def test_a_denied_report_of_a_death_joins_the_claim_that_someone_died(text: str) -> None:
    ledger = analyze(text)
    assert len(contested(ledger)) == 1, ledger.claims


# --- "accused X of ...": the accused is no topic to join any claim that names him -------------------------

def test_an_accusation_does_not_join_a_claim_because_it_names_the_accused() -> None:
    ledger = analyze("Treasurer Ben Ode said Alder had promised to balance the budget by June. Senator Paul "
                     "Kine accused Alder of arguing that \"schools can wait another year for repairs.\"")
    accusation = said_by(ledger, "Kine")
    assert claim_of(ledger, accusation) != claim_of(ledger, said_by(ledger, "Ode")), ledger.claims


# --- "not clear whether P" leaves P open: no side on it ----------------------------------------------------

@pytest.mark.parametrize("text, open_", [
    ("The observatory said a meteorite had crashed into a field near Orvik on Sunday. A geologist at the "
     "site said it was still not clear whether the meteorite had crashed or burned up above the field.", "geologist"),
    ("Local media reported that the ferry captain had been arrested in Dalmo. The coast guard did not say "
     "whether the ferry captain had been arrested.", "coast guard"),
    ("Residents said the dam had cracked after the storm. Engineers said they did not know if the dam had "
     "cracked.", "Engineers"),
])
def test_an_open_question_takes_no_side(text: str, open_: str) -> None:
    ledger = analyze(text)
    assert not contested(ledger), ledger.claims
    assert not [a for a in ledger.attributions if a.stance == "deny"], ledger.attributions
    assert not [c for c in ledger.claims if any(open_ in name for name in c.asserted_by)], ledger.claims


@pytest.mark.parametrize("negative, positive, sides", [
    # one wording, flagged negated in one copy and not in another by the parse: the sides stay
    ('"It has no place in our schools, not in our homes," the minister said.',
     '"It has no place in our schools, not in our homes,"', "keep"),
    ("The tanker Selvik did not sink off Cape Orla", "The tanker Selvik sank off Cape Orla on Thursday", "turn"),
    ("Axl Rose is not dead", "The singer Axl Rose has been found dead at the age of 52", "turn"),
    ("The tanker Selvik did not sink off Cape Orla", "The tanker Selvik ran aground off Cape Orla", "discuss"),
])
def test_opposite_polarity_turns_sides_only_for_one_proposition(negative: str, positive: str, sides: str) -> None:
    assert polarity_sides(negative, positive) == sides


# --- "X is not Y ... These claims are false": calling the allegations false agrees with the negative claim --

@pytest.mark.parametrize("text, agreeing", [
    ("Tiger Woods is not serving a suspension for a failed drug test, the PGA Tour said on Monday. \"These "
     "claims are absolutely false,\" his agent, Mark Steinberg, said.", "Mark Steinberg"),
    ("The singer Mara Quill is not dead, her label said in a statement on Sunday. Her manager, Tom Reyes, "
     "called the rumours a cruel hoax.", "Tom Reyes"),
    ("The ferry captain was not arrested, the coast guard said. The allegations are false, the captain's "
     "lawyer said.", "lawyer"),
])
def test_calling_the_allegations_false_agrees_with_a_negative_claim(text: str, agreeing: str) -> None:
    ledger = analyze(text)
    assert not contested(ledger), ledger.claims
    assert any(agreeing in name for c in ledger.claims for name in c.asserted_by), ledger.claims


# --- a negation contradicts a claim only where it bears on what the claim says -------------------------------

@pytest.mark.parametrize("text", [
    "State media said Marshal Oren Tal's health was fine after six weeks out of public view. \"Oren Tal is "
    "not a micromanager,\" said the analyst Pia Roth. \"His sister could be running a lot more than we think.\"",
    "Villagers said the new dam had flooded three farms near Ostrava in March. The engineer, Karel Hus, said "
    "the dam was not the cause of the drought further south.",
])
def test_a_negation_about_something_else_contradicts_nothing(text: str) -> None:
    assert not contested(analyze(text))


@pytest.mark.parametrize("text", [
    "The firm said its drivers were employees. A judge dismissed the lawsuit on Friday.",
    "Activists said the district attorney had ignored marijuana arrests. The district attorney dismissed "
    "849 marijuana cases in March.",
])
def test_dismissing_a_case_denies_no_claim(text: str) -> None:
    ledger = analyze(text)
    assert not contested(ledger), ledger.claims
    assert not [a for a in ledger.attributions if a.stance == "deny"]


# --- "The report was rubbished by many": a passive denial names its denier and what it denies ---------------

@pytest.mark.parametrize("text, denier", [
    ("A celebrity website claimed that the singer Mara Quill had died of a heart attack on Tuesday. The "
     "report was soon rubbished by her family.", "family"),
    ("Two tabloids reported that the minister had resigned over the contract. The story was flatly denied "
     "by his office on Monday.", "office"),
])
def test_a_passive_denial_disputes_the_report_it_names(text: str, denier: str) -> None:
    ledger = analyze(text)
    (claim,) = [c for c in ledger.claims if c.contested]
    assert any(denier in name for name in claim.denied_by), claim


@pytest.mark.parametrize("text, reporter, what", [
    ("Quill's 'death' was reported by Celebnews24, a hoax website with no newsroom.", "Celebnews24", "death"),
    ("Varga's arrest was announced by the city police on Friday.", "police", "arrest"),
])
def test_a_short_passive_report_names_its_reporter(text: str, reporter: str, what: str) -> None:
    said_by(analyze(text), reporter, what)
