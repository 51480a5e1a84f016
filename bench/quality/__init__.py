"""Spam-filter quality benchmark: Rejoinder, TF-IDF + naive Bayes and SpamAssassin Bayes, side by side.

Run ``python -m bench.quality``; the method is in ``bench/RESULTS.md`` ("Spam filter quality").
Modules: ``corpora`` (data), ``splits``, ``systems``, ``experiment`` (runs jobs), ``report``
(tables, charts), ``targets`` (issue 2's targets), ``shipped`` (the shipped model on unseen data).
"""
