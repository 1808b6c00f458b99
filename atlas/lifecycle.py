"""Where an instrument, a partnership (overall and per mineral) and a commitment stand.

One place for the lifecycle rules of SPEC-instruments.md, used by the validator, the pages, the
overviews and the exports:

- an instrument's status is **since** the date of the latest event that names it and carries a
  status, and **last confirmed** on the date of its latest event of any kind;
- a partnership's status is the highest-ranked (``x-rank`` in the schema) among its instruments,
  since the earliest date an instrument has held it; per mineral, the same over the instruments
  that cover the mineral;
- talks (or a commitment announced or in progress) with no event for 24 months read as stalled,
  inferred; after 48 months they are also listed for review as possibly lapsed. Inference counts
  from the data's as-of date, never the clock, and is never stored.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime

STALLED_AFTER_MONTHS = 24
LAPSING_AFTER_MONTHS = 48
INFERRED_STATUSES = ("requested", "in-talks", "under-consideration")
INFERRED_DELIVERIES = ("announced", "in-progress")
STALLED = "stalled"


def months_before(date: str, months: int) -> str:
    """The calendar date `months` before date (a day the month lacks becomes its last day)."""
    day = datetime.date.fromisoformat(date)
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last)).isoformat()


def rank(kind) -> list[str]:
    """Statuses, highest first, as the kind's schema ranks them (``x-rank`` on ``status``)."""
    return kind.field_schema("status")[0]["x-rank"]


@dataclasses.dataclass(frozen=True)
class Standing:
    """A status with its dates, and whether it reads as stalled by inference."""

    status: str
    since: str | None  # the date of the event that established it
    confirmed: str | None  # the date of the latest event
    inferred: bool = False  # no event for STALLED_AFTER_MONTHS: reads "stalled (inferred)"
    lapsing: bool = False  # no event for LAPSING_AFTER_MONTHS: for review as possibly lapsed

    @property
    def shown(self) -> str:
        """The status a reader sees: stalled when inferred so."""
        return STALLED if self.inferred else self.status


def infer(standing: Standing, open_values, as_of: str | None) -> Standing:
    """The standing, stalled (inferred) if its value is still open and its latest event is old."""
    if as_of is None or standing.status not in open_values or not standing.confirmed:
        return standing
    return dataclasses.replace(
        standing,
        inferred=standing.confirmed < months_before(as_of, STALLED_AFTER_MONTHS),
        lapsing=standing.confirmed < months_before(as_of, LAPSING_AFTER_MONTHS),
    )


def instrument_events(data: dict, instrument_id: str) -> list[dict]:
    """The timeline events that name the instrument, in file order."""
    return [event for event in data.get("timeline", []) if event.get("instrument") == instrument_id]


def instrument_standing(data: dict, instrument: dict, as_of: str | None = None) -> Standing:
    """An instrument's status, since the latest event that names it with a status."""
    events = instrument_events(data, instrument["id"])
    since = max((event["date"] for event in events if event.get("status")), default=None)
    confirmed = max((event["date"] for event in events), default=None)
    return infer(Standing(instrument["status"], since, confirmed), INFERRED_STATUSES, as_of)


def derive(standings: list[Standing], rank: list[str], as_of: str | None = None) -> Standing | None:
    """The highest-ranked status among standings, since the earliest date one of them reached it,
    last confirmed on the latest; stalled (inferred) only when every one holding it is old."""
    if not standings:
        return None
    top = min((s.status for s in standings), key=rank.index)
    holding = [s for s in standings if s.status == top]
    since = min((s.since for s in holding if s.since), default=None)
    confirmed = max((s.confirmed for s in holding if s.confirmed), default=None)
    return infer(Standing(top, since, confirmed), INFERRED_STATUSES, as_of)


def partnership_standing(data: dict, rank: list[str], as_of: str | None = None, mineral: str | None = None) -> Standing | None:
    """The partnership's status overall or for one mineral (None: it does not cover the mineral)."""
    covering = [i for i in data["instruments"] if mineral is None or mineral in i["minerals"]]
    return derive([instrument_standing(data, i) for i in covering], rank, as_of)


def commitment_events(data: dict, commitment: dict) -> list[dict]:
    """The events a commitment names: its announcement, then those that show delivery."""
    named = [commitment["announced"]] + [d["event"] for d in commitment.get("delivered_by", [])]
    by_id = {event["id"]: event for event in data.get("timeline", []) if "id" in event}
    return [by_id[name] for name in named if name in by_id]


def commitment_standing(data: dict, commitment: dict, as_of: str | None = None) -> Standing:
    """A commitment's delivery, since its latest event: stalled (inferred) when long silent."""
    latest = max((event["date"] for event in commitment_events(data, commitment)), default=None)
    return infer(Standing(commitment["delivery"], latest, latest), INFERRED_DELIVERIES, as_of)
