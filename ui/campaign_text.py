"""The campaign pages' adaptable words (ui/campaign_text.yaml), read once."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

TEXT_FILE = Path(__file__).with_name("campaign_text.yaml")


@cache
def campaign_text(key: str) -> str:
    """One text of ui/campaign_text.yaml ("consent", "observer_thanks"), trimmed."""
    texts = yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))
    return " ".join(texts[key].split())
