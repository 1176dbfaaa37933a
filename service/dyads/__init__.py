"""Who is critical of whom, over time: the stances of a corpus's answers as a dyad table.

``python -m service aggregate RESULTS... OUT --by day|week|month`` reads the JSON Lines answers
of the corpus mode and counts every stance once, under (source principal, target principal,
period):

1. **Facts** (``facts``): each stance of each answer with its two principals, keyed alike in
   every article (ISO codes for states, one canonical name for an organisation, a group or a
   person who speaks for no one), its date (its quote's ``time``, else the article's) and its
   evidence.
2. **Cells** (``table``): the counts of critical, supportive and neutral statements per dyad
   and period, summed shard by shard; the net score ``(supportive - critical) / n`` and its
   interval; the table as Parquet and CSV.
3. **Run** (``run``): one task per shard of the inputs, here or on Dask; the same table either
   way.
4. **Report** (``report``): one self-contained HTML page of the table.
"""
