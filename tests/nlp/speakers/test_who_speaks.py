"""Who speaks a cue: its own subject however parsed, the inverted "said X", names the parser hung
elsewhere, speakers implied by the words around the cue, and words that name no one."""

from __future__ import annotations

import pytest

from service.nlp import speakers
from service.nlp.context import DocContext
from service.nlp.quotes import extract_quotes
from tests.nlp.helpers import (
    quotes_of,
)

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


@pytest.mark.parametrize(("text", "lemma", "speaker"), TWO_SUBJECTS + CONTROLLED)
def test_who_speaks_a_cue(nlp, text, lemma, speaker):
    (quote,) = [q for q in quotes_of(nlp, text) if q.cue and q.cue.lemma == lemma]
    assert quote.speaker is not None and quote.speaker.text == speaker
    assert all(speaker not in f.text for f in quote.fragments)


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


def test_a_name_after_a_quoted_title_is_no_speaker(nlp):
    text = "Lindsey Graham: Trump ‘The Dealmaker’ Could Address Clean Energy"
    got = [(q.speaker and q.speaker.text, q.fragments[0].text) for q in quotes_of(nlp, text)]
    assert got == [("Lindsey Graham", "Trump ‘The Dealmaker’ Could Address Clean Energy")]


def test_a_label_before_a_colon_is_no_speaker_but_a_name_is(nlp):
    quotes = quotes_of(nlp, "Merkel: Europe must stand together on migration")
    assert [q.speaker.text for q in quotes] == ["Merkel"]
