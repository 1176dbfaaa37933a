"""6. Pronoun and nominal coreference: the actor a speaker, channel or addressee mention names.

A mention overlapping a known actor's mention at its head is that actor's; a pronoun goes to the
best agreeing antecedent, a relative pronoun to the phrase it stands for, "the spokesperson" to the
latest person with that title, "the alliance" to the latest actor that noun can name, "the
government" to the government of the country last spoken of, a coordination ("Chile, Peru, and
Bolivia") to a group of its members' actors; a phrase no rule found becomes an actor of its own
(``newcomers``). Each linked span is recorded as a mention of its actor, so later pronouns can
resolve to it: quotes are linked in text order.
"""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.lexicons import gazetteer as gz
from service.lexicons.gazetteer import PRONOUNS
from service.nlp.actors import ActorIndex
from service.nlp.actors.coref import antecedent_by_head, latest_with_title, resolve_pronoun
from service.nlp.actors.store import display_name
from service.nlp.actors.words import DEFINITE, POSSESSIVE, UNRESOLVABLE
from service.nlp.context import DocContext
from service.nlp.speakers.newcomers import new_actor
from service.nlp.types import Span

# what "the …" names when it is a country's government
_GOVERNMENT_NOUNS = frozenset({"government", "administration", "authorities", "regime", "junta"})
# a conjunct's modifiers that name the actor it stands for ("his Togolese colleague")
_NAMING_ORDER = {"appos": 0, "compound": 1, "poss": 2, "amod": 3}
_NAMING = frozenset(_NAMING_ORDER)


class Linker:
    """Links the mentions of one article's quotes to the actors of its index, each span once."""

    def __init__(self, ctx: DocContext, index: ActorIndex) -> None:
        self._ctx, self._index = ctx, index
        self._facts, self._store = index.facts, index.store
        self._memo: dict[tuple[int, int], str | None] = {}

    def link(self, mention: Span) -> str | None:
        """The id of the actor that ``mention`` (a name, noun phrase, pronoun or nominal) refers to.

        Overlap with a known mention at the phrase's head wins; pronouns go to the best agreeing
        antecedent; definite nominals to the latest actor they can name; anything else becomes a new
        actor. The span is recorded as a mention of the actor. ``None`` for unresolvable pronouns.
        """
        memo = (mention.start, mention.end)
        if memo in self._memo:
            return self._memo[memo]
        key = self._link_key(self._ctx, mention)
        self._memo[memo] = None if key is None else self._index.id_of(key)
        if key is not None:
            self._store.mention(key, mention.start, mention.end)
            self._index.id_of(key)
        return self._memo[memo]

    def _link_key(self, ctx: DocContext, mention: Span) -> str | None:
        span = ctx.span(mention.start, mention.end)
        if span is None or len(span) == 0:
            return None
        head = span.root
        words = [t for t in span if not t.is_punct]
        if words and all(self._facts.lower[t.i] in POSSESSIVE for t in words):
            owner = words[0].head  # a bare "'s": the possessor it hangs on
            if owner.i == words[0].i or owner.i in range(span.start, span.end):
                return None
            return self._link_key(ctx, self._facts.span(owner.idx, owner.idx + len(owner)))
        if not words:
            return None
        if head.lower_ in PRONOUNS and len(words) <= 2:
            return resolve_pronoun(self._store, head)
        if head.tag_ in {"WP", "WDT"} or (head.lower_ == "that" and head.head.dep_ == "relcl"):
            antecedent = _antecedent_phrase(ctx, head, len(words))
            return None if antecedent is None else self._link_key(ctx, antecedent)
        if len(words) == 1 and head.lower_ in UNRESOLVABLE:
            return None
        return self._group(span) or self._known_or_new(span, mention, head, words)

    def _group(self, span: SpacySpan) -> str | None:
        """ "Chile, Peru, and Bolivia", "Ghana and Togo": a group of the actors its
        conjuncts name, when they are two or more."""
        store = self._store
        root = span.root
        conjuncts = [t for t in root.conjuncts if span.start <= t.i < span.end]
        if not conjuncts:
            return None
        # "Chile, Peru, and Bolivia" is often parsed with the middle item an apposition
        items = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        members: list[str] = []
        for tok in sorted((root, *items, *conjuncts), key=lambda t: t.i):
            # the conjunct's own name first, then the name of its apposition ("his colleague
            # Ama Mensah"), then its modifiers ("his Togolese colleague")
            named = sorted(
                (tok, *(c for c in tok.children if c.dep_ in _NAMING)),
                key=lambda t: (t.i != tok.i, _NAMING_ORDER.get(t.dep_, 9)),
            )
            m = next((m for t in named if (m := store.mention_at(t.i))), None)
            if m is not None and m.key not in members and not m.key.startswith("group:"):
                members.append(m.key)
        if len(members) < 2:
            return None
        key = "group:" + "+".join(members)
        rec = self._store.rec(key, "group", members=members)
        names = [display_name(store.recs[k]) for k in members]
        rec.name = ", ".join(names[:-1]) + " and " + names[-1]
        rec.names.append(" ".join(span.text.split()))
        return key

    def _known_or_new(self, span: SpacySpan, mention: Span, head: Token, words: list[Token]) -> str:
        """A noun phrase: the actor a mention at its head names, the person it describes, the
        actor a definite noun points back to, the actor that issued it, or a new actor."""
        store = self._store
        inside = [m for m in store.mentions if m.start < mention.end and mention.start < m.end]
        at_head = [m for m in inside if m.start <= head.idx < m.end]
        if at_head:
            return min(at_head, key=lambda m: m.end - m.start).key
        low = head.lower_
        if len(words) == 1 and head.tag_ == "NNP" and head.is_upper and len(head) > 2:
            # transcripts: "WALLACE:" is the Wallace of the story
            for rec in store.recs.values():
                if rec.type == "person" and rec.key.lower().endswith(f" {low}"):
                    return rec.key
        human = low in gz.TITLE_HEADS or low in gz.NOMINAL["human"]
        persons = [m for m in inside if store.recs[m.key].type == "person"]
        if human and persons and head.tag_ in {"NN", "NNP"}:
            return persons[0].key  # "a State Department spokesperson, Ned Price"
        dets = {c.lower_ for c in head.children if c.dep_ == "det"}
        if dets & DEFINITE and head.tag_ in {"NN", "NNP"}:
            if human:
                key = latest_with_title(store, head)
            else:
                key = antecedent_by_head(store, head.i, low) or self._government(head)
            if key:
                return key
        if not human and low not in gz.NOMINAL["group"] and inside:
            # "a French read-out", "a Kremlin statement": the actor that issued it
            return max(inside, key=lambda m: (store.recs[m.key].type != "country", m.end)).key
        return new_actor(store, span, inside)

    def _government(self, head: Token) -> str | None:
        """ "the government", "the authorities": the government of the country the article last
        named, an actor of its own affiliated with the country."""
        if head.lower_ not in _GOVERNMENT_NOUNS:
            return None
        store = self._store
        before = [m for m in store.mentions if m.start < head.idx and store.recs[m.key].country]
        # the country of the latest main-clause subject ("The MEA termed … The government said"),
        # else of the latest actor with a country
        subjects = [m for m in before if m.role >= 2]
        latest = (subjects or before)[-1:] or None
        country = store.recs[latest[0].key].country if latest else None
        if country is None:
            return None
        key = f"body:government:{country}"
        rec = store.rec(key, "organization", country=country, parent=f"country:{country}")
        rec.name = f"Government of {gz.COUNTRY_NAME.get(country, country)}"
        store.ensure_parents()
        return key


def _antecedent_phrase(ctx: DocContext, head: Token, n_words: int) -> Span | None:
    """The noun phrase a relative pronoun ("who", "which") stands for, with its own modifiers
    ("a spokesman for the army, who"): up to where the relative clause starts."""
    doc = ctx.doc
    verb = head.head
    if verb.dep_ not in {"relcl", "acl"} or verb.head.i == head.i or n_words != 1:
        return None
    noun = verb.head
    end = max(noun.i + 1, verb.left_edge.i)
    while end > noun.i + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    np = doc[noun.left_edge.i : end]
    return Span.of(ctx.text, np.start_char, np.end_char)
