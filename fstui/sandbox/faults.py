"""Fault injection for /api/v2 requests (off by default), deterministic under a seed.

Each API request draws one number from a seeded generator and walks the probabilities in this
order: rate_429, rate_500, drop, slow, timeout_after_apply. So the same seed and the same sequence
of requests give the same faults.

- rate_429: answered 429 with Retry-After (``retry_after`` seconds, default 1); nothing applied.
- rate_500: answered 500; nothing applied.
- drop: the connection is closed without a response; nothing applied.
- slow: answered normally after ``slow_seconds`` (default 1.5).
- timeout_after_apply: for writes (POST/PUT/DELETE) the request is applied, then the response is
  held for ``timeout_seconds`` (default 35, longer than a client's usual read timeout), so the
  client cannot know the outcome and has to reconcile. For reads it is no fault.
- late_apply: for writes the request is held for ``late_seconds`` (default 45, longer than a client's
  read timeout) and only then applied (a slow proxy or a queued server): the client has given up and
  found nothing when it looked. For reads it is no fault.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, fields

FAULT_KINDS = ("rate_429", "rate_500", "drop", "slow", "timeout_after_apply", "late_apply")


@dataclass
class FaultConfig:
    rate_429: float = 0.0
    rate_500: float = 0.0
    drop: float = 0.0
    slow: float = 0.0
    timeout_after_apply: float = 0.0
    seed: int = 0
    retry_after: int = 1
    slow_seconds: float = 1.5
    timeout_seconds: float = 35.0
    late_apply: float = 0.0
    late_seconds: float = 45.0

    @classmethod
    def from_dict(cls, data: dict | None) -> FaultConfig:
        data = dict(data or {})
        known = {f.name: f for f in fields(cls)}
        unknown = set(data) - set(known)
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        kwargs = {}
        for name, value in data.items():
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"{name} must be a number")
            if name in FAULT_KINDS and not 0.0 <= value <= 1.0:
                raise ValueError(f"{name} must be a probability between 0 and 1")
            kwargs[name] = int(value) if name in ("seed", "retry_after") else float(value)
        return cls(**kwargs)

    @classmethod
    def parse_spec(cls, spec: str | None) -> FaultConfig:
        """Parse the CLI form ``rate_429=0.1,drop=0.05,seed=3`` (JSON objects are accepted too)."""
        if not spec:
            return cls()
        spec = spec.strip()
        if spec.startswith("{"):
            import json

            return cls.from_dict(json.loads(spec))
        data: dict[str, float] = {}
        for part in spec.split(","):
            if not part.strip():
                continue
            key, _, value = part.partition("=")
            data[key.strip()] = float(value)
        return cls.from_dict(data)

    @property
    def active(self) -> bool:
        return any(getattr(self, kind) > 0 for kind in FAULT_KINDS)

    def to_dict(self) -> dict:
        return asdict(self)


class FaultInjector:
    def __init__(self, config: FaultConfig | dict | None = None) -> None:
        self.configure(config)

    def configure(self, config: FaultConfig | dict | None) -> None:
        if not isinstance(config, FaultConfig):
            config = FaultConfig.from_dict(config)
        self.config = config
        self.rng = random.Random(config.seed)
        self.counts = {kind: 0 for kind in FAULT_KINDS}

    def decide(self, method: str) -> str | None:
        """The fault for the next API request, or None."""
        cfg = self.config
        if not cfg.active:
            return None
        u = self.rng.random()
        edge = 0.0
        for kind in FAULT_KINDS:
            edge += getattr(cfg, kind)
            if u < edge:
                if kind in ("timeout_after_apply", "late_apply") and method not in ("POST", "PUT", "DELETE"):
                    return None
                self.counts[kind] += 1
                return kind
        return None
