"""Corpus mode: many articles in JSON Lines, one answer a line, on one machine or a Dask cluster.

Where things are, in the order a line travels:

- ``inputs``: INPUT arguments (files, directories, globs, fsspec URLs) to sources, sources to
  shards (a file, or a fixed-size byte range of a large uncompressed one), shards to raw lines;
- ``records``: a raw line to an ``Item`` (a text to analyse, or why the line is refused);
- ``runner``: items to answers with the engine, in one process (a worker's pipeline is loaded
  once per process and kept);
- ``parts``: the output directory: part files written atomically, the manifest, resume;
- ``task``: one shard end to end, as a Dask task runs it on a worker;
- ``local``: ``corpus IN.jsonl OUT.jsonl``, the engine in a pool of local processes;
- ``cluster``: ``corpus INPUT... OUT_DIR --dask N|ADDRESS``, the driver of a Dask run.

Nothing here is imported by the web layer: a gunicorn worker never loads Dask.
"""
