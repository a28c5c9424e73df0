"""What is decided after a document is checked: the baseline, ``--fail-on`` and
``--min-score``.

A checked report depends on what was checked (the checks, the model, the weights, the
text) and nothing else, so that the result cache can key it by exactly that: running again
with another ``--fail-on``, ``--min-score`` or baseline reuses every cached report and only
decides again. ``decide`` turns a checked report into the run's report.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from mtqa.config import Config
from mtqa.findings import Finding, Report, Severity


@dataclass(frozen=True)
class Gate:
    """When a document fails the run: a finding at least ``fail_on`` (None: never), or an
    overall score below ``min_score``."""

    fail_on: Severity | None = Severity.MAJOR
    min_score: float | None = None

    @classmethod
    def of(cls, config: Config) -> Gate:
        return cls(config.fail_on, config.min_score)

    def fails(self, finding: Finding) -> bool:
        return self.fail_on is not None and finding.severity >= self.fail_on

    def below(self, report: Report) -> bool:
        return self.min_score is not None and report.score.overall < self.min_score

    def flags(self, report: Report) -> bool:
        return any(self.fails(f) for f in report.findings) or self.below(report)

    def sign(self, check_signature: str) -> str:
        """The run's signature: what was checked, and the gate."""
        fail_on = self.fail_on.label if self.fail_on is not None else "never"
        return f"{check_signature}|fail-on:{fail_on}"


def decide(report: Report, config: Config, signature: str) -> Report:
    """The run's report of a checked ``report``: the findings of ``config``'s baseline
    hidden (and the score recomputed without them), ``flagged`` by its gate, and the run's
    ``signature``."""
    from mtqa.suppression import hide_baselined

    report = hide_baselined(report, config)
    return dataclasses.replace(report, flagged=Gate.of(config).flags(report), signature=signature)
