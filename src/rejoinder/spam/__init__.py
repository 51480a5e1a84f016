"""Rejoinder's spam engine: local, explainable, fast; numpy is its only run-time dependency.

    engine = Engine.load()                      # the model shipped in spam/models/default/
    verdict = engine.check(comment, context=SiteContext(...), site_model=site_model)

Pipeline, one module per step: ``fields`` (coerce any input) -> ``normalise`` (undo obfuscation)
-> ``urls`` and ``signals`` (links, metadata, form signals) -> ``hashing`` and ``features``
(vectorised n-gram hashing) -> ``model`` (logistic regression) -> ``site`` (per-site learning)
-> ``explain`` (reasons) -> ``engine`` (decision). ``artifact`` reads and writes model files.
"""

from rejoinder.spam.artifact import ModelFileError
from rejoinder.spam.context import SiteContext, Thresholds
from rejoinder.spam.engine import Engine, decide
from rejoinder.spam.model import SpamModel
from rejoinder.spam.normalise import fingerprint
from rejoinder.spam.site import FitJob, SiteModel

__all__ = [
    "Engine",
    "FitJob",
    "ModelFileError",
    "SiteContext",
    "SiteModel",
    "SpamModel",
    "Thresholds",
    "decide",
    "fingerprint",
]
