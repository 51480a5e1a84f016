"""The systems Rejoinder is measured against, each behind the same ``fit_score`` call.

``fit_score(train, y, test) -> np.ndarray`` trains on ``train`` only and returns P(spam) for
every comment of ``test``, so the quality benchmark treats every system exactly alike.
"""
