"""Quotes the rules missed, from the attribution tagger's spans (``learned``).

A rule content the tagger reads on past its end grows to the tagger's end (``grow_contents``).
A CONTENT span the tagger marks becomes a candidate of kind ``tagged`` when no rule candidate's
content overlaps it (or only lies inside it), it stays in one paragraph and the tagger marked a
CUE in that paragraph: the nearest CUE is its cue. Its speaker is the speakers stage's (the one
the rules would give that cue, else the tagger's SOURCE span nearest it). The gates the rules
apply hold here too: a hedge ("appears to …") is no cue and a quoted title is no content.

A tagged content in the sentence of a cue the rules read with another content, or one around
rule contents of other cues (a report of reports), is marked ``beside_rule``: such a second
reading is right often enough to keep, wrong often enough not to keep blindly, so the ranker,
which learned how often it is right, decides.
"""

from __future__ import annotations

from bisect import bisect_left

from service.nlp.quotes.attach import is_title
from service.nlp.quotes.candidates import Candidate, Candidates, Range, SpeakerRules
from service.nlp.quotes.facts import QuoteFacts
from service.nlp.quotes.learned import Tagged, nearest
from service.nlp.quotes.limits import past_time_clauses
from service.nlp.types import Cue


def add_tagged(
    facts: QuoteFacts, cands: Candidates, spans: list[Tagged], who: SpeakerRules
) -> None:
    """Add a candidate for each tagged content the rules did not find; ``who`` says who spoke
    it."""
    if not spans:
        return
    ctx = facts.ctx
    rules = list(cands)  # the rules' candidates: tagged ones are added to ``cands`` below
    cues = [s for s in spans if s.label == "CUE"]
    sources = [s for s in spans if s.label == "SOURCE"]
    for span in spans:
        if span.label != "CONTENT":
            continue
        lo, hi = ctx.idx[span.start], ctx.end[span.end - 1]
        para = facts.para_of(lo)
        if para < 0 or facts.para_of(hi - 1) != para:
            continue  # quotes over several paragraphs are the rules' (``attach``)
        inner = [c for c in rules if any(lo < e and s < hi for s, e in c.content)]
        # around rule contents ("critics point to X as Y that failed to note that …"): a report
        # of reports, each kept; any other overlap is the rules' reading
        wraps = bool(inner) and all(
            lo <= s and e <= hi and (lo, hi) != (s, e) for c in inner for s, e in c.content
        )
        if inner and not wraps:
            continue
        cue = nearest(span, [c for c in cues if facts.para_of(ctx.idx[c.start]) == para])
        if cue is None:
            continue
        cue_lo, cue_hi = ctx.idx[cue.start], ctx.end[cue.end - 1]
        if wraps and any(c.cue is not None and _touch(c.cue, cue_lo, cue_hi) for c in inner):
            continue  # the rules read this cue, with a shorter content
        head = _root(facts, cue)
        if _hedged(facts, cue, head) or _titled(facts, (lo, hi)):
            continue
        same = next((c for c in cands if c.cue and _touch(c.cue, cue_lo, cue_hi)), None)
        beside = same is not None and facts.sent_of[span.start] == facts.sent_of[head]
        if beside and same.kind == "tagged":
            continue  # one tagged reading of a cue in its sentence
        in_para = [s for s in sources if facts.para_of(ctx.idx[s.start]) == para]
        said = who.of_tagged(facts, cands, cue, ctx.tokens[head], span, same, in_para)
        if said is None:
            continue  # "It goes without saying that …": the journalist's own words
        lemma = ctx.tokens[head].lemma_.lower()
        cands.add(
            Candidate(
                cue=facts.cue(facts.toks[cue.start : cue.end], lemma),
                lemma=lemma,
                kind="tagged",
                speaker=said.speaker,
                content=[(lo, hi)],
                sent=facts.sent_of[head],
                has_quote=any(q.start < hi and lo < q.end for q in facts.quoted),
                beside_rule=beside or wraps,
            )
        )


def grow_contents(facts: QuoteFacts, cands: Candidates, spans: list[Tagged]) -> None:
    """A rule content the tagger reads on past its end takes the tagger's end.

    The parse often hangs the rest of a content on the cue verb ("cited remarks X had made
    about Y as examples of …" with "made" as the verb's clause); the tagger, trained on flat
    spans, does not. A content never grows over another cue of the rules, over a clause of past
    time the rules left out as narrative, or out of a whole quotation. A rule content is not cut
    back to the tagger's end, where the rules' reading is the better one, except where the
    tagger stops at a closing quotation mark inside the content ("criticized the act as a “crazy
    system” during a stop in Flint"): there both agree that the quotation ends the words; the
    mark alone, without the tagger, does not say so.
    """
    ctx = facts.ctx
    contents = [(ctx.idx[s.start], ctx.end[s.end - 1]) for s in spans if s.label == "CONTENT"]
    if not contents:
        return
    # the rules' cues, and the conjoined cue verbs they cut from contents ("said X and warned
    # against Y" with no content of its own)
    cue_starts = sorted(
        {c.cue.start for c in cands if c.cue is not None}
        | {ctx.idx[i] for i in facts.cue_idx if facts.toks[i].dep_ == "conj"}
    )
    # a tagged content may end just before or after a closing quotation mark
    quote_ends = {q.end for q in facts.quoted} | {q.end - 1 for q in facts.quoted}
    whole = {(q.start, q.end) for q in facts.quoted}
    for c in cands:
        if len(c.content) != 1 or c.cue is None or c.kind in {"colon", "continuation"}:
            continue
        s, e = c.content[0]
        if (s, e) in whole:
            continue  # a whole quotation is whole: "acknowledged “reports of …” there"
        para = facts.para_of(s)
        reach = c.reach
        if any(s - 40 < lo <= s + 2 and hi > e for lo, hi in contents):
            # nor over a clause of past time hanging on the cue or the content ("urging X to Y
            # after a fight broke out"), which the rules leave out as narrative
            when = _time_clause(facts, c)
            reach = min([r for r in (reach, when) if r is not None], default=None)
        for lo, hi in contents:
            if (
                s - 40 < lo <= s + 2
                and hi > e
                and (reach is None or hi <= reach)
                and not _touch(c.cue, lo, hi)
                and facts.para_of(lo) == para == facts.para_of(hi - 1)
                # a cue the rules read after the content has its own quote ("…, which he
                # claimed are …"): growing over it would swallow that
                and bisect_left(cue_starts, e) == bisect_left(cue_starts, hi)
                # nor over its own speaker ('“…,” Flynn, a surrogate, said')
                and not (c.speaker is not None and c.speaker[0] < hi and e < c.speaker[1])
            ):
                c.content = [(min(lo, s), hi)]
                break
            if abs(lo - s) <= 2 and s < hi < e and hi in quote_ends and facts.para_of(lo) == para:
                c.content = [(s, hi)]  # the tagger stops at a closing mark inside: so does it
                break


def _time_clause(facts: QuoteFacts, c: Candidate) -> int | None:
    """Where the first clause of past time after ``c``'s content starts, if it hangs on the cue or
    on a word of the content."""
    s, e = c.content[0]
    span = facts.doc.char_span(s, e, alignment_mode="expand")
    heads = [*(span or []), *([facts.toks[c.cue_tok]] if c.cue_tok is not None else [])]
    starts = [w.left_edge.idx for h in heads for w in past_time_clauses(h)]
    return min((x for x in starts if x >= e), default=None)


def _touch(cue: Cue, lo: int, hi: int) -> bool:
    return cue.start < hi and lo < cue.end


def _root(facts: QuoteFacts, span: Tagged) -> int:
    """The token of ``span`` whose head lies outside it (its last token when none does)."""
    head = facts.ctx.head
    for i in range(span.start, span.end):
        if not span.start <= head[i] < span.end or head[i] == i:
            return i
    return span.end - 1


def _hedged(facts: QuoteFacts, cue: Tagged, head: int) -> bool:
    """ "appears to call out", "seems": the journalist's hedge, not a report (as for the rules)."""
    toks, hedges = facts.toks, facts.lex.hedges
    if any(toks[i].lemma_.lower() in hedges for i in range(cue.start, cue.end)):
        return True
    t = toks[head]
    return t.dep_ == "xcomp" and t.head.lemma_.lower() in hedges


def _titled(facts: QuoteFacts, rng: Range) -> bool:
    """The content is a quoted title and a few words ("wrote “A Year in Review” in 2015")."""
    titles = [
        q for q in facts.quoted if rng[0] <= q.start and q.end <= rng[1] and is_title(facts, q)
    ]
    if not titles:
        return False
    rest = facts.text[rng[0] : rng[1]]
    for q in sorted(titles, key=lambda q: -q.start):
        rest = rest[: q.start - rng[0]] + rest[q.end - rng[0] :]
    return sum(w[:1].isalpha() for w in rest.split()) <= 3
