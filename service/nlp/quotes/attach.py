"""Quoted spans and candidates: contents grow to whole quotations; a quotation without a cue goes
to a bare reporting verb next to it, continues the previous quote of its paragraph, or, when it
fills a paragraph, continues the previous speaker. Anything else (scare quotes, titles) is no
quote."""

from __future__ import annotations

from service.nlp.quotemarks import QUOTE_CHARS, Quoted
from service.nlp.quotes.candidates import Candidate, Candidates, Range
from service.nlp.quotes.facts import QuoteFacts


def attach_quotes(facts: QuoteFacts, cands: Candidates) -> None:
    """Extend contents to whole quoted spans; attach quotes left without a cue."""
    for cand in cands:
        cand.content = _extend(facts, cand)
    prev_by_para: dict[int, Candidate] = {}
    last: Candidate | None = None
    last_para = -1
    chains: dict[int, list[Quoted]] = {}
    for q in facts.quoted:
        chains.setdefault(q.chain, []).append(q)
    for q in facts.quoted:
        para = facts.para_of(q.start)
        owner = _owner(cands, q)
        if owner is not None:
            last, last_para = owner, para
            prev_by_para[para] = owner
            _join_pieces(cands, owner, q, chains[q.chain])
            continue
        if _covered(cands, q):
            continue
        after = _interrupted(facts, cands, q)
        if after is not None:
            after.content.insert(0, (q.start, q.end))
            if after in cands.bare:  # '“Yes,” he said, “we will …”' with "said" bare
                after.kind = "direct"
                cands.adopt(after)
            last, last_para = after, para
            prev_by_para[para] = after
            continue
        bare = _bare_for(facts, cands, q) if not is_title(facts, q) else None
        if bare is not None:
            bare.content = [(q.start, q.end)]
            bare.kind = "direct"
            cands.adopt(bare)
            last, last_para = bare, para
            prev_by_para[para] = bare
            continue
        lo, hi = facts.paras[para]
        if para in prev_by_para and _only_space_or_cue(facts, prev_by_para[para], q):
            prev_by_para[para].content.append((q.start, q.end))
            continue
        # (a quoted title alone on its line, "'All Bets Are Off.'", is a subhead, not more words)
        fills = q.start == lo and (q.end - q.start) >= 0.8 * (hi - lo) and not is_title(facts, q)
        if fills and last is not None and para - last_para <= 1 and last.speaker is not None:
            cont = _continuation(last, q)
            cands.add(cont)
            last, last_para = cont, para
            prev_by_para[para] = cont


def _join_pieces(cands: Candidates, owner: Candidate, q: Quoted, pieces: list[Quoted]) -> None:
    """The other pieces of a multi-paragraph quote belong to the quote of ``owner``."""
    for piece in pieces:
        other = _owner(cands, piece)
        if piece is q or other is owner:
            continue
        if other is not None:
            # a transcript's next turn: the quote ends where another speaker's begins
            if piece.start > q.start:
                return
            continue
        owner.content.append((piece.start, piece.end))


def _continuation(last: Candidate, q: Quoted) -> Candidate:
    """A quotation filling its paragraph after a quote goes on with that quote's speaker."""
    return Candidate(
        cue=None,
        lemma="",
        kind="continuation",
        speaker=last.speaker,
        content=[(q.start, q.end)],
        explicit=False,
        sent=-1,
        via=last.via,
    )


def attach_blocks(facts: QuoteFacts, cands: Candidates) -> None:
    """'Limbaugh added:' ending its paragraph, the next paragraph unquoted: that paragraph is
    what was added (a block quotation set off by its layout, not by marks)."""
    text = facts.text
    for b in list(cands.bare):
        if b.speaker is None or b.cue is None:
            continue
        para = facts.para_of(b.cue.start)
        if para < 0 or para + 1 >= len(facts.paras):
            continue
        hi = facts.paras[para][1]
        if text[hi - 1] != ":" or not _introduces(facts, b, hi - 1):
            continue
        nlo, nhi = facts.paras[para + 1]
        block = text[nlo:nhi]
        if block.endswith(":") or len(block.split()) < 4:
            continue  # another introduction, or a heading ("TRANSCRIPT")
        if text[nlo] in QUOTE_CHARS or any(
            nlo < e and s < nhi for c in cands for s, e in c.content
        ):
            continue  # a quotation there is attached by its marks
        b.content = [(nlo, nhi)]
        cands.adopt(b)


def _introduces(facts: QuoteFacts, b: Candidate, colon: int) -> bool:
    """The words between the cue and the colon are the cue's own ("Limbaugh said on his show:",
    "told listeners:"), not another clause."""
    if b.cue_tok is None:
        return False
    span = facts.ctx.span(b.cue.end, colon)
    if span is None:
        return facts.text[b.cue.end : colon].strip(" \u00a0") == ""
    return all(t.is_space or facts.tree.descends(t.i, b.cue_tok) for t in span)


def quote_internal(facts: QuoteFacts, c: Candidate) -> bool:
    """The cue sits inside a quoted span that does not open at it: the quoted person's words."""
    if c.cue is None or c.kind in {"colon", "continuation"}:
        return False
    cs = c.cue.start
    for q in facts.quoted:
        if q.start < cs < q.end:
            return facts.text[q.start : cs].strip(" “\"'‘«") != ""
    return False


def is_title(facts: QuoteFacts, q: Quoted) -> bool:
    """“Orange Is the New Black”, “New Day”: a short title-cased name, not words spoken."""
    inner = facts.text[q.start + 1 : q.end - 1].strip(" ,.\u00a0\"'“”‘’")
    words = [w for w in inner.split() if w[:1].isalpha()]
    if not words or len(words) > 7 or any(ch in inner for ch in "!?;"):
        return False
    return all(w[0].isupper() for w in words if len(w) > 3) and words[0][0].isupper()


def _covered(cands: Candidates, q: Quoted) -> bool:
    return any(s <= q.start and q.end <= e for c in cands for s, e in c.content)


def _owner(cands: Candidates, q: Quoted) -> Candidate | None:
    """The candidate whose content holds the quotation, or at least half of it."""
    best, size = None, 0
    for c in cands:
        for s, e in c.content:
            ov = min(e, q.end) - max(s, q.start)
            if ov > size and ((s <= q.start and q.end <= e) or ov >= 0.5 * (q.end - q.start)):
                best, size = c, ov
    return best


def _bare_for(facts: QuoteFacts, cands: Candidates, q: Quoted) -> Candidate | None:
    """A bare reporting verb in the sentence that ends the quote or the one just before it."""
    para = facts.para_of(q.start)
    scare = _scare_quote(facts, q)
    best, dist = None, 10**9
    for b in cands.bare:
        cs = b.cue.start
        if b.speaker is None or q.start <= cs < q.end:
            continue
        if facts.para_of(cs) != para:
            # 'as X observed, the winner was the stage itself:' + a quote paragraph
            lead = facts.text[b.cue.end : q.start]
            if not (
                facts.para_of(cs) == para - 1
                and lead.rstrip().endswith(":")
                and len(lead) <= 200
                and not any(ch in lead for ch in ".!?")
            ):
                continue
            if dist > len(lead):
                best, dist = b, len(lead)
            continue
        if cs < q.start and scare:
            continue
        # the reporting clause touches the quote: '“…,” he said' or 'he said: “…”'
        gap = facts.text[q.end : cs] if cs >= q.end else facts.text[b.cue.end : q.start]
        if len(gap) > 80 or (any(ch in gap for ch in ".!?") and cs >= q.end):
            continue
        d = abs(cs - q.end) if cs >= q.end else abs(q.start - b.cue.end)
        if d < dist:
            best, dist = b, d
    return best


def _interrupted(facts: QuoteFacts, cands: Candidates, q: Quoted) -> Candidate | None:
    """'“A,” he told the host, “B.”' parsed with B the complement of the cue and A hung on it
    as a clause, or with the cue bare: the candidate of that cue, its content the quotation
    right after its reporting clause (given to a bare cue here). A opens the same quote."""
    inner = facts.text[q.start : q.end].rstrip("”\"’' \u00a0")
    if not inner.endswith((",", "?", "!", "—")):
        return None
    if len(inner.split()) > 1 and is_title(facts, q):
        return None  # "“Shark Tank,” the host said, “is back …”"; but "“Yes,” he said, “…”"
    for c in [*cands, *cands.bare]:
        if c.cue is None or c.kind in {"colon", "continuation"} or not q.end <= c.cue.start:
            continue
        if c.content:  # the quotation its content opens with
            nxt = next((s for s in facts.quoted if s.start == c.content[0][0]), None)
        elif c.speaker is not None:  # a bare verb: the quotation that opens after it
            nxt = next((s for s in facts.quoted if s.start >= c.cue.end), None)
        else:
            continue
        if nxt is None or nxt.start <= c.cue.start:
            continue
        clause = facts.text[q.end : nxt.start]
        if (
            len(clause) <= 100
            and "\n" not in clause
            and clause.rstrip(" \u00a0").endswith(",")
            and _only_reporting(facts, c, q.end, nxt.start)
        ):
            if not c.content:
                c.content = [(nxt.start, nxt.end)]
            return c
    return None


def _only_reporting(facts: QuoteFacts, c: Candidate, start: int, end: int) -> bool:
    """Between the two quotations stands the reporting clause alone ("he told the host"): no
    other verb ('she wrote, arguing that if …, “…”' has a quote of its own) and no end of a
    sentence (a full stop of its own; not the dot of "Mr." or "U.S.", which the tokenizer keeps
    with its word)."""
    span = facts.ctx.span(start, end)
    return span is None or not any(
        t.text in {".", "!", "?"}
        or (t.pos_ in {"VERB", "AUX"} and t.i != c.cue_tok and t.dep_ != "aux")
        for t in span
    )


def _scare_quote(facts: QuoteFacts, q: Quoted) -> bool:
    """ "It said it 'deplores' the ruling": a few quoted words the sentence runs on after are
    a word of the clause, not what the verb before them reports."""
    inner = facts.text[q.start + 1 : q.end - 1]
    if len(inner.split()) > 3 or any(ch in inner for ch in ".!?"):
        return False
    closing = facts.ctx.span(q.end - 1, q.end)
    if closing is None:
        return False
    sent = facts.sents[facts.sent_of[closing.start]]
    return any(ch.isalpha() for ch in facts.text[q.end : sent.end_char])


def _only_space_or_cue(facts: QuoteFacts, prev: Candidate, q: Quoted) -> bool:
    """'“A,” he said, “B.”' or '“A,” he said. “B.”': B continues the quote of that cue."""
    if prev.kind == "colon":
        return False
    text = facts.text
    if prev.cue is not None and prev.cue_tok is not None and prev.cue.start < q.start:
        sent = facts.sents[facts.sent_of[prev.cue_tok]]
        if q.start < sent.end_char:
            return True
        if text[sent.end_char : q.start].strip(" \n\t\u00a0'`") == "":
            return True  # (the first of two apostrophes that open ''a quote'' is not its mark)
    end = max(e for _, e in prev.content)
    if prev.cue is not None:
        end = max(end, prev.cue.end)
    gap = text[end : q.start]
    if prev.speaker is not None and prev.speaker[0] >= end:
        gap = text[prev.speaker[1] : q.start]
    return len(gap.strip(" ,.;:\u00a0'`")) == 0


def _extend(facts: QuoteFacts, cand: Candidate) -> list[Range]:
    """The content's ranges grown to the quotations they overlap."""
    out = []
    cue_s = cand.cue.start if cand.cue else -1
    for s, e in cand.content:
        for q in facts.quoted:
            if not (q.start < e and s < q.end):
                continue
            cand.has_quote = True
            if q.start <= cue_s < q.end:
                # '“urged X to …”': the quote opens at the cue itself; extend to its end only
                if facts.text[q.start : cue_s].strip(" “\"'‘«") == "":
                    e = max(e, q.end)
            else:
                s, e = min(s, q.start), max(e, q.end)
        out.append((s, e))
    return sorted(out)
