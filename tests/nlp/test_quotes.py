"""Quote extraction: the seed article, each quote form, and inputs that must yield nothing."""

from __future__ import annotations

import pytest

from service.nlp import speakers
from service.nlp.context import DocContext
from service.nlp.engine import analyze_doc
from service.nlp.quotemarks import scan
from service.nlp.quotes import extract_quotes


def _quotes(nlp, text):
    return extract_quotes(DocContext(nlp(text)), speakers.RULES)


def _find(quotes, cue_text):
    """The quote whose cue text is ``cue_text`` (first one)."""
    hits = [q for q in quotes if q.cue is not None and q.cue.text == cue_text]
    assert hits, f"no quote with cue {cue_text!r}: {[(q.cue and q.cue.text) for q in quotes]}"
    return hits[0]


# --------------------------------------------------------------------------- the seed article

# (cue text, occurrence, cue lemma, acceptable speaker mentions, addressee that must be present)
SEED = [
    ("urged", 0, "urge", {"U.S. Secretary of State Antony Blinken"}, "President Aliyev"),
    ("stressed", 0, "stress", {"U.S. Secretary of State Antony Blinken"}, None),
    ("told", 0, "tell", {"Blinken"}, "Armenian Prime Minister Nikol Pashinyan"),
    ("assured", 0, "assure", {"Blinken"}, "Prime Minister Pashinyan"),
    ("reiterated", 0, "reiterate", {"Ned Price"}, None),
    ("insisting", 0, "insist", {"Ned Price"}, None),
    ("urged", 1, "urge", {"Blinken"}, "President Aliyev"),  # reported inside Price's briefing
    ("told", 1, "tell", {"French President Emmanuel Macron"}, "Aliyev"),
    ("called on", 1, "call on", {"his foreign minister"}, "her Azerbaijani counterpart"),
    ("pledged", 0, "pledge", {"Macron", "he"}, None),
    ("noted", 0, "note", {"France"}, None),
    ("statement", 0, "statement", {"the Russian Foreign Ministry"}, None),
    ("calling on", 0, "call on", {"the Russian Foreign Ministry"}, "the parties"),
    ("said", 2, "say", {"the Collective Security Treaty Organization"}, None),
    ("announced", 0, "announce", {"the alliance"}, None),
    ("reported", 0, "report", {"the Russian TASS news agency"}, None),
]


@pytest.fixture(scope="module")
def seed_quotes(nlp, seed_text):
    return extract_quotes(DocContext(nlp(seed_text)), speakers.RULES)


@pytest.mark.parametrize(("cue", "nth", "lemma", "speakers", "addressee"), SEED)
def test_seed_attributions(seed_quotes, cue, nth, lemma, speakers, addressee):
    hits = [q for q in seed_quotes if q.cue is not None and q.cue.text == cue]
    assert len(hits) > nth, f"{cue!r} #{nth} missing"
    q = hits[nth]
    assert q.cue.lemma == lemma
    assert q.speaker is not None and q.speaker.text in speakers
    if addressee:
        assert addressee in {a.text for a in q.addressees}


def test_seed_via_and_phone_call(seed_quotes):
    urged = _find(seed_quotes, "urged")
    assert urged.via is not None and urged.via.text == "the State Department"
    assert "Azerbaijani President Ilham Aliyev" in {a.text for a in urged.addressees}
    # the State Department's own "said" is the channel, not a second quote
    assert not any(q.speaker and q.speaker.text == "the State Department" for q in seed_quotes)


def test_seed_direct_quote_pronoun_speaker(seed_quotes):
    q = next(q for q in seed_quotes if q.fragments[0].text.startswith("“The fact is"))
    assert q.type == "direct"
    assert q.speaker.text == "he"
    assert q.cue.lemma == "say"


def test_seed_said_to_addressee(seed_quotes):
    q = next(
        q
        for q in seed_quotes
        if q.cue and q.cue.lemma == "say" and "Pashinyan" in {a.text for a in q.addressees}
    )
    assert q.speaker.text == "Macron"


def test_seed_journalist_sentences_are_not_quotes(seed_quotes, seed_text):
    hedge = seed_text.index("So far, Russia appears")
    assert not any(q.cue and q.cue.start == seed_text.index("appears", hedge) for q in seed_quotes)
    assert not any(q.speaker and q.speaker.text == "Russia" for q in seed_quotes)
    minsk = seed_text.index("France and the United States, alongside Russia")
    assert not any(q.start <= minsk < q.end for q in seed_quotes)
    title_end = seed_text.index("\n")
    assert not any(q.start < title_end for q in seed_quotes)


def test_seed_spans_index_text(seed_quotes, seed_text):
    for q in seed_quotes:
        for span in (*q.fragments, q.speaker, q.via, q.cue, *q.addressees):
            if span is not None:
                assert seed_text[span.start : span.end] == span.text
        assert 0.0 < q.confidence <= 1.0


# --------------------------------------------------------------------------- quote forms

FORMS = [
    # (text, speaker, cue lemma, type, content substring)
    # what is raised is said when it names something said
    (
        "The senator raised doubts over the merger.",
        "The senator",
        "raise",
        "indirect",
        "doubts over the merger",
    ),
    # a threat is a statement: its object and the quoted words after it
    (
        "The bloc sanctioned Niger and threatened a military intervention to “restore democracy.”",
        "The bloc",
        "threaten",
        "mixed",
        "a military intervention to “restore democracy.”",
    ),
    (
        '"We will not back down," the minister said.',
        "the minister",
        "say",
        "direct",
        "We will not back down",
    ),
    (
        "“We will not back down,” said the minister.",
        "the minister",
        "say",
        "direct",
        "We will not back down",
    ),
    (
        "The minister said: “We will not back down.”",
        "The minister",
        "say",
        "direct",
        "We will not back down",
    ),
    (
        "‘We will not back down,’ the minister said.",
        "the minister",
        "say",
        "direct",
        "We will not back down",
    ),
    (
        "«We will not back down», the minister said.",
        "the minister",
        "say",
        "direct",
        "We will not back down",
    ),
    (
        "The minister said that the talks had failed.",
        "The minister",
        "say",
        "indirect",
        "the talks had failed",
    ),
    (
        "The talks had failed, the minister said.",
        "the minister",
        "say",
        "indirect",
        "The talks had failed",
    ),
    (
        "The senator told reporters that the bill was dead.",
        "The senator",
        "tell",
        "indirect",
        "the bill was dead",
    ),
    (
        "The president urged Congress to pass the bill.",
        "The president",
        "urge",
        "indirect",
        "to pass the bill",
    ),
    (
        "The union called on the government to resign.",
        "The union",
        "call on",
        "indirect",
        "to resign",
    ),
    (
        "The mayor asked residents to stay indoors.",
        "The mayor",
        "ask",
        "indirect",
        "to stay indoors",
    ),
    (
        "The ambassador demanded that the troops withdraw.",
        "The ambassador",
        "demand",
        "indirect",
        "the troops withdraw",
    ),
    (
        "The rebels were warned by the army that the truce was over.",
        "the army",
        "warn",
        "indirect",
        "the truce was over",
    ),
    # the source parsed as a verb phrase ("show" a verb)
    (
        "Donald Trump repeatedly demeaned women with sexist language, according to show insiders.",
        "show insiders",
        "according to",
        "indirect",
        "Donald Trump repeatedly demeaned women with sexist language",
    ),
    (
        "Prices will rise next year, according to the central bank.",
        "the central bank",
        "according to",
        "indirect",
        "Prices will rise",
    ),
    # a document or speech speaks for whoever issued or gave it
    (
        "Prices will rise next year, according to a report the ministry released on Monday.",
        "the ministry",
        "according to",
        "indirect",
        "Prices will rise",
    ),
    (
        "The goal is to curb investors, according to a speech Mrs. Clinton delivered in Ohio.",
        "Mrs. Clinton",
        "according to",
        "indirect",
        "The goal is to curb investors",
    ),
    (
        "The governor said the plan was “a disaster for farmers.”",
        "The governor",
        "say",
        "mixed",
        "the plan was",
    ),
    (
        "The ministry issued a statement expressing concern over the clashes.",
        "The ministry",
        "statement",
        "indirect",
        "expressing concern",
    ),
    (
        "The leader pledged to rebuild the bridge.",
        "The leader",
        "pledge",
        "indirect",
        "to rebuild the bridge",
    ),
    (  # "for" parsed as the mark of the clause, not as the verb's preposition
        "Clinton is calling for the United States to take a stronger role in the conflict.",
        "Clinton",
        "call for",
        "indirect",
        "the United States to take a stronger role",
    ),
    (
        "Trump has called for the strongholds to be hit even harder.",
        "Trump",
        "call for",
        "indirect",
        "the strongholds to be hit even harder",
    ),
    (  # a second subject inside the quote ("McCain") is not the speaker
        "“I hold in the highest esteem Sen. John McCain,” Trump said.",
        "Trump",
        "say",
        "direct",
        "I hold in the highest esteem",
    ),
    (  # the name parsed as a compound of the cue verb
        "“Go back to Univision,” Trump barked and a security guard removed him.",
        "Trump",
        "bark",
        "direct",
        "Go back to Univision",
    ),
    (
        "The president reaffirmed his nation’s commitment to the treaty.",
        "The president",
        "reaffirm",
        "indirect",
        "his nation’s commitment to the treaty",
    ),
    # the parser makes the speaker a conjunct of the clause before the verb
    (
        "Those killed included four men, two women and a child, district health official Lena "
        "Ortiz told reporters.",
        "district health official Lena Ortiz",
        "tell",
        "indirect",
        "Those killed included four men, two women and a child",
    ),
    # what a noun of saying says hangs on the participle that names its source
    (
        "The allegations levelled by Prime Minister Anna Berg over the role of foreign agents in "
        "the bombing caused a row.",
        "Prime Minister Anna Berg",
        "allegation",
        "indirect",
        "the role of foreign agents in the bombing",
    ),
    # the parser makes the possessor the object and the gerund a clause of the verb
    (
        "Chadian officials, including Foreign Minister Jan Novak and Interior Minister Ali Musa, "
        "condemned the Liberation Front’s firing into Chad as a breach of international law.",
        "Chadian officials, including Foreign Minister Jan Novak and Interior Minister Ali Musa",
        "condemn",
        "indirect",
        "the Liberation Front’s firing into Chad as a breach of international law",
    ),
]


@pytest.mark.parametrize(("text", "speaker", "lemma", "qtype", "content"), FORMS)
def test_quote_forms(nlp, text, speaker, lemma, qtype, content):
    quotes = _quotes(nlp, text)
    assert len(quotes) == 1, [(q.cue, q.fragments) for q in quotes]
    q = quotes[0]
    assert q.speaker is not None and q.speaker.text == speaker
    assert q.cue is not None and q.cue.lemma == lemma
    assert q.type == qtype
    said = " ".join(f.text for f in q.fragments)
    assert content in said
    assert speaker not in said  # the speaker's words are never part of what was said


# (text, [(cue lemma, content)] of every quote in order): conjoined cues give a quote each
CONJOINED = [
    (
        "Spain has noted that fighting is taking place within Portugal and acknowledged “reports "
        "of strikes against civilian targets” there.",
        [
            ("note", "that fighting is taking place within Portugal"),
            ("acknowledge", "“reports of strikes against civilian targets”"),
        ],
    ),
    (
        "The minister said the talks had stalled and warned that sanctions would follow.",
        [("say", "the talks had stalled"), ("warn", "that sanctions would follow")],
    ),
    # a past verb after a modal one goes on with the cue, not with the clause
    (
        "Trump, speaking to a veterans group in Virginia, said he would order a thorough review of "
        "the nation’s computer defenses and warned against potential hackers from China.",
        [
            ("say", "he would order a thorough review of the nation’s computer defenses"),
            ("warn", "potential hackers from China"),
        ],
    ),
    # ... and so does a directive one
    (
        "The minister said the talks had stalled and urged both sides to return.",
        [("say", "the talks had stalled"), ("urge", "both sides to return")],
    ),
    # a participle after a subordinator is the speaker's next statement
    (
        "The spokesman reiterated that the envoy had left the capital, while insisting that "
        "Washington was not “assigning blame” for the war.",
        [
            ("reiterate", "that the envoy had left the capital"),
            ("insist", "that Washington was not “assigning blame” for the war"),
        ],
    ),
    # negative: one cue, one coordinated content
    (
        "The minister said the talks had stalled and the sanctions would follow.",
        [("say", "the talks had stalled and the sanctions would follow")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CONJOINED)
def test_conjoined_cues(nlp, text, expected):
    quotes = _quotes(nlp, text)
    got = [(q.cue.lemma, " ".join(f.text for f in q.fragments)) for q in quotes]
    assert got == expected
    assert len({q.speaker.text for q in quotes}) == 1 or len(quotes) == 1


ADDRESSEES = [
    ("The minister told the envoy that the border was closed.", "the envoy"),
    ("The president urged Congress to act.", "Congress"),
    ("The union called on the government to resign.", "the government"),
    ("The mayor said to the crowd that help was coming.", "the crowd"),
    (
        "In a phone call with Chancellor Scholz, Biden said that the alliance was strong.",
        "Chancellor Scholz",
    ),
    # a nominal cue's "to"/"for" names whom it was addressed to, not what it said
    (
        "The ministry's statement to reporters: “We will not negotiate with terrorists.”",
        "reporters",
    ),
]
NOT_CONTENT = [
    "Clinton's statements to the FBI were truthful, Comey said.",
    "Mills represented Clinton during the FBI's interview of the former secretary of State.",
    "During a town hall, Tina Houchins had a question for the president about terrorism.",
]

# nominal cues no one voices here: a label, questions faced, support held
NOT_VOICED = [
    ("Correction: An earlier version of this article misstated the date of the vote.", ":"),
    ("The Latest: Trump's leaked taxes were not from Connecticut.", ":"),
    ("Both candidates face questions about their health.", "question"),
    ("Trump consolidates the support of the Republican Party.", "support"),
    # a date is when, not what
    ("But his remarks on Saturday were different, aides said.", "remark"),
    # a noun ending its paragraph without a colon introduces no quotation after it
    (
        "He promised to fill in the gaps in his policy proposals.\n\n"
        "“I’ve learned that I can’t be quite so passionate,” Trump told the crowd.",
        "proposal",
    ),
]


def test_a_noun_ending_its_paragraph_with_a_colon_introduces_the_quotation(nlp):
    text = "Sanders made the following comment:\n\n“For young people the rate is 51 percent.”"
    quotes = _quotes(nlp, text)
    assert [(q.cue.lemma, q.speaker.text) for q in quotes] == [("comment", "Sanders")]


@pytest.mark.parametrize(("text", "lemma"), NOT_VOICED)
def test_nominal_cues_no_one_voices(nlp, text, lemma):
    assert not [q for q in _quotes(nlp, text) if q.cue and q.cue.lemma == lemma]


def test_a_label_before_a_colon_is_no_speaker_but_a_name_is(nlp):
    quotes = _quotes(nlp, "Merkel: Europe must stand together on migration")
    assert [q.speaker.text for q in quotes] == ["Merkel"]


@pytest.mark.parametrize("text", NOT_CONTENT)
def test_a_nominal_cues_addressee_is_not_its_content(nlp, text):
    nominal = [q for q in _quotes(nlp, text) if q.kind == "nominal"]
    said = " ".join(f.text for q in nominal for f in q.fragments)
    assert not any(w in said for w in ("FBI", "president", "secretary"))


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Trump hardly clarified the matter, treating the remark as a compliment -- ''That "
        "makes me smart'' -- and, when questioned after the debate, asserting, ''Of course, I pay "
        "federal taxes.''",
        "The senator, when pressed on the budget, changed the subject.",
    ],
)
def test_a_question_put_to_someone_is_no_cue(nlp, text):
    assert not [q for q in _quotes(nlp, text) if q.cue and q.cue.lemma in {"question", "press"}]


@pytest.mark.parametrize(("text", "addressee"), ADDRESSEES)
def test_addressees(nlp, text, addressee):
    quotes = _quotes(nlp, text)
    assert quotes and addressee in {a.text for q in quotes for a in q.addressees}


def test_multi_paragraph_quote_is_one_quote(nlp):
    text = (
        "The senator said: “The bill is dead. We will not vote for it.\n\n"
        "“We will fight it in every committee and on the floor.”\n\nThe vote is on Friday."
    )
    quotes = _quotes(nlp, text)
    assert len(quotes) == 1
    joined = " ".join(f.text for f in quotes[0].fragments)
    assert "every committee" in joined and "The vote is on Friday" not in joined


def test_continuation_sentence_joins_the_quote(nlp):
    text = "“The bill is dead,” the senator said. “We will not vote for it.”"
    quotes = _quotes(nlp, text)
    assert len(quotes) == 1 and len(quotes[0].fragments) == 2


def test_quote_paragraph_without_cue_continues_speaker(nlp):
    text = (
        "“The bill is dead,” the senator said.\n\n"
        "“We will not vote for it under any circumstances, and neither will our allies.”"
    )
    quotes = _quotes(nlp, text)
    assert len(quotes) == 2
    assert quotes[1].speaker == quotes[0].speaker and quotes[1].cue is None
    assert quotes[1].confidence < quotes[0].confidence


# '“A,” X said, “B.”': one quote in two fragments, whichever part the parser made the complement
INTERRUPTED = [
    (
        "“Now that I don’t have to be politically correct anymore,” he told the host, “it was "
        "demoralizing to work for Obama.”",
        "he",
        2,
    ),
    (
        '"If you look back and check the transcripts," Scott said, "I could have written those '
        'things last week."',
        "Scott",
        2,
    ),
    # a one-word opening, the reporting verb left bare by the parser; "Mr." ends no sentence
    ("“Yes,” he said, “we will vote for the bill next week.”", "he", 2),
    (
        "“If you look back,” Mr. Obama said, “I could have written those things last week.”",
        "Mr. Obama",
        2,
    ),
    # two apostrophes for a double mark, the second part a sentence of its own
    (
        "The plan drew fire. ''It's more tinkering at the edges,'' said Alan Cole, an economist "
        "at the Tax Foundation's policy center. ''I wouldn't call it reform.''",
        "Alan Cole",
        2,
    ),
]


@pytest.mark.parametrize(("text", "speaker", "fragments"), INTERRUPTED)
def test_interrupted_quotation_is_one_quote(nlp, text, speaker, fragments):
    quotes = _quotes(nlp, text)
    assert [(q.speaker.text, len(q.fragments)) for q in quotes] == [(speaker, fragments)]


@pytest.mark.parametrize(
    "text",
    [
        # the quotation before is another's: a full stop ends it
        "“The bill is dead.” The senator said, “we will not vote for it.”",
        # a title before the reporting clause is no part of the quote
        "“Shark Tank,” the host said, “is back on the air next week with new investors.”",
        # a clause of its own between them: its own quote
        '"Filth out!" she wrote, arguing that if tougher measures against refugees were not '
        'deployed, "more asylum seekers\' homes will burn."',
    ],
)
def test_a_quotation_before_a_reporting_clause_stays_apart(nlp, text):
    quotes = _quotes(nlp, text)
    assert quotes and all(len(q.fragments) == 1 for q in quotes)


def test_transcript_turns_are_quotes_of_their_speakers(nlp):
    text = (
        "Partial transcript as follows:\n\n"
        "\"WALLACE: Let's start with breaking news on the debate story. Trump invited Gennifer "
        "Flowers to the debate.\n\n"
        '"(CROSSTALK.)\n\n'
        '"PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of "Shark '
        "Tank.\" It's serious business.\n\n"
        '"But the truth is that Donald Trump has a unique way of talking to the people.\n\n'
        '"WALLACE: Do you really see those two as equivalent?'
    )
    quotes = _quotes(nlp, text)
    got = [(q.speaker.text, q.fragments[0].text.split()[0]) for q in quotes]
    assert got == [("WALLACE", "Let's"), ("PENCE", "Well,"), ("PENCE", '"But'), ("WALLACE", "Do")]
    # verbatim turns (a title quoted inside one may make it read as mixed)
    assert all(q.type in {"direct", "mixed"} for q in quotes)


def test_block_quotation_after_a_colon_is_the_cues_content(nlp):
    text = (
        "Rush Limbaugh was not impressed. Limbaugh added:\n\n"
        "And from a supposed front-runner, this reeks of the greatest fear that I have ever seen."
        "\n\nThe debate is on Monday."
    )
    quotes = _quotes(nlp, text)
    assert [(q.speaker.text, q.fragments[0].text[:22]) for q in quotes] == [
        ("Limbaugh", "And from a supposed fr")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "“Bottom Line: the deal is not good enough for us at all,” the senator's aide wrote.",
        '"Breaking Bad: the final season" premieres on Sunday night on the cable channel.',
    ],
)
def test_a_quotation_opening_with_a_label_is_no_transcript_turn(nlp, text):
    assert not [q for q in _quotes(nlp, text) if q.cue and q.cue.lemma == ":"]


def test_block_quotation_after_a_cue_and_its_own_words(nlp):
    text = (
        "Limbaugh said on his show:\n\n"
        "This is the greatest fear I have ever seen in a candidate for president."
    )
    quotes = _quotes(nlp, text)
    assert [(q.speaker.text, q.fragments[0].text[:12]) for q in quotes] == [
        ("Limbaugh", "This is the ")
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a heading after the colon, or another introduction
        "He said:\n\nTRANSCRIPT\n\nThe debate is on Monday night in New York.",
        "Smith said:\nJones added:\nThe debate is on Monday night in New York.",
        # no one speaks: a list after a colon
        "The rules are simple:\n\nNo one may enter the building after dark.",
        # the cue has its content in its own paragraph
        "Limbaugh added that the debate was rigged:\n\nThe debate is on Monday night in New York.",
    ],
)
def test_a_paragraph_after_a_colon_needs_a_bare_cue(nlp, text):
    quotes = _quotes(nlp, text)
    assert not [
        q
        for q in quotes
        if ("Monday" in q.fragments[0].text and q.speaker.text != "Jones")
        or "No one" in q.fragments[0].text
        or "TRANSCRIPT" in q.fragments[0].text
    ]


def test_a_quoted_subhead_does_not_continue_the_speaker(nlp):
    text = (
        "“The bill is dead,” the senator said.\n\n'All Bets Are Off.'\n\n"
        "The vote is on Friday, and the count is close."
    )
    assert [q.fragments[0].text for q in _quotes(nlp, text)] == ["“The bill is dead,”"]


def test_nested_quote_stays_inside(nlp):
    text = "“He told me ‘never again’ and left,” the witness said."
    quotes = _quotes(nlp, text)
    assert len(quotes) == 1 and "never again" in quotes[0].fragments[0].text


def test_headline_colon(nlp):
    quotes = _quotes(
        nlp, "Merkel: Europe must stand together on migration\n\nThe chancellor spoke in Berlin."
    )
    assert len(quotes) == 1 and quotes[0].speaker.text == "Merkel" and quotes[0].cue.lemma == ":"


NEGATIVE = [
    # the journalist's framing of their own statement
    "It goes without saying that raising taxes on the rich is anathema to Republicans.",
    "It's worth noting that this is the first time in history.",
    "The storm threatened the coast.",  # a threat without words: no statement
    "Democratic-aligned super PACs raised $64.8 million in August.",  # money, not concerns
    "Her plan would raise taxes on the wealthy.",
    "The bridge collapsed on Tuesday after heavy rain.",
    "So far, Russia appears to have been much more measured in its reactions.",
    "The government seems to be ready for talks.",
    "Will the talks succeed?",
    "The so-called “experts” were nowhere to be seen.",
    "The “peace plan” was published on Monday.",
    "He walked in and “ sat down.",
    "“ “ ” « ‘ '",
    "The ’90s were a different time, and the rock band’s album sold well.",
    "",
]


@pytest.mark.parametrize("text", NEGATIVE)
def test_no_quote(nlp, text):
    assert _quotes(nlp, text) == []


@pytest.mark.parametrize(
    "text",
    [
        "“Unclosed quote at the start, the minister said.",
        "The minister said “this never closes.\n\nNext paragraph.",
        "Closing only” here, he said.",
        "“a” “b” “c” ” ” “",
        "'''''\"\"\"“”“”",
    ],
)
def test_unbalanced_marks_never_raise(nlp, text):
    for q in _quotes(nlp, text):
        for f in q.fragments:
            assert text[f.start : f.end] == f.text and f.text.strip()


SCAN = [
    ("He said “yes” and “no”.", ["“yes”", "“no”"]),
    ("“Outer ‘inner’ outer,” he said.", ["“Outer ‘inner’ outer,”"]),
    ("It’s Azerbaijan’s ‘view’ now.", ["‘view’"]),
    ('"a" and "b"', ['"a"', '"b"']),
    ("“one\n\n“two”", ["“one", "“two”"]),
    ("no marks at all", []),
    # a closing mark typed for the opening one, at the start of its line
    ("”Fear. I am afraid.” ― Edwin Monroy", ["”Fear. I am afraid.”"]),
    ("He said ”no” twice.", []),
]


@pytest.mark.parametrize(("text", "expected"), SCAN)
def test_quoted_spans(text, expected):
    assert [text[q.start : q.end] for q in scan(text).quoted] == expected


# the double marks paired left to right over the whole text (pronoun resolution reads them)
RUNS = [
    ('He said "a", “b” and «c».', ['"a"', "“b”", "«c»"]),
    ("“a “b” c”", ["“b”"]),  # an opening mark opens again; a closer with none open is nothing
    ("''word'' and \"x\"", ['"x"']),  # two apostrophes are no double mark here
    ("“one\n\ntwo”", ["“one\n\ntwo”"]),  # paragraphs do not stop a run
    ('unbalanced "open', []),
    ("” stray “ open", []),
    ("‘single’ marks", []),
]


@pytest.mark.parametrize(("text", "expected"), RUNS)
def test_runs_of_double_marks(text, expected):
    assert [text[s:e] for s, e in scan(text).runs] == expected


# (text, [(cue lemma, content)]): a relative clause with a speaker of its own is that speaker's
# quote, not part of the outer one's
OWN_CLAUSES = [
    (
        "Novak warned that sanctions are possible against Sweden in its drive to pursue its "
        "interests which he claimed are undermined by the pipeline.",
        [
            (
                "warn",
                "that sanctions are possible against Sweden in its drive to pursue its interests",
            ),
            ("claim", "which are undermined by the pipeline"),
        ],
    ),
    (
        "Officials said the river may be harmed by the dam which the neighbours dismiss as a myth.",
        [("say", "the river may be harmed by the dam"), ("dismiss", "which as a myth")],
    ),
    # negative: a defining clause says which plan, it reports nothing
    (
        "He said the plan the minister announced on Monday was flawed.",
        [("say", "the plan the minister announced on Monday was flawed")],
    ),
    (
        "He said the reforms that the president promised had stalled.",
        [("say", "the reforms that the president promised had stalled")],
    ),
    # negative: a relative clause without a cue stays in the content
    (
        "The minister said the talks had failed over the islands which the navy patrols.",
        [("say", "the talks had failed over the islands which the navy patrols")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), OWN_CLAUSES)
def test_a_relative_clause_with_its_own_speaker(nlp, text, expected):
    got = [(q.cue.lemma, " ".join(f.text for f in q.fragments)) for q in _quotes(nlp, text)]
    assert got == expected


# (text, the contents of its quotes): a few quoted words inside the reported clause are no
# direct quote of the verb before them; a whole quotation after the verb is
SCARE_QUOTES = [
    ("It said it 'rejects' the ruling that the border is not open to debate.", []),
    ("The ministry said it “deplores” the decision of the council.", []),
    ("The ministry said: “We deplore the decision.”", ["“We deplore the decision.”"]),
    ("The minister said “no” when asked.", ["“no”"]),  # the word is what he said
    ("Asked about the talks, he said “no.”", ["“no.”"]),
]


@pytest.mark.parametrize(("text", "contents"), SCARE_QUOTES)
def test_scare_quotes_after_a_bare_verb(nlp, text, contents):
    direct = [q for q in _quotes(nlp, text) if q.type == "direct"]
    assert [" ".join(f.text for f in q.fragments) for q in direct] == contents


@pytest.mark.parametrize(
    ("text", "content"),
    [
        (
            'The minister said "we will cross that bridge later," when asked about the sanctions.',
            '"we will cross that bridge later,"',
        ),
        # negative: a question the speaker asks is part of what is said
        (
            "The minister said she had asked about the sanctions.",
            "she had asked about the sanctions",
        ),
    ],
)
def test_a_question_put_to_the_speaker_is_not_what_was_said(nlp, text, content):
    (said,) = [q for q in _quotes(nlp, text) if q.cue and q.cue.lemma == "say"]
    assert " ".join(f.text for f in said.fragments) == content


# the participle naming a noun's source: "on" and "to" after it say when and to whom, not what
@pytest.mark.parametrize(
    "text",
    [
        "The statement issued by the ministry on Tuesday was brief.",
        "The remarks made by the envoy to reporters were brief.",
    ],
)
def test_when_and_to_whom_are_no_content(nlp, text):
    assert [q for q in _quotes(nlp, text) if q.kind == "nominal"] == []


# (text, [(cue lemma, speaker's words)]): a reported statement inside another is a quote too
NESTED = [
    (
        "The defence chief has rejected Moscow's claim that the drone was spying.",
        [("reject", "The defence chief"), ("claim", "Moscow")],
    ),
    (
        "The embassy dismissed the ministry's allegations that its staff had spied.",
        [("dismiss", "The embassy"), ("allegation", "the ministry")],
    ),
    # a quoted report inside a report: both stand
    (
        "The spokesman said that Lee “urged the rebels to cease hostilities at once and to pull "
        "their forces back from the border.”",
        [("say", "The spokesman"), ("urge", "Lee")],
    ),
    # negative: a channel after the words reports no statement of its own
    (
        '"Moscow is concerned about the escalation," the Russian ministry said, as reported by '
        "CNN on Monday.",
        [("say", "the Russian ministry")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NESTED)
def test_nested_statements(nlp, text, expected):
    quotes = _quotes(nlp, text)
    got = [(q.cue.lemma, q.speaker.text if q.speaker else None) for q in quotes if q.cue]
    assert got == expected


# (text, cue lemma, its speaker's words): the parse gives the cue the wrong speaker
TWO_SUBJECTS = [
    (
        "The minister today called upon Oslo to cease its efforts after his Danish "
        "counterpart, Lars Holm, again asserted that the islands must be demilitarised.",
        "assert",
        "his Danish counterpart",
    ),
    # negative: one subject, far from the verb, stays the speaker
    (
        "The foreign minister of Greece, speaking in Athens on Monday, asserted that the "
        "islands were Greek.",
        "assert",
        "The foreign minister of Greece",
    ),
    # a trailing participle goes on with the relative clause's cue just before it
    (
        "The premier was responding to remarks made during a rally where the senator "
        "insisted that the talks were over, adding that the islands were theirs.",
        "add",
        "the senator",
    ),
    # negative: the relative clause does not end where the participle begins
    (
        "The governor, who said the talks were useful, met the envoy in Lima on Friday, adding "
        "that a deal was close.",
        "add",
        "The governor",
    ),
    # negative: the cue before it is inside a quotation, so the participle keeps its head's speaker
    (
        "“Everything the witness said proves it,” Smith said, adding that the case was closed.",
        "add",
        "Smith",
    ),
]


# The relative pronoun is the words that name the speaker at the cue (as PolNeAR marks it);
# the actor is its antecedent, and no actor takes the pronoun into its name.
RELATIVE_SPEAKERS = [
    ("Senator Lindsey Graham, who said the plan was dead, left early.", "who", "Lindsey Graham"),
    ("It was carried out by a gunman who expressed sympathy for the group.", "who", "gunman"),
    ("The senator met the foreign minister, who said Russia would respond.", "who", "minister"),
    ("Ukrainian officials, who said the strike killed five, left.", "who", "officials"),
    ("The ministry, which said the talks had failed, recalled its envoy.", "which", "ministry"),
    # the antecedent keeps its own modifiers: two spokesmen stay two actors
    (
        "A spokesman for the army, who said the border was calm, left. A spokesman for the "
        "ministry, who asked not to be named, said talks had failed.",
        "who",
        "spokesman for the army",
    ),
]


@pytest.mark.parametrize(("text", "mention", "actor"), RELATIVE_SPEAKERS)
def test_relative_pronoun_speaker_links_to_its_antecedent(nlp, text, mention, actor):
    analysis = analyze_doc(nlp(text))
    names = {a.id: a.name for a in analysis.actors}
    quote = analysis.quotes[0]
    assert quote.speaker_mention is not None and quote.speaker_mention.text == mention
    assert actor in names[quote.speaker]
    assert not any(mention in name.split() for name in names.values())
    speakers = {q.speaker for q in analysis.quotes if q.speaker_mention.text == mention}
    assert len(speakers) == max(1, text.count(f", {mention} "))  # one actor per antecedent


def test_reporting_clause_introduces_next_paragraph(nlp):
    text = (
        "As the analyst observed, the winner was the network itself:\n\n"
        "“The clear winner of the debate was the network, which ran two fair sessions.”"
    )
    quotes = _quotes(nlp, text)
    assert any(q.speaker and q.speaker.text == "the analyst" and q.type == "direct" for q in quotes)


def test_quoted_title_is_not_a_quote(nlp):
    assert _quotes(nlp, "She wrote “America With Jorge Ramos” in 2015.") == []


def test_confidence_follows_evidence(nlp):
    strong = _quotes(nlp, "“We will not back down,” Prime Minister Jones said.")[0]
    weak = _quotes(nlp, "Some think that the plan will fail.")[0]
    assert strong.evidence.startswith("verb|core|named")
    assert strong.confidence > weak.confidence


def test_parenthetical_reporting_clause(nlp):
    quotes = _quotes(nlp, "The bigger risk, he said, is a clash at sea.")
    assert len(quotes) == 1 and quotes[0].speaker.text == "he"
    assert [f.text for f in quotes[0].fragments] == ["The bigger risk", "is a clash at sea"]


@pytest.mark.parametrize(
    ("content", "error"),
    [(None, FileNotFoundError), ("{}", ValueError), ('{"cells": {}}', ValueError)],
)
def test_calibration_table_is_required(tmp_path, monkeypatch, content, error):
    from service.nlp.quotes import confidence as quotes

    table = tmp_path / "quote_confidence.json"
    if content is not None:
        table.write_text(content, encoding="utf-8")
    monkeypatch.setattr(quotes, "CALIBRATION_PATH", table)
    quotes._calibration.cache_clear()
    try:
        with pytest.raises(error):
            quotes._calibration()
    finally:
        quotes._calibration.cache_clear()  # the next caller reads the real table again


def _reference_preorder(heads: list[int]) -> tuple[list[int], list[int]]:
    kids: dict[int, list[int]] = {i: [] for i in range(len(heads))}
    for i, h in enumerate(heads):
        if h != i:
            kids[h].append(i)
    tin, size, order = [0] * len(heads), [0] * len(heads), []

    def walk(i: int) -> int:
        tin[i] = len(order)
        order.append(i)
        size[i] = 1 + sum(walk(k) for k in kids[i])
        return size[i]

    for r in (i for i, h in enumerate(heads) if h == i):
        walk(r)
    return tin, size


@pytest.mark.parametrize(
    "heads",
    [
        [],
        [0],
        [1, 1, 1, 4, 4, 3],  # two roots, a grandchild
        [2, 2, 2, 2, 3],  # a root in the middle
        [3, 0, 3, 3, 1],  # non-projective: 4 hangs on 1 across 3
        [1, 2, 3, 4, 4],  # a chain
    ],
)
def test_preorder_matches_a_recursive_walk(heads):
    import numpy as np

    from service.nlp.quotes.tree import preorder

    tin, size = preorder(np.asarray(heads, dtype=np.int64))
    assert (tin.tolist(), size.tolist()) == _reference_preorder(heads)


@pytest.mark.parametrize("heads", [[1, 0], [1, 0, 2], [1, 2, 0, 3]])
def test_preorder_refuses_cycles(heads):
    import numpy as np

    from service.nlp.quotes.tree import preorder

    with pytest.raises(ValueError):
        preorder(np.asarray(heads, dtype=np.int64))


GLUED = [
    ("The minister said,“We will not give up.”", "The minister", "“We will not give up.”"),
    ("“We will not give up,”said the minister.", "the minister", "“We will not give up,”"),
    ("The minister said:“We will not give up.”", "The minister", "“We will not give up.”"),
    ('He said,"We will not give up."', "He", '"We will not give up."'),
]


@pytest.mark.parametrize(("text", "speaker", "content"), GLUED)
def test_quotation_marks_glued_to_the_reporting_clause(nlp, text, speaker, content):
    quotes = _quotes(nlp, text)
    assert [(q.speaker and q.speaker.text, q.fragments[0].text, q.type) for q in quotes] == [
        (speaker, content, "direct")
    ]


@pytest.mark.parametrize(
    "text",
    ["I can’t go, it’s the ’90s.", "Rock ’n’ roll, e.g. U.S. bands.", "She said, “fine.”"],
)
def test_text_without_glued_marks_tokenizes_as_stock(nlp, text):
    from service.nlp import pipeline

    stock = pipeline.load(stock=True)
    assert [t.text for t in nlp(text)] == [t.text for t in stock.make_doc(text)]


# (text, [(speaker, content, cue)]): a quotation signed by a dash and a name below or after it
BYLINES = [
    (
        "Readers wrote in after the debate.\n“He never answered a question. Not one.” ― Ana Ruiz\n"
        "“I was proud of her tonight.” ―\u00a0Julie A. Diaz Martinez.",
        [
            ("Ana Ruiz", "“He never answered a question. Not one.”", "―"),
            ("Julie A. Diaz Martinez", "“I was proud of her tonight.”", "―"),
        ],
    ),
    (
        'The claims, checked.\n\n"I helped write that bill."\n\n'
        "- Sen. Bernie Sanders, in the debate.\n\nThe record shows otherwise.",
        [("Sen. Bernie Sanders", '"I helped write that bill."', "-")],
    ),
    (
        "“We will win this state by a mile,” — Donald Trump, at a rally in Ohio.",
        [("Donald Trump", "“We will win this state by a mile,”", "—")],
    ),
    # an abbreviation keeps its full stop; names in any alphabet
    (
        "Quotes of the day.\n“We shall overcome.” — Martin Luther King Jr.\n"
        "“We will rebuild.” — Łukasz Nowak",
        [
            ("Martin Luther King Jr.", "“We shall overcome.”", "—"),
            ("Łukasz Nowak", "“We will rebuild.”", "—"),
        ],
    ),
    # the particles of a name
    (
        "Quotes of the day.\n“We will rebuild.” — Ana dos Santos\n“We will stay.” — Jean le Roux",
        [
            ("Ana dos Santos", "“We will rebuild.”", "—"),
            ("Jean le Roux", "“We will stay.”", "—"),
        ],
    ),
]

NOT_BYLINES = [
    # the dash goes on with the journalist's narrative, not a name
    "Readers wrote in.\n“He never answered a question. Not one.” — But the campaign disagreed.",
    "Readers wrote in.\n“Lock her up!” — Again, the crowd chanted.",
    "Readers wrote in.\n“Lock her up!” — Yes, that was the chant.",
    # the quotation does not open its line: someone's words inside the narrative
    "He called the plan “a disgrace” — Governor Smith\n",
    # a title, not words spoken
    "“The Apprentice” — NBC\n",
]


@pytest.mark.parametrize(("text", "expected"), BYLINES)
def test_bylined_quotations(nlp, text, expected):
    quotes = _quotes(nlp, text)
    assert [(q.speaker and q.speaker.text, q.fragments[0].text, q.cue.text) for q in quotes] == (
        expected
    )
    assert all(q.type == "direct" for q in quotes)


@pytest.mark.parametrize("text", NOT_BYLINES)
def test_dash_without_a_signature_is_no_byline(nlp, text):
    assert not [q for q in _quotes(nlp, text) if q.cue and q.cue.text in "―—–-"]


def _reparsed(nlp, text: str, changes: dict[int, tuple[str, int]]):
    """``text`` parsed, then the tokens in ``changes`` given another (dependency, head): the
    parses a rule must survive, whatever the shipped parser makes of a sentence today."""
    from spacy.tokens import Doc

    doc = nlp(text)
    arcs = [changes.get(t.i, (t.dep_, t.head.i)) for t in doc]
    return Doc(
        nlp.vocab,
        words=[t.text for t in doc],
        spaces=[bool(t.whitespace_) for t in doc],
        tags=[t.tag_ for t in doc],
        pos=[t.pos_ for t in doc],
        lemmas=[t.lemma_ for t in doc],
        heads=[h for _, h in arcs],
        deps=[d for d, _ in arcs],
        ents=[f"{t.ent_iob_}-{t.ent_type_}" if t.ent_type_ else "O" for t in doc],
    )


def test_possessor_parsed_as_the_object_keeps_what_it_possesses(nlp):
    # "Chad" and "plans" both objects of "described", as the parser sometimes reads it
    doc = _reparsed(
        nlp, "He also described Chad’s alleged “plans for war” as “lies”.", {3: ("dobj", 2)}
    )
    assert [
        [f.text for f in q.fragments] for q in extract_quotes(DocContext(doc), speakers.RULES)
    ] == [["Chad’s alleged “plans for war” as “lies”"]]


# (text, cue lemma, content): where a content ends. A past "after" clause after a demanded act
# says when the demand was made, a ", who …" clause at the end describes a person for the
# reader; a clause of the demand itself, or a "which" clause (the speaker's as often as not),
# stays
CONTENT_ENDS = [
    (
        "The United Nations is urging Chad and Sudan to “exercise maximum restraint” after a "
        "violent fight broke out Monday between soldiers.",
        "urge",
        "Chad and Sudan to “exercise maximum restraint”",
    ),
    (
        "The envoy urged both sides to leave the city before the fighting resumes.",
        "urge",
        "both sides to leave the city before the fighting resumes",
    ),
    # instructions reported in the past: the clause may be the instruction's
    (
        "The mayor told residents to stay indoors while crews cleared the roads.",
        "tell",
        "residents to stay indoors while crews cleared the roads",
    ),
    (
        "The governor said he expects the bill to pass with help from Senator Smith, who served "
        "two terms as mayor.",
        "say",
        "he expects the bill to pass with help from Senator Smith",
    ),
    (
        "The governor said he expects the bill to pass next week, which would end the dispute.",
        "say",
        "he expects the bill to pass next week, which would end the dispute",
    ),
    # bare verbs after the infinitive go on with its list, wherever the parser hung them
    (
        "Clinton wants to triple the size of the AmeriCorps program, grow the Peace Corps and "
        "create a new national service reserve program.",
        "want",
        "to triple the size of the AmeriCorps program, grow the Peace Corps and create a new "
        "national service reserve program",
    ),
    (
        "The mayor wants to close the road. Reopen it, the residents say.",
        "want",
        "to close the road",
    ),
]


@pytest.mark.parametrize(("text", "lemma", "content"), CONTENT_ENDS)
def test_where_a_content_ends(nlp, text, lemma, content):
    quotes = [q for q in _quotes(nlp, text) if q.cue is not None and q.cue.lemma == lemma]
    assert [q.fragments[0].text for q in quotes] == [content]


# (text, cue lemma, speaker): who speaks a cue with no subject of its own
CONTROLLED = [
    # through "short of", "aside from": the subject of the verb they hang on
    (
        "Trump described the incident as a “terrible situation,” but stopped short of calling "
        "Shelby’s actions racially motivated.",
        "call",
        "Trump",
    ),
    (
        "He refuses to discuss potential appointees, aside from saying he wants a diverse "
        "delegation.",
        "say",
        "He",
    ),
    # the clause hangs on a passive: its subject all the same
    (
        "After saying that the talks had failed, the envoy was flown back to Paris.",
        "say",
        "the envoy",
    ),
    # a document speaks for whoever issued it
    (
        "Lawyers for the couple filed legal papers opposing the unsealing.",
        "oppose",
        "Lawyers for the couple",
    ),
    (
        "The newspaper ran a feature on Saturday that sharply criticized the governor.",
        "criticize",
        "The newspaper",
    ),
    (
        "The minister spoke at a news conference announcing that her department was suing the "
        "state.",
        "announce",
        "The minister",
    ),
    # negative: a document the subject did not issue speaks for itself
    (
        "The judge dismissed a lawsuit claiming that the vote was rigged.",
        "claim",
        "a lawsuit",
    ),
    # negative: a person doing it is the speaker
    (
        "The senator met an activist opposing the unsealing of the records.",
        "oppose",
        "an activist",
    ),
    # 'Said X:' parsed with the verb a compound of the name
    (
        "The plan was costly. Said Ellis: “I don’t get the sense she’s the least "
        "bit interested in tax reform.”",
        "say",
        "Ellis",
    ),
    # the words between the quotation and its verb name the speaker, however they were parsed
    (
        "“He's absolutely right. There's a severe disconnect between this White House and "
        "frankly the president and our military,” Flynn, a top Trump surrogate, said Thursday "
        "morning on Fox News.",
        "say",
        "Flynn",
    ),
    (
        "“I make this promise to you: We will achieve justice in this case,” Tulsa police Chief "
        "Chuck Jordan said Monday.",
        "say",
        "Tulsa police Chief Chuck Jordan",
    ),
    # seen or heard speaking: the person before the participle, not the footage
    (
        "The ad uses footage of Hillary Clinton asking, “Why aren’t I 50 points ahead?”",
        "ask",
        "Hillary Clinton",
    ),
    ("Cameras captured Obama saying that the vote was rigged.", "say", "Obama"),
    # left feeling, found saying: the object
    (
        "The dissolution of the Soviet Union also left many E.U. nations feeling that they faced "
        "no threat.",
        "feel",
        "many E.U. nations",
    ),
    ("The poll found voters saying that the economy was bad.", "say", "voters"),
    # ... but not any "of X" ("the policy of Obama saying …" is the senator's)
    ("The senator criticized the policy of Obama saying it failed.", "say", "The senator"),
    # a subject the parser hung on the clause before ("… mishandled the investigation and
    # Democrats accused …")
    (
        "Republicans said they're increasingly convinced the Justice Department mishandled the "
        "investigation and Democrats accused the GOP of stoking the issue.",
        "accuse",
        "Democrats",
    ),
    # the reporting clause hung on a participle the parser made the root
    (
        "''We can float like butterflies,'' Mr. Obama said, not even needing to mention the "
        "author of that boast, Muhammad Ali.",
        "mention",
        "Mr. Obama",
    ),
    # a gerund after a noun: its owner, or whoever has it
    ("Mr. Ban's record on promoting women's leadership has been mixed.", "promote", "Mr. Ban"),
    (
        "The senator had no way of knowing whether the plan would work.",
        "know",
        "The senator",
    ),
    # blamed or praised for saying it: the object did
    (
        "Party Chairman Reince Priebus scolded Romney for suggesting that immigrants living in "
        "the country illegally should “self-deport.”",
        "suggest",
        "Romney",
    ),
    (
        "On Thursday, the panel held Pagliano in contempt of Congress for refusing to show up to "
        "a hearing.",
        "refuse",
        "Pagliano",
    ),
    # ... a thing is blamed for nothing it said, and a tool does not speak
    ("The group filed papers for opposing the plan.", "oppose", "The group"),
    ("Trump used Twitter for announcing his cabinet picks.", "announce", "Trump"),
    # made to speak: the object of "force", "press"
    (
        "The senator forced Stumpf to admit that no senior executives have been held accountable.",
        "admit",
        "Stumpf",
    ),
    # negative: the subject acts ("promised voters to say"), whatever the object
    (
        "The senator promised voters to say openly that the bank had failed.",
        "say",
        "The senator",
    ),
    # a main verb whose subject the parser hung on the phrase before: the names right before it
    (
        "As part of the second front of the radical Islamic terror war, Obama and Clinton call "
        "them “lone wolves” and describe their actions as crimes.",
        "call",
        "Obama and Clinton",
    ),
    (
        "As part of the second front of the radical Islamic terror war, Obama and Clinton call "
        "them “lone wolves” and describe their actions as crimes.",
        "describe",
        "Obama and Clinton",
    ),
    # negative: with the content before the verb, the whole name between them speaks
    (
        "Those killed included three men, three women and two children, Zakho health official "
        "Amir Ali told reporters.",
        "tell",
        "Zakho health official Amir Ali",
    ),
    # negative: a name before a participle is not its subject
    (
        "Lawmakers sent a letter to Obama urging him to veto the bill.",
        "urge",
        "Lawmakers",
    ),
]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "The plan was costly. Said Ellis: “I don’t get the sense she’s interested.”",
            [("Said", "Ellis")],
        ),
        # negative: a name with "Said" in it says nothing
        (
            "Lecturers at Said Business School wrote: “We are done.”",
            [("wrote", "Lecturers at Said Business School")],
        ),
    ],
)
def test_said_glued_to_the_name_after_it_is_a_cue_of_the_rules(nlp, text, found):
    quotes = extract_quotes(DocContext(nlp(text)), speakers.RULES, learned=False)
    assert [(q.cue.text, q.speaker and q.speaker.text) for q in quotes if q.cue] == found


@pytest.mark.parametrize(("text", "lemma", "speaker"), TWO_SUBJECTS + CONTROLLED)
def test_who_speaks_a_cue(nlp, text, lemma, speaker):
    (quote,) = [q for q in _quotes(nlp, text) if q.cue and q.cue.lemma == lemma]
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert all(speaker not in f.text for f in quote.fragments)


def test_a_name_after_a_quoted_title_is_no_speaker(nlp):
    text = "Lindsey Graham: Trump ‘The Dealmaker’ Could Address Clean Energy"
    got = [(q.speaker and q.speaker.text, q.fragments[0].text) for q in _quotes(nlp, text)]
    assert got == [("Lindsey Graham", "Trump ‘The Dealmaker’ Could Address Clean Energy")]
