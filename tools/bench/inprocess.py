"""The in-process measurements: raw ``nlp.pipe`` of the stock model and of the service's pipeline
(the limit), and the engine (parse + rules, with the JSON dump and language detection beside)."""

from __future__ import annotations

import json
import time
from typing import Any

from tools.bench.common import raw_rate, words


def stage_raw(
    pipelines: dict[str, Any], texts: list[str], batch_size: int
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """Raw ``nlp.pipe`` words/s of each pipeline (the first is the limit), taken in turn a batch
    at a time so that drift hits all alike. Also returns the sentences for the memory stage."""
    for nlp in pipelines.values():
        list(nlp.pipe(texts[:8], batch_size=batch_size))  # warm-up
    sents: list[str] = []
    wall = dict.fromkeys(pipelines, 0.0)
    cpu = dict.fromkeys(pipelines, 0.0)
    first = next(iter(pipelines))
    for lo in range(0, len(texts), batch_size):
        chunk = texts[lo : lo + batch_size]
        for name, nlp in pipelines.items():
            # Stream the docs as the service does: holding them all alive makes the raw pass pay
            # for memory the other stages never allocate, and understates the limit.
            docs = nlp.pipe(chunk, batch_size=batch_size)
            while True:
                t0, c0 = time.perf_counter(), time.thread_time()
                doc = next(docs, None)
                wall[name] += time.perf_counter() - t0
                cpu[name] += time.thread_time() - c0
                if doc is None:
                    break
                if name == first:
                    sents.extend(s.text.strip() for s in doc.sents)
    n = sum(map(words, texts))
    return {name: raw_rate(n, wall[name], cpu[name]) for name in pipelines}, sents


def stage_engine(nlp: Any, texts: list[str], batch_size: int) -> dict[str, Any]:
    """The engine's words/s (parse + rules), and with the API's JSON dump on top; and the time of
    the language detection the API runs on each text, against the parse's."""
    from service.api import Api
    from service.nlp import engine, language

    api = Api(nlp)
    n = sum(map(words, texts))
    parse = rules = dump = cpu = lang = 0.0
    last = time.perf_counter()
    cpu_last = time.process_time()
    for text, doc in zip(texts, nlp.pipe(texts, batch_size=batch_size), strict=True):
        t1 = time.perf_counter()
        analysis = engine.analyze_doc(doc)
        t2 = time.perf_counter()
        cpu += time.process_time() - cpu_last
        json.dumps(api.dump(analysis, None, 0.0, text), ensure_ascii=False)
        t3 = time.perf_counter()
        language.detect(text)
        t4 = time.perf_counter()
        parse += t1 - last
        rules += t2 - t1
        dump += t3 - t2
        lang += t4 - t3
        last = t4
        cpu_last = time.process_time()
    return {
        "words": n,
        "parse_s": parse,
        "rules_s": rules,
        "dump_s": dump,
        "language_s": lang,
        "words_per_s": n / (parse + rules),
        "words_per_s_with_dump": n / (parse + rules + dump),
        "words_per_cpu_s": n / cpu,
    }
