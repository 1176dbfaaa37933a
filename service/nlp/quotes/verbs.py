"""Verb cues: "X said (that) …", "X urged Y to …", "X called on Y to …", "X condemned Y as …".

Each cue verb of the lexicon, and any verb with a subject and a "that" clause, gives a candidate
whose content is read from the verb's complement (the clause, object + infinitive, object, or
"of" phrase, by the verb's class in ``cues.yaml``), whose addressees are the ones told, urged or
spoken to, and whose speaker is the verb's subject or agent (``speakers``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

from service.lexicons.cues import CueLexicon
from service.nlp.deps import ACTIVE_SUBJ, NOUN_SUBJ
from service.nlp.quotemarks import QUOTE_CHARS
from service.nlp.quotes.candidates import Candidate, Candidates, Range
from service.nlp.quotes.facts import (
    NO_CUE_DEPS,
    RELATIVE,
    VERB_POS,
    QuoteFacts,
    asked,
    glued_conjunct,
    is_infinitive,
)
from service.nlp.quotes.speakers import (
    chunk_before,
    mention,
    names_someone,
    speaker_after,
    speaker_of,
)


def _content_preps(lex: CueLexicon, lemma: str) -> frozenset[str]:
    """ "warned of …", "spoke about …", and for warnings "warned against …"."""
    return _WARNING_PREPS if lemma in lex.warning else _SPEECH_PREPS


_SPEECH_PREPS = frozenset({"of", "about"})
_WARNING_PREPS = frozenset({"of", "about", "against"})


@dataclass(frozen=True, slots=True)
class _Verb:
    """A cue verb and the parts of its clause the content rules read."""

    tok: Token
    lemma: str
    kids: list[Token]
    phrase: str | None  # "call on", "call for"
    particle: Token | None  # the particle or mark of the phrase
    comps: list[Token]  # clausal complements
    xcomps: list[Token]  # infinitival complements
    dobj: Token | None
    excl: set[int]  # conjoined cues cut from the content
    is_speech: bool


@dataclass(slots=True)
class _Reading:
    content: set[int] = field(default_factory=set)  # token ids
    root: Token | None = None
    addressees: list[Token] = field(default_factory=list)


def verb_cues(facts: QuoteFacts, cands: Candidates) -> None:
    """Add a candidate for every verb cue, or a bare reporting verb to ``cands.bare``."""
    for v in facts.toks:
        if v.pos not in VERB_POS:
            continue  # neither a cue verb nor a that-clause verb
        generic = not facts.is_cue_verb(v) and that_clause_verb(v, facts.lex)
        if (generic or facts.is_cue_verb(v)) and not asked(v, facts.lex):
            _read_verb(facts, cands, v, generic)


def _read_verb(facts: QuoteFacts, cands: Candidates, v: Token, generic: bool) -> None:
    lex = facts.lex
    lemma = v.lemma_.lower()
    kids = list(v.children)
    phrase, particle = _phrase(facts, v, lemma, kids)
    cue_toks = (
        list(facts.doc[v.i : particle.i + 1])
        if particle is not None and 0 < particle.i - v.i <= 3
        else [v]
    )
    verb = _Verb(
        tok=v,
        lemma=lemma,
        kids=kids,
        phrase=phrase,
        particle=particle,
        comps=[c for c in kids if c.dep_ == "ccomp"],
        xcomps=[c for c in kids if c.dep_ in {"xcomp", "advcl"} and is_infinitive(c)],
        dobj=next((c for c in kids if c.dep_ in {"dobj", "dative"}), None),
        excl=facts.cue_exclusions(v),
        is_speech=lemma in lex.speech or lemma in lex.belief or generic,
    )
    reading = _content(facts, verb)
    _spoken_to(facts, verb, reading)
    if (
        lemma in lex.tell_like
        and verb.dobj is not None
        and verb.dobj not in reading.addressees
        and reading.root is not verb.dobj
    ):
        reading.addressees.append(verb.dobj)
    speaker, explicit, inherit = _speaker(facts, cands, v)
    if not explicit and framing(facts, v, speaker):
        return
    if speaker is None and (lost := _lost_subject(v)):
        speaker, explicit, inherit = mention(lost[-1]), True, None
        reading.content -= {t.i for t in lost} | {lost[0].i - 1}
    named = _named_after_quote(facts, v)
    if named is not None and (speaker is None or speaker[0] != named[0][0]):
        speaker, explicit, inherit = named[0], True, None
        reading.content -= named[1]
    root = reading.root
    cand = Candidate(
        cue=facts.cue(cue_toks, phrase or lemma),
        lemma=phrase or lemma,
        kind="verb",
        speaker=speaker,
        content=[],
        addressees=[mention(a) for a in reading.addressees],
        explicit=explicit,
        cue_tok=v.i,
        root_tok=root.i if root is not None else None,
        inherit_from=inherit,
        sent=facts.sent_of[v.i],
    )
    content = reading.content - {t.i for t in cue_toks}
    if described := _trailing_description(facts, content):
        content -= described
        cand.reach = facts.toks[min(described)].idx
    if not content and verb.is_speech and explicit:
        content = _parenthetical(facts, v)
    content = facts.same_para(content, v)
    if content:
        cand.content = facts.tree.runs(content)
        cands.add(cand)
        if root is not None:
            cands.by_root[root.i] = cand
    elif verb.is_speech and lemma not in lex.belief:
        # a bare reporting verb: '“…,” he said' misparsed, or 'He said: “…”'
        cands.bare.append(cand)


_NAME_MODIFIERS = frozenset({"compound", "amod", "det", "poss", "case"})


def _trailing_description(facts: QuoteFacts, content: set[int]) -> set[int]:
    """ "said he expects Bush to lose to Smith, who served two terms as …": the ", who …" clause
    that ends an unquoted content is the reporter's description of a person, not the speaker's
    words (measured on PolNeAR: "which" clauses are the speaker's as often as not, so they stay)."""
    if not content:
        return set()
    end = max(content)
    for i in sorted(content):
        t = facts.toks[i]
        if (
            t.dep_ == "relcl"
            and t.right_edge.i == end
            and t.left_edge.i - 1 in content
            and facts.doc[t.left_edge.i - 1].text == ","
            and any(c.lower_ == "who" and c.dep_ in NOUN_SUBJ for c in t.children)
            and not facts.in_quote((t.idx, t.idx + 1))
        ):
            return {x.i for x in t.subtree} | {t.left_edge.i - 1}
    return set()


_NAME_WORDS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "ADP", "NUM", "PART"})


def _named_after_quote(facts: QuoteFacts, v: Token) -> tuple[Range, set[int]] | None:
    """'“…,” Flynn, a top surrogate, said' or '“…,” Tulsa police Chief Chuck Jordan said':
    the words between a closing quotation mark and the verb name the speaker, whatever the parser
    hung them on (an apposition inside the quote's clause, a verb). Returns the name's range and
    the tokens between the mark and the verb."""
    if v.i < 3 or facts.in_quote((v.idx, v.idx + 1)):
        return None
    doc = v.doc
    j = v.i - 1
    while j > 0 and v.i - j <= 14 and doc[j].text not in QUOTE_CHARS:
        j -= 1
    mark = doc[j]
    if mark.text not in QUOTE_CHARS or j + 1 >= v.i:
        return None
    if not any(q.end == mark.idx + 1 for q in facts.quoted):
        return None  # not the closing mark of a quotation
    if mark.idx == 0 or facts.text[mark.idx - 1] not in ",?!":
        return None  # '“…,” X said': the quotation hands over to its reporting clause
    gap = list(doc[j + 1 : v.i])
    name = []
    for t in gap:
        if t.text == ",":
            break
        name.append(t)
    words = [t for t in name if not t.is_punct]
    if not words or not words[0].text[:1].isupper() or len(words) > 8:
        return None
    if any(t.pos_ not in _NAME_WORDS and not t.text[:1].isupper() for t in words):
        return None
    if not names_someone(words):
        return None
    return (words[0].idx, words[-1].idx + len(words[-1])), {t.i for t in gap}


def _lost_subject(v: Token) -> list[Token]:
    """ "… two soldiers and a medic, district official Lena Ortiz told reporters": the parser
    made the speaker a conjunct of the reported clause before the verb, which has no subject."""
    if any(c.dep_ in ACTIVE_SUBJ or c.dep_ == "agent" for c in v.children) or v.i < 2:
        return []
    doc = v.doc
    last = doc[v.i - 1]
    if last.pos_ != "PROPN" or last.dep_ not in {"conj", "appos"} or last.head.i >= last.i:
        return []
    if not any(c.dep_ == "ccomp" and c.i < v.i for c in v.children):
        return []
    first = last
    while (
        first.i > 0
        and doc[first.i - 1].head.i > first.i - 1
        and doc[first.i - 1].dep_ in _NAME_MODIFIERS
    ):
        first = doc[first.i - 1]
    if first.i == 0 or doc[first.i - 1].text != ",":
        return []
    return list(doc[first.i : v.i])


def _speaker(
    facts: QuoteFacts, cands: Candidates, v: Token
) -> tuple[Range | None, bool, int | None]:
    """``speakers.speaker_of``, corrected where the parse crossed a line or a quotation."""
    if glued_conjunct(v):
        # the speaker of the cue that heads the coordination
        head = v.head
        while head.dep_ == "conj" and head.head is not head:
            head = head.head
        if head.head is not head and facts.is_cue_verb(head.head):
            sp, _, _ = speaker_of(facts, cands, head.head)
            return sp, False, head.head.i
    speaker, explicit, inherit = speaker_of(facts, cands, v)
    nearest = _nearer_cue(facts, cands, v) if not explicit else None
    if nearest is not None:
        return nearest.speaker, False, nearest.cue_tok
    if speaker is not None and facts.para_of(speaker[0]) != facts.para_of(v.idx):
        # the parse ran a dateline or a timestamp line into this sentence ("12:15 p.m.")
        speaker = chunk_before(facts, v)
    if speaker is not None and facts.in_quote(speaker) and not facts.in_quote((v.idx, v.idx + 1)):
        # the "subject" is a word of the quote ('“We will …,” said X'): look after the cue
        speaker, explicit = speaker_after(facts, v), True
    return speaker, explicit, inherit


def _nearer_cue(facts: QuoteFacts, cands: Candidates, v: Token) -> Candidate | None:
    """ "replying to remarks made at a rally where the senator insisted that …, adding that …":
    a trailing participle goes on with the cue of a relative clause just before it (outside
    any quotation), whatever the parser hung it on."""
    # "adding" goes on with a statement; "saying" as often states the main clause's own
    if not (v.tag_ == "VBG" and v.lemma_ == "add" and v.dep_ in {"advcl", "conj", "xcomp"}):
        return None
    if v.i == 0 or facts.doc[v.i - 1].text not in {",", "—", "–"}:
        return None
    sent = facts.sent_of[v.i]
    before = [
        c
        for k, c in cands.by_cue.items()
        if k < v.i
        and facts.sent_of[k] == sent
        and c.speaker is not None
        and c.explicit
        and c.kind == "verb"
        and facts.doc[k].dep_ == "relcl"
        # the clause ends at the comma before v (a closing quotation mark may come between)
        and all(t.is_punct for t in facts.doc[facts.doc[k].right_edge.i + 1 : v.i])
        and not facts.in_quote((c.cue.start, c.cue.end))
    ]
    nearest = max(before, key=lambda c: c.cue_tok, default=None)
    if nearest is None or nearest.cue_tok == v.head.i:
        return None
    return nearest


def _phrase(
    facts: QuoteFacts, v: Token, lemma: str, kids: list[Token]
) -> tuple[str | None, Token | None]:
    """The phrasal cue ("call on", "push for") of ``v`` and its particle or mark."""
    phrasal = facts.lex.phrasal
    for c in kids:
        if c.dep_ in {"prt", "prep"} and f"{lemma} {c.lower_}" in phrasal and 0 < c.i - v.i <= 2:
            return f"{lemma} {c.lower_}", c
    # "calling for the United States to take a role": the parser makes "for" the mark of a
    # clause that hangs on the verb, not a preposition of the verb
    for c in kids:
        if c.dep_ not in {"advcl", "ccomp", "xcomp"} or c.i < v.i:
            continue
        mark = next((g for g in c.children if g.dep_ == "mark"), None)
        if mark is not None and f"{lemma} {mark.lower_}" in phrasal and 0 < mark.i - v.i <= 2:
            return f"{lemma} {mark.lower_}", mark
    return None, None


def _content(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """The content, its first token and the addressees, by the first construction that fits."""
    lex, lemma, particle = facts.lex, verb.lemma, verb.particle
    if glued_conjunct(verb.tok):  # "… and acknowledged “reports of …”": the noun it was glued to
        noun = verb.tok.head
        return _Reading(facts.tree.subtree(noun.i, {verb.tok.i}), noun)
    if verb.phrase and particle is not None and particle.dep_ == "mark":
        return _marked_clause(facts, verb)
    if verb.phrase and lex.phrasal[verb.phrase] and particle is not None:
        return _called_on(facts, verb)
    if verb.phrase and particle is not None:
        return _called_for(facts, verb)
    if verb.comps and (verb.is_speech or lemma in lex.directive):
        return _clause(facts, verb)
    if lemma in lex.directive and verb.dobj is not None and verb.xcomps:
        tree = facts.tree
        content = tree.subtree(verb.dobj.i) | _demanded(facts, verb, verb.xcomps[0])
        return _Reading(content, verb.dobj, [verb.dobj])
    if lemma in lex.infinitive and verb.xcomps and verb.xcomps[0].i > verb.tok.i:
        return _Reading(_demanded(facts, verb, verb.xcomps[0]), verb.xcomps[0])
    if lemma in lex.of_content and any(
        c.dep_ == "prep" and c.lower_ in _content_preps(lex, lemma) for c in verb.kids
    ):
        return _spoke_of(facts, verb)
    if (
        lemma in lex.object_content
        and verb.dobj is not None
        and lemma not in lex.tell_like
        and _object_is_said(facts, verb, verb.dobj)
    ):
        return _object(facts, verb)
    return _Reading()


# "urged X to show restraint after the clashes broke out": a clause in the past after the act
# demanded says when the demand was made, not what it demands. Only "after" and "since": reported
# instructions shift into the past ("told residents to stay indoors while crews cleared the
# roads" keeps its clause), and "to leave before the fighting resumes" is the demand itself.
_WHEN_MARKS = frozenset({"after", "since"})


def _demanded(facts: QuoteFacts, verb: _Verb, action: Token) -> set[int]:
    """The infinitive ``action`` of a demand or pledge with its words, less the cues cut from the
    verb's content and the narrative clauses of time that hang on it."""
    when = {c.i for c in past_time_clauses(action)}
    content = facts.tree.subtree(action.i, verb.excl | when)
    for c in _listed_infinitives(verb, action):
        content |= facts.tree.subtree(c.i, verb.excl) | {c.i - 1}
    return content


def framing(facts: QuoteFacts, v: Token, speaker: Range | None) -> bool:
    """A participle or infinitive whose only speaker is the "it" of "it's worth noting that …",
    "it goes without saying that …", "it bears repeating": the journalist's framing of a
    statement of their own."""
    if speaker is None:
        return False
    span = facts.doc.char_span(*speaker)
    if span is None or len(span) != 1 or span[0].lower_ != "it":
        return False
    it = span[0]
    if it.dep_ not in {"nsubj", "expl"} or not (v.tag_ in {"VBG", "VB"} or v.i == it.head.i):
        return False  # (the tagger's cue may be the framing verb itself: "goes without saying")
    frame = it.head
    lemma = frame.lemma_.lower()
    if lemma == "go":  # "it goes without saying", not "it is going to announce"
        return any(c.dep_ == "prep" and c.lower_ == "without" for c in frame.children)
    if lemma == "bear":  # "it bears repeating"
        return any(c.dep_ == "xcomp" for c in frame.children)
    # "it's worth noting", "it's impossible to evaluate … without knowing", "too soon to say"
    return lemma == "be" and any(
        c.dep_ in {"acomp", "advmod"} and c.pos_ in {"ADJ", "ADV"} for c in frame.children
    )


def _listed_infinitives(verb: _Verb, action: Token) -> list[Token]:
    """ "wants to triple X, grow Y and create Z" parsed with "grow" hung on the cue: bare verbs
    right after the infinitive, set off by a comma and without a subject, go on with its list.
    (A cue in the base form itself, "will say X and leave", goes on with its own clause.)"""
    if verb.tok.tag_ == "VB" or action.dep_ != "xcomp" or action.head.i != verb.tok.i:
        return []
    doc = verb.tok.doc
    edge = action.right_edge.i
    out: list[Token] = []
    for c in verb.kids:
        if (
            c.i == edge + 2
            and c.dep_ in {"dep", "conj"}
            and c.tag_ == "VB"
            and doc[edge + 1].text == ","
            and not any(g.dep_ in ACTIVE_SUBJ or g.dep_ == "aux" for g in c.children)
        ):
            out.append(c)
            edge = c.right_edge.i
    return out


def past_time_clauses(head: Token) -> list[Token]:
    """The clauses of past time after ``head`` that hang on it ("… after a fight broke out"):
    the journalist's narrative, not the words of a demand or report."""
    return [
        c
        for c in head.children
        if c.dep_ == "advcl"
        and c.i > head.i
        and c.tag_ == "VBD"
        and any(g.dep_ == "mark" and g.lower_ in _WHEN_MARKS for g in c.children)
    ]


def _object_is_said(facts: QuoteFacts, verb: _Verb, obj: Token) -> bool:
    """The object of an object-content verb is what was said: always, or with a predicate
    ("called him a liar", ``predicative``), or when it is a noun of speech ("raised concerns",
    ``object_nouns``); a quotation right after the object always is."""
    lex, lemma = facts.lex, verb.lemma
    predicative = lemma not in lex.predicative or any(
        c.dep_ in {"oprd", "xcomp", "ccomp"} for c in verb.kids
    )
    spoken = lemma not in lex.object_nouns or obj.lemma_.lower() in lex.object_nouns[lemma]
    return (predicative and spoken) or facts.quote_after(obj, 2) is not None


def _marked_clause(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """The phrase's particle is the mark of a clause ("called for X to …" parsed as a clause)."""
    clause = verb.particle.head
    reading = _Reading(facts.tree.subtree(clause.i, verb.excl), clause)
    if facts.lex.phrasal[verb.phrase]:  # "called on X to …": X is addressed
        subj = next((g for g in clause.children if g.dep_ in ACTIVE_SUBJ), None)
        if subj is not None:
            reading.addressees.append(subj)
    return reading


def _called_on(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "called on X to …": X is the addressee, the content runs from X to the infinitive."""
    obj = next((g for g in verb.particle.children if g.dep_ == "pobj"), None) or verb.dobj
    if obj is None:
        return _Reading()
    content = facts.tree.subtree(obj.i)
    if verb.xcomps:
        content |= _demanded(facts, verb, verb.xcomps[0])
    return _Reading(content, obj, [obj])


def _called_for(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "called for talks", "called for X to …", "pushed for a clause"."""
    obj = next((g for g in verb.particle.children if g.dep_ == "pobj"), None) or verb.dobj
    if obj is not None:
        content = facts.tree.subtree(obj.i)
        if verb.xcomps:  # "called for X to ..."
            content |= _demanded(facts, verb, verb.xcomps[0])
        return _Reading(content, obj)
    if verb.comps:
        return _Reading(facts.tree.subtree(verb.comps[0].i, verb.excl), verb.comps[0])
    return _Reading()


def _clause(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "said (that) …", "urged that …": the clausal complement."""
    tree, lex, comp = facts.tree, facts.lex, verb.comps[0]
    content = (
        _demanded(facts, verb, comp) if is_infinitive(comp) else tree.subtree(comp.i, verb.excl)
    )
    reading = _Reading(content, comp)
    # "said he had offers, but “the offers were …”": a quoted conjunct hangs on the cue
    for c in verb.kids:
        if c.dep_ == "conj" and c.i > comp.i and not facts.is_cue_verb(c):
            sub = tree.subtree(c.i)
            if any(facts.doc[i].text in QUOTE_CHARS for i in sub):
                reading.content |= sub | {x.i for x in verb.kids if x.dep_ == "cc" and x.i < c.i}
    if verb.lemma in lex.directive or verb.lemma in lex.tell_like:
        subj = next((g for g in comp.children if g.dep_ == "nsubj"), None)
        if verb.dobj is not None:
            reading.addressees.append(verb.dobj)
        elif (
            subj is not None
            and verb.lemma in lex.directive
            and comp.i > verb.tok.i
            and is_infinitive(comp)
        ):
            reading.addressees.append(subj)
    return reading


def _spoke_of(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "warned of …", "spoke about …": the object of the preposition; the object addressed."""
    preps = _content_preps(facts.lex, verb.lemma)
    prep = next(c for c in verb.kids if c.dep_ == "prep" and c.lower_ in preps)
    pobj = next((g for g in prep.children if g.dep_ in {"pobj", "pcomp"}), None)
    reading = _Reading()
    if pobj is not None:
        reading.content = facts.tree.subtree(pobj.i, facts.cue_exclusions(pobj))
        reading.root = pobj
    if verb.dobj is not None:
        reading.addressees.append(verb.dobj)
    return reading


def _object(facts: QuoteFacts, verb: _Verb) -> _Reading:
    """ "condemned X", "called X a “champion”": the object, and its predicate."""
    dobj = verb.dobj
    content = facts.tree.subtree(dobj.i)
    for c in verb.kids:
        if c.i > dobj.i and (
            c.dep_ in {"oprd", "xcomp", "ccomp"}
            or (c.dep_ == "prep" and c.lower_ in {"as", "for", "of", "over"})
            or _possessed_gerund(dobj, c, content)
        ):
            content |= facts.tree.subtree(c.i)
    if content == {dobj.i} and dobj.lower_ in RELATIVE:
        return _Reading()  # "the reforms that the president promised": no words of his
    return _Reading(content, dobj)


def _possessed_gerund(dobj: Token, c: Token, content: set[int]) -> bool:
    """ "condemned the militia's shelling of the port", "described Eritrea's alleged
    “preparations”": the parser makes the possessor the object and the possessed a clause or a
    second object of the verb; the possessed is the object's head."""
    return (
        ((c.dep_ == "advcl" and c.tag_ == "VBG") or c.dep_ == "dobj")
        and c.left_edge.i == max(content) + 1
        and any(g.dep_ == "case" for g in dobj.children)
    )


def _spoken_to(facts: QuoteFacts, verb: _Verb, reading: _Reading) -> None:
    """ "said to the crowd …": the one spoken to is addressed."""
    if verb.lemma not in facts.lex.to_addressee:
        return
    for c in verb.kids:
        if c.dep_ != "prep" or c.lower_ != "to":
            continue
        for g in c.children:
            if g.dep_ != "pobj":
                continue
            reading.addressees.append(g)
            rel = next((r for r in g.children if r.dep_ == "relcl"), None)
            if not reading.content and rel is not None and rel.left_edge.lower_ == "that":
                # "said to the crowd that help was coming", parsed as a relative clause
                reading.content, reading.root = facts.tree.subtree(rel.i), rel


def that_clause_verb(v: Token, lex: CueLexicon) -> bool:
    """Any verb with a subject and a "that" clause ("X argued/signalled/hinted that …")."""
    if v.pos_ != "VERB" or v.dep_ in NO_CUE_DEPS or v.lemma_.lower() in lex.hedges | {"be"}:
        return False
    kids = list(v.children)
    return any(c.dep_ == "nsubj" for c in kids) and any(
        c.dep_ == "ccomp" and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        for c in kids
    )


def _parenthetical(facts: QuoteFacts, v: Token) -> set[int]:
    """'The risk, he said, is a clash' or '…, he said.': the rest of the sentence is content.

    A reporting clause set off by commas inside (or at the end of) a sentence whose main verb
    the parser made its head: the content is the sentence minus that clause.
    """
    if v.dep_ not in {"parataxis", "ccomp", "advcl", "dep", "conj"} or v.head is v:
        return set()
    clause = sorted(facts.tree.subtree(v.i))
    words = [i for i in clause if not facts.doc[i].is_punct]
    if len(clause) > 10 or not words:
        return set()
    sent = facts.sents[facts.sent_of[v.i]]
    before = facts.doc[words[0] - 1] if words[0] > sent.start else None
    after = facts.doc[words[-1] + 1] if words[-1] + 1 < sent.end else None
    if before is None or before.text not in {",", "—", "–"}:
        return set()
    if after is not None and after.text not in {",", "—", "–", ".", "!", "?"}:
        return set()
    return set(range(sent.start, sent.end)) - set(clause)
