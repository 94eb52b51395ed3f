"""Timestamps: parse every input form the reference lists (and what real clients send), format UTC.

Accepted (time zone absent -> UTC): YYYY-MM-DD, YYYY-MM-DDTHH:MM, YYYY-MM-DDTHH:MMZ,
YYYY-MM-DDTHH:MM:SS, YYYY-MM-DDTHH:MM:SSZ, YYYY-MM-DDTHH:MM:SS±hh:mm, ±hh, ±hhmm, plus
fractions of a second (.123, .123456) and a space instead of the T, as real clients send.
"""

from __future__ import annotations

import calendar
import re
import time

_DATE_RE = re.compile(
    r"^(?P<y>\d{4})-(?P<mo>\d{2})-(?P<d>\d{2})"
    r"(?:[T ](?P<h>\d{2}):(?P<mi>\d{2})(?::(?P<s>\d{2})(?:\.(?P<frac>\d{1,9}))?)?"
    r"(?P<tz>Z|z|[+-]\d{2}(?::?\d{2})?)?)?$"
)


def parse_datetime(value: str) -> float | None:
    """Epoch seconds for an accepted date string, None when it is not one."""
    if not isinstance(value, str):
        return None
    m = _DATE_RE.match(value.strip())
    if not m:
        return None
    try:
        y, mo, d = int(m["y"]), int(m["mo"]), int(m["d"])
        h = int(m["h"] or 0)
        mi = int(m["mi"] or 0)
        s = int(m["s"] or 0)
        if not (1 <= mo <= 12 and 1 <= d <= calendar.monthrange(y, mo)[1] and h < 24 and mi < 60 and s < 60):
            return None
    except ValueError:
        return None
    epoch = float(calendar.timegm((y, mo, d, h, mi, s, 0, 0, 0)))
    if m["frac"]:
        epoch += float("0." + m["frac"])
    tz = m["tz"]
    if tz and tz not in ("Z", "z"):
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        hours = int(digits[:2])
        minutes = int(digits[2:4] or 0)
        if hours > 14 or minutes >= 60:
            return None
        epoch -= sign * (hours * 3600 + minutes * 60)
    return epoch


def fmt(epoch: float | None) -> str | None:
    """YYYY-MM-DDTHH:MM:SSZ, the only form the API returns."""
    if epoch is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(epoch)))


def day_start(epoch: float) -> float:
    return float(int(epoch) // 86400 * 86400)
