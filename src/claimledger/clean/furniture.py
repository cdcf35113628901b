"""Page furniture: what a news page puts around an article, judged one line at a time, with a reason.

Reasons (reported in `article.removed`): "boilerplate" (comments, log-in, cookies, ads, share buttons),
"promo" (newsletters, subscriptions, apps, follow-us, affiliate notices), "teaser" (a link to another
story, or "Read more:" / "RELATED:" and its headline), "credit" (bylines, "Contributing: ...",
"... contributed to this report", photo credits), "footer" (copyright, "originally published by ..."),
"furniture" (category / tag / date labels, bare domain names), "caption" (a photo caption that says who
stands where: "(left)", "(right)"). Every pattern matches the whole line
(re.fullmatch, case-insensitive, at most 300 characters), so prose that merely mentions a newsletter or
a photo never matches. Generic wording only: nothing here names an outlet.
"""
from __future__ import annotations

import re
from functools import lru_cache

MAX_CHARS = 300  # longer lines are prose, whatever they start with
TEASER_MIN_WORDS = 6  # a linked line shorter than this is a menu item or a name, not a headline
TEASER_MAX_WORDS = 25

_SOCIAL = r"(twitter|facebook|instagram|x|linkedin|youtube|tiktok|threads|bluesky|telegram|whatsapp|social media)"
# Labels that introduce another story: "RELATED: ...", "Read more: ...", "MORE: ...".
_TEASER_LABEL = (r"(read more|more|related( articles?| stories| coverage| content| links| news)?|read( also)?|"
                 r"also read|see also|watch|listen|video|gallery|photos|check out|recommended|don'?t miss|must read|trending|"
                 r"latest|top stories|editor'?s picks?|more from [\w .'’-]{1,40}|more on this( story)?)")

_PATTERNS: dict[str, list[str]] = {
    "boilerplate": [
        # comments / login / registration
        r"(\d+\s+)?comments?(\s*\(\d+\))?\s*:?",
        r"(show|view|load|hide|read|see)( all| more)?( \d+)? (comments?|replies)\b.{0,60}",
        r"(leave|add|post|write|submit) a (comment|reply)\b.{0,60}",
        r"(please |you (must|need to|have to) )?(be )?(log ?in|logged in|sign ?in|signed in|register(ed)?)"
        r" (to|or|and|in order to) (post|comment|reply|continue|read|join|view|see|access)\b.{0,80}",
        r"(please )?(log ?in|sign ?in|sign up|register)( now| here| today)?( or (sign up|register|log ?in))?[.!]?",
        r"your email address will not be published\b.{0,80}",
        r"required fields are marked\b.{0,20}",
        r"(join|start) the (conversation|discussion)[.!]?",
        r"comments? (are|is) (now )?(closed|moderated|disabled)\b.{0,80}",
        # cookies / consent
        r"(this|our) (web)?site uses cookies\b.*",
        r"we( and our partners)? use cookies\b.*",
        r"by (continuing|using|browsing)( to (use|browse))? (this|our) (web)?site\b.*",
        r"(accept|reject|allow|manage)( all)? cookies\b.*",
        r"cookie (policy|settings|preferences|consent)\b.*",
        # advertising
        r"(advertisement|advertising|sponsored( content)?|ad|promoted|paid content)\s*[-:]?",
        r"advertisement\s*[-–—:]\s*(scroll|continue)\b.*",
        r"story continues (below|after) (the )?(advertisement|ad)\b.{0,20}",
        # sharing / navigation
        r"share( this)?( article| story| page| post)?( on [\w ]{1,20}| via [\w ]{1,20})?\s*:?",
        r"((share|tweet|e-?mail|print|facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|copy link)"
        r"\s*[|/·•,]?\s*){2,}",
        r"(skip to (main )?content|back to top|next article|previous article)\b.{0,20}",
        # a video or gallery player's own words, and its script when a scraper kept it
        r"(please )?(enable|turn on) javascript\b.{0,80}",
        r"javascript (is )?(required|disabled|must be enabled)\b.{0,80}",
        r"(video|gallery|player|media) (is )?loading\W*",
        r"loading (video|gallery|player)\W*",
        r"(view|open|see|launch) (the )?(full )?(gallery|slideshow)( \(?\d+( photos)?\)?)?",
        r".{0,60}\bfunction\s*\(\s*\)\s*\{.{0,300}",
    ],
    "promo": [
        r"(subscribe|sign up|register)( now| today| here)?( for| to)( free| our| the| a)?\b.*"
        r"\b(newsletters?|updates|alerts|emails?|inbox|digest|briefing|daily|weekly|edition)\b.{0,120}",
        r"(subscribe|subscribe now|subscribe today)[.!]?",
        r"(get|receive) .{0,60}\b(newsletters?|alerts|daily edition)\b.{0,120}",
        r"(get|receive) .{0,80}\b(by|via|in your) (e-?mail|inbox)\b.{0,120}",
        r"enter your e-?mail( address)?\b.{0,80}",
        r"thanks? (you )?for (subscribing|signing up|registering)\b.{0,80}",
        r"(already (a subscriber|a member|have an account|registered)|not a (subscriber|member)|"
        r"don'?t have an account)\??.{0,80}",
        r".{0,80}\balready (a )?(subscriber|member)\b.{0,60}\b(log ?in|sign ?in)\b.{0,120}",
        r"to (view|read|see|access|continue reading) (the|this) (full |entire |rest of the )?(story|article)"
        r"\b.{0,40}\b(subscri\w*|sign ?up|log ?in|register)\b.{0,120}",
        r"(subscribe|sign up|register|log ?in|download|buy|get)\b.{0,80}\bfor the full (story|article)\b.{0,80}",
        r"(subscribe|sign up|register|log ?in)\b.{0,120}\b(full (story|article|access)|unlimited access|"
        r"to (continue|keep) reading)\b.{0,80}",
        r"never miss\b.{0,80}\b(sign(ing)? up|subscri\w*|newsletters?|alerts?|e-?mail)\b.{0,100}",
        r"(for the latest .{0,80}\b)?(download|get|install) (the|our) .{0,60}\bapps?\b.{0,100}",
        r"follow .{0,60}\b(on|at|via) " + _SOCIAL + r"\b.{0,150}",
        r"follow us\s*([:!.|]\s*.{0,120})?",
        r"[\W_]{1,10}\s*follow [\w .'’@()-]{1,60}\b(on|at|via) " + _SOCIAL + r"\b.{0,60}",  # "—— >> Follow X on Twitter"
        r".{0,80}\bclick here\b.{0,120}",
        r"(submit|send|write) (us )?(a |your )?letters? to the editor\b.{0,120}",
        r"we('d| would)? (want|like|love) to hear (what you think|from you)\b.{0,200}",
        r"(do you|would you like to|want to) .{0,80}\?\s*(sign up|subscribe|join|register)\b.{0,80}",
        r"(we|our|this (post|article|page|story|content|site)|[\w.-]+ is a participant) .{0,250}"
        r"\b(advertiser disclosure|affiliate (links?|commissions?|advertising)|earn (a )?commission|"
        r"receive compensation|references to products from)\b.{0,250}",
    ],
    "teaser": [
        # The headline after the label: no double quotes, no closing period (a quoted sentence is prose).
        _TEASER_LABEL + r"\s*([:|»›>\-–—…]+[^\"“”]{0,150}(?<![.,;]))?",
    ],
    "caption": [
        # a photo caption naming who stands where: "Minister X (right) looks on as ..."
        r"[^\"“”]{0,250}\((second |third |far |extreme )?(left|right|centre|center|from left|l-r|left to right)\)"
        r"[^\"“”]{0,250}",
    ],
    "credit": [
        r"contribut(ing|ors?)( reporters?| writers?| reporting)?\s*:.{1,200}",
        r".{1,200}\bcontributed( reporting)? (to|for) this (report|story|article)( from [\w ,.'’-]{1,60})?[.)]?",
        r".{1,200}\bcontributed reporting( from [\w ,.'’-]{1,60})?[.)]?",
        r"\(?(additional |further )?(reporting|writing|editing|compiled|produced|research|graphics?)"
        r"( and \w+)? by\b.{1,200}",
        r"(photo|photograph|image|picture|graphic|illustration)s?( credits?)?\s*(:|/|by\b|"
        r"courtesy( of)?\b).{1,150}",
        r"(credits?|courtesy( of)?)\s*:.{1,150}",
        r"\[(image|photo|picture|video|screenshot|screengrab)s?( via| by| courtesy of| credit:?)[^\]]{1,80}\]",
        r".{0,250}\((\w+ )?(photo|photograph|image|picture)s?( credit)?\s*[:/]?[^()]{1,80}\)",
        r".{0,250}[/|]\s*(getty images|shutterstock|istock)\b.{0,40}",
        r".{0,250}\bvia getty images\b.{0,40}",
    ],
    "footer": [
        r"(©|\(c\) ?\d{4}|copyright\s+(©\s*)?\d{4}|copyright\s+©).{0,250}",
        r".{0,150}\ball rights reserved\b.{0,200}",
        r".{0,100}\bthis (material|article|content|story|report) may not be (published|reproduced|"
        r"republished|broadcast|rewritten|redistributed)\b.{0,150}",
        r"this (story|article|report|piece|post|column) (was|is|has been) (originally |first )?"
        r"(published|posted|produced|republished|written|reported) (by|in|on|at|with|as part)\b.{0,200}",
        r"(this|a version of this|an earlier version of this) .{0,60}\boriginally (published|appeared|ran) "
        r"(in|on|by|at)\b.{0,200}",
        r"originally (published|appeared|posted)\b.{0,200}",
        r"(this|it) .{0,80}\brepublished (here )?(with permission|under a creative commons)\b.{0,150}",
        r"republished (here )?(with permission|under)\b.{0,150}",
        r"(distributed|syndicated) by\b.{1,100}",
    ],
    "furniture": [
        r"(categor(y|ies)|tags?|topics?|sections?|filed under|posted in|tagged( with)?)\s*:(\s*\S.{0,100})?",
        r"(categor(y|ies)|tags|topics|filed under|posted in|tagged)",
        r"((last )?(modified|updated)|published|posted|release date|date)( on)?\s*:\s*(\S.{0,40})?",
        r"(www\.)?[\w-]+(\.[\w-]+)*\.(com|org|net|co|io|news|info|gov|edu|tv)(\.[a-z]{2})?/?",
        # a dateline on its own: "April 26, 2022", "Tue 8 Nov 2023 14:05 GMT", "Updated 3:04 p.m."
        r"((updated|published|posted)\s*:?\s*)?((mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,? )?"
        r"(\d{1,2} )?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? (\d{1,2},? )?\d{4}"
        r"(,? (at )?\d{1,2}[:.]\d{2}( ?[ap]\.?m\.?)?( [a-z]{2,4})?)?",
        r"(about the author|author bio|more by this author|related topics|most (read|popular|viewed|shared)"
        r"|latest (news|stories|headlines|videos?)|top stories|you (may|might) also like|"
        r"what to read next|around the web|from (our|the) partners)\s*:?",
    ],
}

_COMPILED = [(reason, re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE))
             for reason, patterns in _PATTERNS.items()]
# A byline ("By Jane Doe", "By Jane Doe and Omar Ruiz, Staff Writers"): capitalised names, so this one
# is case-sensitive; "By Tuesday the fund was empty" has a lower-case word and never matches.
_NAME = r"[A-Z][\w.'’-]*(?: (?:de |van |von |al-)?[A-Z][\w.'’-]*){0,5}"
_ROLE = r"(?:[A-Z][\w.'’&-]*|and|of|the|for|at|staff|writers?|reporters?|correspondents?|editors?)"
_BYLINE = re.compile(rf"(?:By|BY|Written by|Words by|Posted by)\s*:?\s+{_NAME}(?:(?:,| and| &) {_NAME}){{0,3}}"
                     rf"(?:\s*[,|–—-]\s*{_ROLE}(?: {_ROLE}){{0,8}})?")
# A line with a quotation and a speech verb is reporting, whatever furniture words it also holds.
_QUOTED_SPEECH = re.compile(r"[\"“”].{0,300}\b(said|says|told|added|asked|wrote)\b|"
                            r"\b(said|says|told)\b.{0,300}[\"“”]", re.IGNORECASE)
_LABELLED = re.compile(r"^\W*" + _TEASER_LABEL + r"\s*[:|»›>\-–—]+\s*", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.;] [a-z]")  # "... CONDITIONING. of ...": prose, not one headline
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


@lru_cache(maxsize=8192)  # clean() asks twice per line: once to judge the language, once to keep or drop
def reason_for(line: str) -> str | None:
    """Why this whole line is page furniture, or None for article text."""
    if len(line) > MAX_CHARS or _QUOTED_SPEECH.search(line):
        return None
    if _BYLINE.fullmatch(line):
        return "credit"
    for reason, pattern in _COMPILED:
        if pattern.fullmatch(line):
            return reason
    return None


def is_teaser_link(line: str) -> bool:
    """A line that is (nearly) all a link to another page and reads like a headline."""
    line = line.lstrip("-•*· ").strip()
    if _LABELLED.match(line):
        return True
    words = _WORD.findall(line)
    return (TEASER_MIN_WORDS <= len(words) <= TEASER_MAX_WORDS and not line.endswith((".", ",", ";", ":"))
            and len(line) <= MAX_CHARS and not _SENTENCE_BREAK.search(line))


def looks_like_headline(line: str) -> bool:
    line = line.strip()
    return (0 < len(line) <= 200 and len(line.split()) <= 25 and not line.endswith((".", ",", ";", ":"))
            and any(ch.isalpha() for ch in line))


# Furniture glued to the edge of a line of prose: a wire story's byline before its dateline ("By Ann Lee
# ABUJA, Nov 1 (Reuters) - ..."), its credits after the last sentence ("(Writing by ...; Editing by ...)"),
# and the name of a social network left by an embed ("... of a heart attack. Twitter").
_LEAD_BYLINE = re.compile(r"^(?:By|BY) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3}(?= +[A-Z]{2,}[A-Z .'-]*,)")
_TRAIL_CREDITS = re.compile(r"\s*\((?:(?:additional )?(?:reporting|writing|editing|compiled|research|graphics)"
                            r"(?: and \w+)? by [^;()]{1,80}(?:;\s*)?){1,4}\)\s*$", re.IGNORECASE)
_TRAIL_SOCIAL = re.compile(r"(?<=[.!?\"”])\s+(?:Twitter|Facebook|Instagram|YouTube|TikTok)$")


def glued(line: str) -> tuple[str, list[tuple[str, str]]]:
    """The line without furniture glued to its edges, and what was cut with its reason."""
    cut: list[tuple[str, str]] = []
    m = _LEAD_BYLINE.match(line)
    if m:
        cut.append((m.group(0), "credit"))
        line = line[m.end():].lstrip()
    for pattern, reason in ((_TRAIL_CREDITS, "credit"), (_TRAIL_SOCIAL, "furniture")):
        m = pattern.search(line)
        if m and m.start() > 0:
            cut.append((m.group(0).strip(), reason))
            line = line[:m.start()].rstrip()
    return line, cut
