"""Times as the viewer reads them: in the browser's time zone, which Streamlit reports."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import streamlit as st


def viewer_zone() -> ZoneInfo:
    """The browser's time zone, or UTC when it does not say (or names an unknown zone)."""
    try:
        return ZoneInfo(st.context.timezone or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_time(moment: datetime, pattern: str = "%H:%M") -> str:
    """A stored (UTC) time in the viewer's zone; names the zone only when it is UTC, as
    a hint that the browser did not say."""
    zone = viewer_zone()
    text = moment.astimezone(zone).strftime(pattern)
    return f"{text} UTC" if zone.key == "UTC" else text


def now() -> datetime:
    return datetime.now(UTC)
