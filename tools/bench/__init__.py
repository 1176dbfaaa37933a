"""The performance benchmark, ``python -m tools.bench`` (``__main__`` says what it measures), one
module per measurement:

- ``common``: the texts, word counts, rates and percentiles every measurement shares;
- ``inprocess``: raw ``nlp.pipe`` of the stock model and of the service's pipeline, the engine;
- ``http_runs``: traffic to a running service (batch and single requests, paired runs);
- ``serving``: the service under gunicorn (throughput, latency, memory), workers pinned;
- ``scaling``: one worker against two, and the machine's own scaling;
- ``report``: the targets' ratios with pass/fail, and the printed tables;
- ``server``: a gunicorn service started as ``make run`` does;
- ``corpus``, ``annotations``, ``language``: corpus mode, the pipeline's annotations against the
  stock model's, language detection (commands of their own).
"""
