"""The actors of one article and the means to map a mention to one of them."""

from __future__ import annotations

from spacy.tokens import Span as SpacySpan
from spacy.tokens import Token

from service.lexicons import gazetteer as gz
from service.lexicons.gazetteer import PRONOUNS
from service.nlp.actors.coref import antecedent_by_head, latest_with_title, resolve_pronoun
from service.nlp.actors.facts import ActorFacts
from service.nlp.actors.newcomers import new_actor
from service.nlp.actors.store import ActorStore, display_name
from service.nlp.actors.words import DEFINITE, POSSESSIVE, UNRESOLVABLE
from service.nlp.context import DocContext
from service.nlp.types import Actor, Span

# a conjunct's modifiers that name the actor it stands for ("his Togolese colleague")
# what "the …" names when it is a country's government
_GOVERNMENT_NOUNS = frozenset({"government", "administration", "authorities", "regime", "junta"})
_NAMING_ORDER = {"appos": 0, "compound": 1, "poss": 2, "amod": 3}
_NAMING = frozenset(_NAMING_ORDER)


class ActorIndex:
    """The actors found in an article. ``link`` maps the mentions the quote rules find (speakers,
    addressees) to actors, creating actors for mentions it cannot map; ``finalize`` gives the
    result. Actor ids follow the first mention (``a1`` first), then the order of creation."""

    def __init__(self, facts: ActorFacts, store: ActorStore) -> None:
        self._facts, self._store = facts, store
        self.author: Span | None = facts.author
        order = sorted(store.recs.values(), key=lambda r: r.first)
        self._ids: dict[str, str] = {rec.key: f"a{n}" for n, rec in enumerate(order, start=1)}
        self._new_n = len(order)
        self._link_memo: dict[tuple[int, int], str | None] = {}

    def _id(self, key: str) -> str:
        aid = self._ids.get(key)
        if aid is None:
            self._new_n += 1
            aid = self._ids[key] = f"a{self._new_n}"
        return aid

    def link(self, ctx: DocContext, mention: Span) -> str | None:
        """The actor that ``mention`` (a name, noun phrase, pronoun or nominal) refers to.

        Overlap with a known mention at the phrase's head wins; pronouns go to the best agreeing
        antecedent; definite nominals to the latest actor they can name; anything else becomes a new
        actor. The span is recorded as a mention of the actor. ``None`` for unresolvable pronouns.
        """
        memo = (mention.start, mention.end)
        if memo in self._link_memo:
            return self._link_memo[memo]
        key = self._link_key(ctx, mention)
        self._link_memo[memo] = None if key is None else self._id(key)
        if key is not None:
            self._store.mention(key, mention.start, mention.end)
            self._id(key)
        return self._link_memo[memo]

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

    def finalize(self) -> list[Actor]:
        """The actors with their best names, affiliations and mentions, in order of appearance."""
        store, text = self._store, self._facts.text
        by_key: dict[str, list[Span]] = {}
        for m in store.mentions:
            by_key.setdefault(m.key, []).append(Span.of(text, m.start, m.end))
        keep = {k for k in store.recs if k in by_key}
        for k in list(keep):  # keep the chain of every kept actor
            parent = store.recs[k].parent
            while parent and parent in store.recs and parent not in keep:
                keep.add(parent)
                parent = store.recs[parent].parent
        out = []
        for key in keep:
            rec = store.recs[key]
            parent = rec.parent if rec.parent in store.recs and rec.parent != key else None
            out.append(
                Actor(
                    id=self._id(key),
                    name=display_name(rec),
                    type=rec.type,
                    country=rec.country,
                    affiliation=self._id(parent) if parent else None,
                    titles=tuple(rec.titles),
                    mentions=tuple(
                        sorted(set(by_key.get(key, ())), key=lambda s: (s.start, s.end))
                    ),
                    members=tuple(self._id(k) for k in rec.members if k in store.recs),
                )
            )
        out.sort(key=lambda a: int(a.id[1:]))
        return out


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
