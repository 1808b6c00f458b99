"""Step 2c, the instruments' rules (SPEC-instruments.md), for a kind whose ``x-status`` names its
``instruments`` field:

1. every date of an instrument is carried by an event that names it, on that date;
2. an instrument's status is carried by the latest event that names it with a status;
3. the partnership's status and status_confirmed are derived from its instruments', and its
   minerals are the union of theirs;
4. event, instrument and commitment ids are unique and every reference to them resolves;
5. a delivered or partly delivered commitment shows an event other than its announcement, backed
   by an official source or by two non-secondary sources of different publishers.
"""

from __future__ import annotations

from collections import Counter

from .kinds import Kind
from .lifecycle import derive, instrument_events, instrument_standing, rank
from .load import Document
from .problems import Problem, format_path

SHOWN_DELIVERED = ("delivered", "partly-delivered")  # deliveries an event must show
PRIMARY = "official"  # a source kind that backs a delivery alone
COPY = "secondary"  # a source kind that never backs one


def check_instruments(document: Document, kind: Kind, names: dict, sources: dict[str, Document]) -> list[Problem]:
    """Problems with the instruments, their events and their commitments in one document."""
    data = document.data
    field = names["instruments"]
    instruments, events = data[field], data.get(names["events"], [])

    def problem(path: tuple, message: str) -> Problem:
        return Problem(document.file, document.line_of(path), format_path(path), message)

    problems = _unique_ids(events, (names["events"],), "event", problem)
    problems += _unique_ids(instruments, (field,), "instrument", problem)
    known = {i["id"] for i in instruments}
    event_ids = {e["id"] for e in events if "id" in e}
    for index, event in enumerate(events):
        if "instrument" in event and event["instrument"] not in known:
            problems.append(
                problem(
                    (names["events"], index, "instrument"),
                    f"'{event['instrument']}' is not an instrument of this file; use one of: {', '.join(sorted(known))}",
                )
            )
    for index, instrument in enumerate(instruments):
        path = (field, index)
        problems += _dates(data, instrument, path, problem)
        problems += _status(data, instrument, path, kind, problem)
        commitments = instrument.get("commitments", [])
        problems += _unique_ids(commitments, path + ("commitments",), "commitment", problem)
        for number, commitment in enumerate(commitments):
            problems += _commitment(commitment, path + ("commitments", number), event_ids, events, sources, problem)
    return problems + _derived(data, instruments, kind, names, problem)


def _unique_ids(items: list[dict], path: tuple, what: str, problem) -> list[Problem]:
    counts = Counter(item.get("id") for item in items if "id" in item)
    seen: set[str] = set()
    found = []
    for index, item in enumerate(items):
        if counts.get(item.get("id"), 0) > 1 and item["id"] in seen:
            found.append(
                problem(
                    path + (index, "id"), f"{what} id '{item['id']}' is used more than once here; give each {what} its own id"
                )
            )
        seen.add(item.get("id"))
    return found


def _dates(data: dict, instrument: dict, path: tuple, problem) -> list[Problem]:
    carried = {event["date"] for event in instrument_events(data, instrument["id"])}
    return [
        problem(
            path + ("dates", key),
            f"no timeline event names '{instrument['id']}' on {date}; add "
            f"'instrument: {instrument['id']}' to the event of that date, or correct the date",
        )
        for key, date in instrument.get("dates", {}).items()
        if date not in carried
    ]


def _status(data: dict, instrument: dict, path: tuple, kind: Kind, problem) -> list[Problem]:
    status = instrument["status"]
    carrying = [e for e in instrument_events(data, instrument["id"]) if e.get("status")]
    if not carrying:
        established = kind.field_schema("status")[0].get("x-established-by", {}).get(status, "an event")
        return [
            problem(
                path + ("status",),
                f"'{status}' needs a timeline event with 'instrument: {instrument['id']}' "
                f"and 'status: {status}' ({established}); add that event with its source",
            )
        ]
    latest = max(carrying, key=lambda event: event["date"])
    if latest["status"] != status:
        return [
            problem(
                path + ("status",),
                f"the latest event that names '{instrument['id']}' with a status "
                f"({latest['date']}) says '{latest['status']}', not '{status}'; "
                f"set the status the events prove, or add the event that establishes it",
            )
        ]
    return []


def _commitment(commitment: dict, path: tuple, event_ids: set, events: list[dict], sources: dict, problem) -> list[Problem]:
    problems = []
    named = [("announced", commitment["announced"])] + [
        (("delivered_by", n, "event"), d["event"]) for n, d in enumerate(commitment.get("delivered_by", []))
    ]
    for where, event_id in named:
        if event_id not in event_ids:
            where = where if isinstance(where, tuple) else (where,)
            problems.append(
                problem(
                    path + where,
                    f"no timeline event has the id '{event_id}'; give the event "
                    f"'id: {event_id}', or name an event id of this file",
                )
            )
    if commitment["delivery"] not in SHOWN_DELIVERED:
        return problems
    shown = [(n, d["event"]) for n, d in enumerate(commitment.get("delivered_by", [])) if d["event"] != commitment["announced"]]
    if not shown:
        problems.append(
            problem(
                path + ("delivered_by",),
                f"'{commitment['delivery']}' needs a delivered_by event other "
                f"than the announcement; name the event that shows delivery, "
                f"or set the delivery the events show",
            )
        )
    by_id = {event["id"]: event for event in events if "id" in event}
    for number, event_id in shown:
        if event_id in by_id and not _backed(by_id[event_id], sources):
            problems.append(
                problem(
                    path + ("delivered_by", number, "event"),
                    f"the event '{event_id}' does not show delivery on its own: cite an {PRIMARY} "
                    f"source for it, or two sources of different publishers that are not {COPY}",
                )
            )
    return problems


def _backed(event: dict, sources: dict[str, Document]) -> bool:
    cited = [sources[s].data for s in event.get("sources", []) if s in sources]
    if any(source.get("kind") == PRIMARY for source in cited):
        return True
    return len({source.get("publisher") for source in cited if source.get("kind") != COPY}) >= 2


def _derived(data: dict, instruments: list[dict], kind: Kind, names: dict, problem) -> list[Problem]:
    problems = []
    derived = derive([instrument_standing(data, i) for i in instruments], rank(kind))
    if data.get(names["status"]) != derived.status:
        problems.append(
            problem(
                (names["status"],),
                f"'{data.get(names['status'])}' is not the highest status among the instruments; use '{derived.status}'",
            )
        )
    elif derived.since and data.get(names["date"]) != derived.since:
        problems.append(
            problem(
                (names["date"],),
                f"{data.get(names['date'])} is not the earliest date since which an "
                f"instrument has been '{derived.status}'; use {derived.since}",
            )
        )
    covered = {m for i in instruments for m in i.get("minerals", [])}
    listed = set(data.get("minerals", []))
    if listed != covered:
        missing, extra = sorted(covered - listed), sorted(listed - covered)
        parts = ([f"add {', '.join(missing)}"] if missing else []) + (
            [f"remove {', '.join(extra)} (or add an instrument that covers it)"] if extra else []
        )
        problems.append(problem(("minerals",), f"the minerals must be those of the instruments; {'; '.join(parts)}"))
    return problems
