"""partyreview: the review workflow of Vietnamese Communist Party cells (chi bộ), as typed Python."""

from __future__ import annotations
