"""The date the site is built on, reproducibly."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime


def today() -> date:
    """Today's date, or the date in SOURCE_DATE_EPOCH so that a rebuild of the same commit is identical."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).date()
    return date.today()
