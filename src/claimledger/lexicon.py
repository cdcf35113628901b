"""Every word list in one place: cue verbs by kind, nouns that can or cannot speak, and the words that
make a statement a denial or a hedge. Lists here must hold for any story (no names of places or people
beyond the gender hints)."""
from __future__ import annotations

SPEECH = {
    "say", "tell", "state", "add", "announce", "claim", "assert", "insist", "argue", "explain", "note",
    "warn", "report", "write", "tweet", "respond", "reply", "answer", "acknowledge", "admit", "confirm",
    "deny", "reject", "dismiss", "refute", "rebut", "dispute", "rubbish", "declare", "mention", "recall",
    "predict", "promise", "pledge", "vow", "urge", "describe", "stress", "emphasize", "testify", "allege",
    "contend", "maintain", "concede", "complain", "comment", "remark", "observe", "caution", "accuse",
    "criticize", "question", "ask", "inform", "conclude", "estimate", "disclose", "reveal", "cite",
    "recount", "retort", "counter", "charge", "assure", "suggest", "call", "blame", "praise", "signal",
    "agree", "propose", "demand", "threaten", "boast", "brag", "joke", "acknowledge", "affirm",
    "reiterate", "repeat", "continue", "plead", "insinuate", "imply", "speculate", "whisper", "shout",
    "announce", "advise", "forecast", "summarize", "characterize", "label", "term", "quote",
}
BELIEF = {
    "believe", "think", "expect", "hope", "fear", "feel", "worry", "know", "doubt", "suspect", "want",
    "plan", "intend", "consider", "assume", "understand", "wonder", "recognize", "realize", "learn",
    "anticipate", "wish", "see",
}
DOCUMENT = {"show", "find", "indicate", "conclude", "estimate", "suggest", "document", "reveal", "say"}
DENY = {"deny", "reject", "dismiss", "refute", "rebut", "dispute", "disavow", "contradict", "debunk", "rubbish"}
# Cues whose noun-phrase object is itself what is said: "announced a ceasefire", "admitted making
# remarks", "confirmed the arrests" (an event), unlike "praised the police" (a thing evaluated).
STATED_OBJECT = DENY | {"announce", "confirm", "admit", "acknowledge", "report", "reveal", "disclose", "concede",
                        "claim", "allege", "predict", "promise", "pledge", "vow", "rule", "declare", "order",
                        "charge", "accuse"}
HEDGE_CUES = {"suggest", "speculate", "suspect", "believe", "think", "guess", "estimate", "insinuate"}
# Verbs whose direct object is the addressee, not what was said.
ADDRESSEE = {"tell", "inform", "ask", "assure", "warn", "remind", "urge", "advise", "brief", "answer"}
# Acts of public position-taking PolNeAR marks as attributions: "attacked X", "called for Y".
EVALUATION = {
    "attack", "blast", "slam", "condemn", "praise", "support", "oppose", "back", "endorse", "defend",
    "refuse", "decline", "thank", "welcome", "applaud", "blame", "push", "point", "hail", "lambaste",
}
# Verb + preposition cues: the preposition belongs to the cue, its object is the content.
PHRASAL = {("call", "for"), ("call", "on"), ("push", "for"), ("point", "to"), ("argue", "for"),
           ("ask", "for"), ("advocate", "for")}
CUE_VERBS = SPEECH | BELIEF | DOCUMENT | EVALUATION
# Passive verbs whose subject does what the infinitive says: "was forced to confirm", "was asked to explain".
MADE_TO = {"force", "compel", "oblige", "obligate", "make", "prompt", "pressure", "push", "ask", "urge",
           "require", "invite", "order", "encourage", "press", "call"}
# Nouns that name a statement, which a colon and a quote may follow ("gave this reply: \"...\"").
SAID_NOUNS = {"reply", "response", "answer", "statement", "comment", "comments", "message", "explanation",
              "retort", "remark", "remarks", "words", "verdict", "warning", "assessment", "rebuttal"}
# Passive reports whose subject, however short, is what was said: "Nelson's death was reported by X".
PASSIVE_REPORTS = {"report", "announce", "claim", "allege"}
# Verbs that report a retort when "back" follows them: "fired back that", "hit back at", "shot back".
RETORT_VERBS = {"fire", "hit", "shoot", "strike", "snap", "push", "bite"}

# Things that have content but are not speakers ("according to the new schedule").
NON_SOURCES = {
    "schedule", "plan", "timetable", "rule", "law", "legend", "tradition", "custom", "script", "recipe",
    "map", "design", "calendar", "menu", "program", "agenda", "contract", "guideline", "regulation",
}
DOCUMENT_NOUNS = {
    "report", "statement", "study", "survey", "poll", "filing", "document", "documents", "analysis",
    "estimate", "data", "record", "memo", "letter", "assessment", "paper", "review", "audit", "census",
    "figure", "indictment", "complaint", "lawsuit", "transcript", "release", "email", "tweet", "post",
    "research", "investigation", "footage", "video", "cable", "testimony", "ruling", "order", "budget",
    "test", "sample", "measurement", "reading", "model", "projection", "chart", "graph",
}
MEDIA_NAMES = {
    "reuters", "associated press", "ap", "afp", "agence france-presse", "bloomberg", "cnn", "cbs news",
    "nbc news", "abc news", "fox news", "bbc", "npr", "the new york times", "new york times",
    "the washington post", "washington post", "the wall street journal", "wall street journal",
    "the guardian", "politico", "axios", "the times", "al jazeera", "tass", "xinhua", "interfax",
    "ria novosti", "der spiegel", "le monde", "financial times", "the financial times", "msnbc", "cbs",
    "nbc", "abc", "cnbc", "the hill", "breitbart", "usa today",
}
MEDIA_NOUNS = {"newspaper", "paper", "agency", "outlet", "magazine", "broadcaster", "network", "tabloid",
               "daily", "channel", "station", "website", "wire"}
ANONYMOUS_NOUNS = {
    "official", "source", "person", "people", "diplomat", "aide", "officer", "insider", "analyst",
    "expert", "adviser", "advisor", "staffer", "employee", "member", "resident", "witness", "observer",
    "lawmaker", "legislator", "executive", "investigator", "spokesman", "spokeswoman", "spokesperson",
    "representative", "negotiator", "mediator", "strategist", "operative", "worker", "individual",
    "researcher", "scientist", "doctor", "economist", "engineer", "lawyer", "activist", "voter",
}
GOVERNMENT_WORDS = {
    "ministry", "kremlin", "white house", "pentagon", "state department", "government", "embassy",
    "administration", "cabinet", "parliament", "congress", "senate", "department", "agency",
    "foreign ministry", "defense ministry", "council", "commission", "police", "army", "military",
    "navy", "prosecutor", "court", "mayor's office", "city hall", "downing street", "élysée", "elysee",
}
SENIORITY = {"senior", "top", "high-ranking", "junior", "mid-level", "low-level", "high-level", "chief"}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "dozen": 12, "a pair of": 2, "both": 2, "several": None,
}
PRONOUNS = {"he", "she", "they", "him", "her", "them", "it", "we", "i", "you", "who"}
# Cues that can sit inside the clause they report: "Acts of protest, Mr. Obama said, are ..."
PARENTHETICAL = {"say", "add", "note", "argue", "insist", "explain", "warn", "write", "claim", "tell",
                 "suggest", "believe", "think", "contend", "acknowledge", "admit", "predict", "report"}
# Given names that mark gender, for "she"/"he" resolution without a coreference model. Titles and
# pronouns already seen win over these; unknown names stay ungendered.
FEMALE_NAMES = set("""
mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty margaret sandra
ashley kimberly emily donna michelle carol amanda melissa deborah stephanie rebecca laura sharon cynthia
kathleen amy shirley angela helen anna brenda pamela nicole samantha katherine emma ruth christine
catherine debra rachel carolyn janet virginia maria heather diane julie joyce victoria kelly christina
joan evelyn lauren judith olivia martha cheryl megan andrea hannah jacqueline ann jean alice kathryn
gloria teresa doris sara janice julia marie madison grace judy theresa beverly denise marilyn amber
danielle abigail brittany rose diana natalie sophia alexis lori kayla jane hillary nancy nikki kamala
elizabeth ilse anja lena carla sonya pamela jacklyn claire angela theresa ursula marine giorgia jen
jill michelle melania ivanka chelsea huma kellyanne sheryl janet condoleezza madeleine nadia olga irina
svetlana yulia natalia elena sofia ines ingrid greta astrid freya fatima aisha mei ling yuki priya
stacey stacy tracy tracey kristen kirsten kristin erin erica tina tanya tonya wendy rita gina monica
vanessa veronica valerie kate katie kathy cathy sue peggy holly molly jenna jenny brooke courtney
lindsay lindsey kelsey allison alison alyssa melanie tiffany crystal april dawn joanne leslie ellen
meghan caroline charlotte sylvia yvonne paula nina alicia jasmine leah nora ella chloe zoe lucy
""".split())
MALE_NAMES = set("""
james robert john michael david william richard joseph thomas charles christopher daniel matthew anthony
mark donald steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan
jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin samuel gregory alexander
frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle
ethan walter noah jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence
dylan jesse jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
vincent ralph eugene russell bobby mason philip louis barack bernie mike mitt ted marco jeb chris rand
tim bill vladimir dmitry sergei xi jake marek tomas lijian boris emmanuel olaf recep volodymyr hans
karl klaus jens pedro luis carlos miguel ahmed mohammed ali omar hassan yuri ivan igor alexei nikolai
kenny ken tom dan dave steve matt jim jon greg doug phil rob bob jeff ben sam nick tony danny ron
craig todd shawn troy derek travis marcus curtis glenn neil stuart martin howard leonard stanley
""".split())
# Cues whose content includes an "as" phrase: "described the meeting as part of ongoing efforts".
AS_VERBS = {"describe", "characterize", "see", "view", "regard", "portray", "cast", "label", "dismiss", "call"}
# Nouns that make a named mention a person however NER tagged it ("Abbe Kral, a lawyer for ...").
PERSON_ROLES = {
    "lawyer", "attorney", "counsel", "spokesman", "spokeswoman", "spokesperson", "minister", "president",
    "senator", "mayor", "governor", "secretary", "director", "chairman", "chairwoman", "chair", "chief",
    "ambassador", "chancellor", "judge", "adviser", "advisor", "ceo", "commissioner", "leader", "candidate",
    "nominee", "professor", "premier", "founder", "owner", "manager", "officer", "analyst", "economist",
    "researcher", "scientist", "doctor", "physician", "nurse", "teacher", "student", "resident", "worker",
    "actor", "actress", "singer", "writer", "author", "journalist", "reporter", "editor", "producer",
    "executive", "head", "deputy", "aide", "official", "diplomat", "lawmaker", "prosecutor", "detective",
    "sheriff", "sergeant", "captain", "lieutenant", "colonel", "general", "coach", "player", "pastor",
    "priest", "father", "mother", "son", "daughter", "wife", "husband", "brother", "sister", "man", "woman",
    "boy", "girl", "partner", "president-elect", "representative", "congressman", "congresswoman",
    "superintendent", "principal", "activist", "organizer", "expert", "engineer", "owner", "employee",
    "mp", "legislator", "councillor", "councilman", "councilwoman", "justice", "magistrate", "rabbi",
    "bishop", "imam", "veteran", "survivor", "victim", "witness", "neighbor", "neighbour", "billionaire",
}
# Nouns that make a named mention an organization ("Vantage Pictures, the production company").
ORG_HEADS = {
    "company", "group", "firm", "campaign", "party", "organization", "organisation", "union", "association",
    "utility", "university", "charity", "operator", "airline", "manufacturer", "retailer", "school",
    "hospital", "committee", "bank", "coalition", "corporation", "institute", "foundation", "team", "club",
    "studio", "maker", "producer", "chain", "business", "brand", "startup", "developer", "nonprofit",
    "lab", "laboratory", "agency", "insurer", "carrier", "distributor", "publisher", "label", "network",
    "platform", "supplier", "contractor", "fund", "center", "centre", "council", "board", "district",
}
# Heads of descriptions that stand for a government body ("the ministry", "the department").
GOVERNMENT_HEADS = {
    "ministry", "department", "government", "administration", "office", "embassy", "cabinet", "kremlin",
    "parliament", "congress", "senate", "police", "army", "military", "court", "prosecutor's office",
    "state", "county", "city", "country", "regime", "authorities", "authority", "agency", "commission",
}
# Words around an unnamed speaker that mark it as anonymous whatever its head noun is.
ANONYMITY = (
    "condition of anonymity", "on condition that", "not to be identified", "not to be named",
    "requested anonymity", "asked for anonymity", "anonymously", "declined to be identified",
    "declined to be named", "not authorized to speak", "not authorised to speak", "not authorized to discuss",
    "not authorized to comment", "did not want to be named", "did not want to be identified",
    "name was withheld", "name withheld", "declined to give",
)
# Heads that can name an unnamed person the text describes ("a woman who asked not to be named").
UNNAMED_PEOPLE = {"man", "woman", "mother", "father", "parent", "neighbor", "neighbour", "student",
                  "teacher", "nurse", "relative", "friend", "colleague", "insider", "whistleblower",
                  "employee", "resident", "one", "someone", "somebody", "contractor", "guard", "passenger"}
# Acts done to the grammatical object: in the passive ("X has been accused of ...") the subject is the
# target, never the speaker.
DONE_TO = {"accuse", "criticize", "criticise", "charge", "blame", "attack", "slam", "blast", "condemn",
           "praise", "question", "ask", "tell", "urge", "warn", "sue", "fault", "lambaste", "rebuke",
           "challenge", "thank", "advise", "inform", "brief", "order", "pressure", "implicate", "denounce",
           "call", "label", "describe"}

# -- Reading a statement (claims/read.py) ---------------------------------------------------------
# A whole content that is itself a denial: a bare "No." answer, "Not true."
# Words that tie a quote to the one before it ("And ...", "Because ..."): a claim's text reads alone without.
LINK_WORDS = {"and", "but", "so", "because", "or", "yet"}
DENIAL_REPLIES = ("no", "nope", "not true", "false", "absolutely not", "certainly not", "of course not",
                  "that is false", "that's false", "that is not true", "that's not true", "fake news", "untrue",
                  "nonsense", "rubbish", "not at all", "never")
# Hedges on a statement's main predicate ("could amount to", "is thought to have", "possibly left"):
# the same words on a phrase inside it ("a bomb thought to have been planted by X killed ten") hedge
# nothing the statement says.
HEDGE_WORDS = ("may", "might", "could", "possibly", "perhaps", "maybe", "reportedly", "allegedly", "apparently",
               "likely", "unlikely", "probably", "presumably", "believed", "thought", "appear", "seem")
# A speaker's own doubt, wherever it stands: "for all I know", "I have no idea if it's authentic".
HEDGE_PHRASES = ("for all i know", "no idea", "not sure", "unclear whether", "unclear if", "maybe not",
                 "can't be sure", "cannot be sure", "hard to say")
# Adjectives a negation turns into a denial: "the reports are not accurate", "that is not true".
TRUTHFUL = {"accurate", "true", "correct", "right", "real", "authentic", "genuine", "factual"}
# Predicates that declare what they are said of untrue: "The figures are fabricated", "That idea is
# laughable", "called the report false". Only as the predicate: "published false figures" accuses.
FALSITY = {
    "false", "untrue", "fabricated", "fabricate", "fabrication", "baseless", "groundless", "unfounded",
    "laughable", "ridiculous", "absurd", "nonsense", "lie", "fake", "fiction", "fantasy", "rubbish",
    "garbage", "inaccurate", "incorrect", "misleading", "erroneous", "bogus", "invented", "made-up",
    "preposterous", "ludicrous", "hoax", "smear", "slander", "libel", "falsehood", "distortion",
    "nonsensical", "unsubstantiated", "disinformation", "misinformation", "invention",
}
# "There is no truth to the story", "no basis for the allegations", "no evidence that ...".
# Calling a thing fake ("it's a hoax", "the photo was doctored") states something about the thing, and
# calling it real answers that: "she swears it's real" denies "it's a hoax".
FAKERY = {"fake", "hoax", "staged", "doctored", "forged", "photoshopped", "scam", "set-up"}
GENUINE = {"real", "authentic", "genuine", "legitimate", "legit"}
TRUTH_NOUNS = {"truth", "basis", "merit", "substance", "foundation", "evidence", "proof", "credence"}
# Nouns that name a statement rather than a thing: a denial naming one answers a claim of another side.
REFERENCE_NOUNS = {
    "report", "claim", "allegation", "story", "rumor", "rumour", "accusation", "suggestion", "charge",
    "assertion", "account", "reporting", "idea", "notion", "theory", "speculation", "statement", "remark",
    "article", "characterization", "description", "assessment", "count", "insinuation", "narrative",
    "premise", "version", "contention", "finding", "conclusion", "portrayal", "reports", "it", "that",
    "this", "these", "those", "which", "talk", "gossip", "rumours", "rumors",
}
# References to what the article as a whole reports: "denied the report", "There is no truth to the story".
# Nouns that name something said and take it as a "that" clause: "reports that P", "claims by X that P".
REPORT_NOUNS = {"report", "claim", "allegation", "rumor", "rumour", "accusation", "suggestion", "assertion",
                "speculation", "story", "charge"}
# Nouns for what others allege, never for a denial: "these claims", "the rumours" next to a negative claim
# ("X is not serving a suspension") are what it denies.
ALLEGATIONS = {"report", "reports", "claim", "allegation", "rumor", "rumour", "rumors", "rumours", "accusation",
               "suggestion", "charge", "speculation", "insinuation", "story", "gossip", "talk"}
NEWS_REFERENCES = {"report", "reports", "story", "reporting", "article", "news", "coverage", "account"}
# What a denial verb can reject that is no statement: "dismissed calls for her to resign" turns down a
# proposal, it denies no claim.
PROPOSALS = {"call", "demand", "request", "proposal", "plan", "offer", "bid", "appeal", "invitation",
             "plea", "motion", "amendment", "bill", "deal", "nomination", "candidacy",
             # a court's or prosecutor's act: "dismissed 849 marijuana cases"
             "case", "lawsuit", "suit", "petition", "application"}
# Cues that concede in the same breath as a denial: "denies he said it, but has admitted ...".
# An event's noun and adjective read as its verb, so that "reports of his death" fit "he was found dead"
# and "died": the lemmatiser keeps them apart.
EVENT_LEMMAS = {"death": "die", "dead": "die", "killing": "kill", "resignation": "resign", "election": "elect",
                "invasion": "invade", "explosion": "explode", "injury": "injure", "marriage": "marry",
                "kidnapping": "kidnap", "abduction": "abduct", "execution": "execute", "beheading": "behead"}
# Irregular verb forms (and a death's words) as their base, for comparing two claims' words without a
# parser: "did not sink" and "sank" are one predicate.
BASE_FORMS = {"bore": "bear", "born": "bear", "began": "begin", "begun": "begin", "broke": "break",
              "broken": "break", "brought": "bring", "built": "build", "bought": "buy", "caught": "catch",
              "chose": "choose", "chosen": "choose", "drawn": "draw", "drew": "draw", "driven": "drive",
              "drove": "drive", "ate": "eat", "eaten": "eat", "fallen": "fall", "fell": "fall", "fed": "feed",
              "fought": "fight", "found": "find", "fled": "flee", "flew": "fly", "flown": "fly",
              "froze": "freeze", "frozen": "freeze", "gave": "give", "given": "give", "gone": "go",
              "went": "go", "grew": "grow", "grown": "grow", "hid": "hide", "hidden": "hide", "held": "hold",
              "kept": "keep", "knew": "know", "known": "know", "led": "lead", "left": "leave", "lost": "lose",
              "made": "make", "met": "meet", "paid": "pay", "risen": "rise", "rose": "rise", "ran": "run",
              "saw": "see", "seen": "see", "sought": "seek", "sold": "sell", "sent": "send", "shot": "shoot",
              "sank": "sink", "sunk": "sink", "spoke": "speak", "spoken": "speak", "spent": "spend",
              "stood": "stand", "stole": "steal", "stolen": "steal", "struck": "strike", "swore": "swear",
              "sworn": "swear", "taken": "take", "took": "take", "told": "tell", "thought": "think",
              "threw": "throw", "thrown": "throw", "won": "win", "written": "write", "wrote": "write",
              "dead": "die", "death": "die", "died": "die", "dies": "die", "dying": "die"}
# A retort answers the statement just before it, from another side: "countered that he fought
# redlining"; so does a RETORT_VERBS verb with "back" ("firing back that it built the hospital").
REBUTTALS = {"counter", "retort"}
CONCESSIONS = {"admit", "acknowledge", "concede", "confirm", "grant", "allow"}
# Words that make the thing they qualify the one just mentioned: "such a deal", "that claim".
DEMONSTRATIVES = {"such", "that", "this", "these", "those"}
# Negations beyond spaCy's `neg` arc: "none of the rifles", "at no time", "nobody".
NEGATIONS = {"not", "n't", "never", "no", "none", "nobody", "nothing", "neither", "nor", "nowhere"}
# Negations of rebuttal ("None of the rifles left", "We never took", "At no time did"), as against the
# everyday "not" of an assertion ("the bridge would not reopen before March"). "no" counts as a
# determiner only ("no longer" is everyday).
EMPHATIC_NEGATIONS = {"never", "none", "nobody", "nothing", "nowhere", "neither", "no"}
# "pleaded not guilty", "maintains his innocence": a denial of the charge. Verbs that claim one's
# innocence ("insisted on her innocence"); "an innocent journalist" denies nothing.
INNOCENCE_CLAIMED = {"maintain", "protest", "proclaim", "profess", "insist", "assert", "declare", "claim", "plead"}
# "had no plans to move", "has no intention of selling": the verb they govern is what is negated.
INTENTIONS = {"plan", "intention", "intent", "desire", "wish", "interest"}
# Words that make a capitalised source name an outlet's ("Coastline News", "the Daily Ledger"). The
# ledger marks well-known outlets as kind 'media' itself (MEDIA_NAMES); this list catches the others.
OUTLET_WORDS = {
    "news", "times", "post", "daily", "journal", "herald", "tribune", "gazette", "telegraph", "courier",
    "chronicle", "press", "radio", "tv", "television", "channel", "broadcasting", "newspaper", "magazine",
    "mail", "express", "inquirer", "examiner", "dispatch", "globe", "bulletin", "wire", "newswire", "ledger",
    "sentinel", "weekly", "review", "observer", "independent", "online", "digest", "standard", "mirror",
}
# Words that start an outlet's name ("Daily Ledger", "Channel 9", "Radio Valmora").
OUTLET_FIRST = {"daily", "channel", "radio"}

# Function words the claim-relation features and the cross-article search leave out of a text's content.
STOP = frozenset("""a an the and or but if of to in on at by for with from as is are was were be been being it its
this that these those he she they we you i his her their our your my me him them us has have had do does did
will would can could should may might must shall about into over after before than then so such there here
what which who whom whose when where why how all any each also just more most other some up out very s t
said says say""".split())

# The claim-relation features' cue words, grouped by what they signal; each group is a count feature of
# claims/relation_features.py (and its words stay in the bags). The order is the shipped model's.
RELATION_CUES: dict[str, frozenset[str]] = {
    "refute": frozenset("""fake fakes faked hoax hoaxes false falsely fraud fraudulent bogus debunk debunked
debunks myth untrue unfounded baseless fabricated fabrication fiction fictional nonsense lie lies lied lying
misleading wrong erroneous incorrect inaccurate satire satirical parody prank pranks pranked deny denies denied denial denials dismiss dismissed dismisses reject rejects rejected refute
refutes refuted retract retracts retracted retraction contrary contradict contradicts dispute disputes
disputed doubt doubts doubtful skeptical sceptical laughable ridiculous absurd misinformation disinformation
photoshopped doctored invented mistaken mistakenly disprove disproved disproven""".split()),
    "negation": frozenset("""not no never none nothing nobody neither nor without n't cannot isn't wasn't
aren't weren't don't doesn't didn't hasn't haven't hadn't won't wouldn't can't couldn't shouldn't""".split()),
    "hedge": frozenset("""reportedly allegedly alleged apparently purportedly purported supposedly claim
claims claimed claiming report reports reported according rumored rumoured unconfirmed unverified may might
could possibly possible perhaps believed suggest suggests suggested appears appear seem seems speculation
speculate speculated unclear if whether rumor rumour rumors rumours rumored rumoured""".split()),
    # Not answering is not denying: "would not comment", "declined to confirm", "did not respond".
    "no_answer": frozenset("""comment comments commented respond responded responding reply replied declined
decline unavailable reached""".split()),
    "support": frozenset("""confirm confirms confirmed confirmation true truth indeed verified verify
official officially announce announced announces revealed reveals proof proves proved evidence""".split()),
    "report": frozenset("""said says told tells stated statement spokesman spokeswoman spokesperson source
sources according reports report reported interview""".split()),
}
# Nouns after a negation that make it a refutation ("no truth to", "without merit").
TRUTH = frozenset("truth basis merit substance foundation evidence proof credence".split())
# A cue that is only an auxiliary ("they are [asking]") is a tagging slip; a bare article is no speaker.
AUXILIARIES = {"is", "are", "was", "were", "be", "been", "am", "has", "have", "had", "do", "does", "did"}
DETERMINERS = {"the", "a", "an", "this", "that", "these", "those"}

# Not answering takes no side: "would not comment", "declined to confirm", "could not be reached".
DECLINED = ("not comment", "no comment", "declined to comment", "declined to confirm", "declined to discuss",
            "could not confirm", "couldn't confirm", "could not be reached", "did not respond", "didn't respond",
            "did not return", "didn't return", "not immediately respond", "not immediately return",
            "declined to elaborate", "refused to comment", "would not say", "wouldn't say", "unavailable for comment",
            "not going to confirm", "not going to comment", "neither confirm nor deny", "not confirm or deny",
            "would not confirm", "wouldn't confirm", "will not confirm", "won't confirm", "cannot confirm",
            "can't confirm", "running commentary", "not in a position to confirm", "declined to identify",
            "did not say whether", "didn't say whether", "did not say if", "didn't say if", "not specify whether",
            "declined to say")
# Titles that name a page, not a statement: they never start or join a claim across articles.
GENERIC_TITLES = ("live updates", "live blog", "opinion", "editorial", "breaking news", "watch", "video",
                  "photos", "gallery", "newsletter", "podcast", "analysis", "letters", "the latest",
                  "what we know", "news", "home", "untitled", "body")
# Cues of wanting, not saying: "She wanted other women to find wigs with ease" states a goal, nothing a
# fact-checker can hold true or false, so it founds no claim (it stays an attribution, as PolNeAR marks it).
DESIRES = {"want", "hope", "wish", "intend", "aim", "seek", "aspire", "long"}
