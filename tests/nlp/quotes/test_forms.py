"""Quote forms: each way a quote is reported (verbs, phrasal verbs, conjoined cues, headline
colons, signed quotations, marks glued to the reporting clause), and the inputs that must yield
nothing."""

from __future__ import annotations

import pytest

from tests.nlp.helpers import (
    quotes_of,
)

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
    quotes = quotes_of(nlp, text)
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
    quotes = quotes_of(nlp, text)
    got = [(q.cue.lemma, " ".join(f.text for f in q.fragments)) for q in quotes]
    assert got == expected
    assert len({q.speaker.text for q in quotes}) == 1 or len(quotes) == 1


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
    assert not [q for q in quotes_of(nlp, text) if q.cue and q.cue.lemma in {"question", "press"}]


def test_headline_colon(nlp):
    quotes = quotes_of(
        nlp, "Merkel: Europe must stand together on migration\n\nThe chancellor spoke in Berlin."
    )
    assert len(quotes) == 1 and quotes[0].speaker.text == "Merkel" and quotes[0].cue.lemma == ":"


def test_nested_quote_stays_inside(nlp):
    text = "“He told me ‘never again’ and left,” the witness said."
    quotes = quotes_of(nlp, text)
    assert len(quotes) == 1 and "never again" in quotes[0].fragments[0].text


def test_quoted_title_is_not_a_quote(nlp):
    assert quotes_of(nlp, "She wrote “America With Jorge Ramos” in 2015.") == []


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
    assert quotes_of(nlp, text) == []


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
    for q in quotes_of(nlp, text):
        for f in q.fragments:
            assert text[f.start : f.end] == f.text and f.text.strip()


GLUED = [
    ("The minister said,“We will not give up.”", "The minister", "“We will not give up.”"),
    ("“We will not give up,”said the minister.", "the minister", "“We will not give up,”"),
    ("The minister said:“We will not give up.”", "The minister", "“We will not give up.”"),
    ('He said,"We will not give up."', "He", '"We will not give up."'),
]


@pytest.mark.parametrize(("text", "speaker", "content"), GLUED)
def test_quotation_marks_glued_to_the_reporting_clause(nlp, text, speaker, content):
    quotes = quotes_of(nlp, text)
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
    quotes = quotes_of(nlp, text)
    assert [(q.speaker and q.speaker.text, q.fragments[0].text, q.cue.text) for q in quotes] == (
        expected
    )
    assert all(q.type == "direct" for q in quotes)


@pytest.mark.parametrize("text", NOT_BYLINES)
def test_dash_without_a_signature_is_no_byline(nlp, text):
    assert not [q for q in quotes_of(nlp, text) if q.cue and q.cue.text in "―—–-"]
