"""Synthetic data for benchmarks: N times the real data's file counts and reference density.

The data is random but reproducible (seeded) and passes every rule the validator applies:
official claims cite an official source, each partnership's status comes from its instruments,
each established by a timeline event that names it and carries its status, a delivered
commitment is shown by an officially sourced event, every source is cited, and no dated event
is told twice from the same source.
"""

from __future__ import annotations

import datetime
import json
import random
from pathlib import Path

import yaml

from .lifecycle import derive, instrument_standing
from .output import write_tree

KINDS = ["sources", "countries", "minerals", "organizations", "policies", "partnerships"]
WORDS = (
    "india signed agreement lithium cobalt rare earth supply chain exploration mining ministry "
    "processing investment cooperation critical minerals deposits joint venture partnership "
    "government announced reported project battery magnets refining blocks tonnes said"
).split()
REVIEWED = datetime.date(2026, 1, 15)
STATUSES = ["in-talks", "signed", "adopted", "in-force", "stalled"]
# the rank of statuses, from the schema beside this package (the project the benchmarks build)
RANK = json.loads((Path(__file__).resolve().parents[1] / "schemas" / "partnerships.schema.json").read_text(encoding="utf-8"))[
    "properties"
]["status"]["x-rank"]


class Synth:
    """Random but reproducible values and references for one synthetic data set."""

    def __init__(self, counts: dict[str, int], seed: int = 1):
        self.rng = random.Random(seed)
        self.ids = {kind: [f"{kind}-{i:05d}" for i in range(n)] for kind, n in counts.items()}
        # every fourth source is official (and has a URL), so official claims can cite one
        self.official = [ident for i, ident in enumerate(self.ids["sources"]) if i % 4 == 0]
        self.told: set[tuple] = set()  # (date, source) of every event: no event is told twice
        self.cited: set[str] = set()

    def text(self, words: int) -> str:
        return " ".join(self.rng.choices(WORDS, k=words)).capitalize() + "."

    def date(self) -> datetime.date:
        """A day from 2010 to 2023: a delivery up to 700 days later is still before REVIEWED (no
        date may pass the data's today)."""
        return datetime.date(2010, 1, 1) + datetime.timedelta(days=self.rng.randrange(14 * 365))

    def count(self, mean: float, minimum: int = 0) -> int:
        """About `mean`: randomly up to one fewer or one more, at least `minimum`."""
        return max(minimum, round(mean + self.rng.uniform(-1, 1)))

    def refs(self, kind: str, mean: float, minimum: int = 0) -> list[str]:
        """About `mean` distinct ids of `kind`."""
        k = self.count(mean, minimum)
        return self.rng.sample(self.ids[kind], min(k, len(self.ids[kind])))

    def pick(self, *options):
        return self.rng.choice(options)

    def cite(self, mean: float, evidence: str = "reported") -> list[str]:
        """About `mean` sources (at least one), with an official one for an official claim."""
        ids = self.refs("sources", mean, 1)
        if evidence == "official" and not set(ids) & set(self.official):
            ids[0] = self.rng.choice(self.official)
        ids = list(dict.fromkeys(ids))
        self.cited.update(ids)
        return ids

    def claim(self, mean: float) -> tuple[str, list[str]]:
        evidence = self.pick("official", "attributed", "reported")
        return evidence, self.cite(mean, evidence)

    def facts(self, mean: float) -> list[dict]:
        found = []
        for _ in range(self.count(mean)):
            evidence, sources = self.claim(1.5)
            found.append(
                {
                    "topic": self.pick("reserves", "production", "producers", "refining", "measures", "other"),
                    "date": self.date(),
                    "text": self.text(30),
                    "evidence": evidence,
                    "sources": sources,
                }
            )
        return found

    def event(self, date: datetime.date, status: str | None = None, evidence: str | None = None, **names) -> dict:
        """One timeline event on `date` or, if that event is already told from a source, a later day;
        names are its id and instrument."""
        evidence, sources = (evidence, self.cite(1.5, evidence)) if evidence else self.claim(1.5)
        while any((date, s) in self.told for s in sources):
            date += datetime.timedelta(days=1)
        self.told.update((date, s) for s in sources)
        return {
            "date": date,
            **names,
            "event": self.text(28),
            "evidence": evidence,
            **({"status": status} if status else {}),
            "sources": sources,
        }

    def timeline(self, mean: float) -> list[dict]:
        """About `mean` events, oldest first."""
        return sorted((self.event(self.date()) for _ in range(self.count(mean))), key=lambda e: e["date"])


# One generator per kind: (synth, index) -> the document without its id.


def source(s: Synth, i: int) -> dict:
    official = i % 4 == 0
    doc = {
        "title": s.text(10),
        "publisher": "Press Information Bureau" if official else s.pick("Reuters", "The Hindu", "Mint", "ORF"),
        "kind": "official" if official else s.pick("news", "news", "research"),
        "date": s.date(),
        "url": f"https://{'pib.gov.in' if official else 'news.example.org'}/{i}/{s.rng.randrange(10**6)}",
        "accessed": REVIEWED,
    }
    if i % 4 == 3:  # a quarter were not opened: no url, a note for review instead
        del doc["url"]
        doc["for_review"] = [s.text(15)]
    return doc


def country(s: Synth, i: int) -> dict:
    return {
        "name": f"Country {i}",
        "region": s.pick("Africa", "Europe", "Latin America", "Central Asia", "Oceania"),
        "summary": s.text(60),
        "sources": s.cite(2.5),
        "last_reviewed": REVIEWED,
    }


def mineral(s: Synth, i: int) -> dict:
    return {
        "name": f"Mineral {i}",
        "symbol": f"M{i}",
        "group": s.pick("battery-minerals", "rare-earth-elements", "technology-metals", "industrial-minerals"),
        "critical_list_2023": i % 3 != 0,
        "summary": s.text(45),
        "uses": [s.text(5) for _ in range(3)],
        "facts": s.facts(5),
        "sources": s.cite(5.5),
        "last_reviewed": REVIEWED,
    }


def organization(s: Synth, i: int) -> dict:
    doc = {
        "name": f"Organization {i}",
        "abbreviation": f"ORG{i}",
        "type": s.pick("ministry", "agency", "public-sector-company", "company"),
        "country": s.pick(*s.ids["countries"]),
        "summary": s.text(50),
        "facts": s.facts(1.4),
        "sources": s.cite(3),
        "last_reviewed": REVIEWED,
    }
    if i and i % 3 == 0:  # parents point to earlier organizations only, so they never loop
        doc["parents"] = [s.ids["organizations"][s.rng.randrange(i)]]
    return doc


def policy(s: Synth, i: int) -> dict:
    return {
        "name": f"Policy {i}",
        "type": s.pick("mission", "scheme", "auction", "strategy"),
        "country": s.pick(*s.ids["countries"]),
        "launched": s.date(),
        "organizations": s.refs("organizations", 1.5),
        "members": s.refs("countries", 1.7),
        "minerals": s.refs("minerals", 4),
        "summary": s.text(50),
        "timeline": s.timeline(2.6),
        "facts": s.facts(2.3),
        "for_review": [s.text(20)],
        "sources": s.cite(5.5),
        "last_reviewed": REVIEWED,
    }


def commitment(s: Synth, n: int, announced: dict, timeline: list[dict]) -> dict:
    """A promise announced by an instrument's status event; a delivered one is shown by a later,
    officially sourced event."""
    evidence, sources = s.claim(1.5)
    doc = {
        "id": f"c{n}",
        "text": s.text(20),
        "kind": s.pick("finance", "asset", "offtake", "project", "study"),
        "strength": s.pick("aspiration", "intent", "pledge", "binding"),
        "quantity": s.pick("unquantified", {"value": s.rng.randrange(1, 500), "unit": s.pick("USD million", "INR crore")}),
        "deadline": "none_stated",
        "announced": announced["id"],
        "delivery": s.pick("announced", "in-progress", "delivered"),
        "delivery_basis": s.pick("stated", "inferred"),
    }
    if doc["delivery"] == "delivered":
        shown = s.event(
            announced["date"] + datetime.timedelta(days=s.rng.randrange(30, 700)),
            evidence="official",
            id=f"{announced['instrument']}-c{n}-delivered",
            instrument=announced["instrument"],
        )
        timeline.append(shown)
        doc["delivered_by"] = [{"event": shown["id"]}]
    return {**doc, "last_checked": REVIEWED, "evidence": evidence, "sources": sources}


def instrument(s: Synth, n: int, minerals: list[str], timeline: list[dict]) -> dict:
    """One instrument of a partnership, its status established by an event added to the timeline."""
    status, evidence = s.pick(*STATUSES), s.pick("official", "attributed", "reported")
    ident = f"i{n}"
    established = s.event(s.date(), status, id=f"{ident}-{status}", instrument=ident)
    timeline.append(established)
    doc = {
        "id": ident,
        "title": s.text(8),
        "type": s.pick("mou", "agreement", "framework", "joint-statement"),
        "countries": s.refs("countries", 1),
        "organizations": s.refs("organizations", 1),
        "minerals": s.rng.sample(minerals, s.rng.randint(1, len(minerals))),
        "stages": s.rng.sample(["exploration", "mining", "processing", "recycling", "investment"], 2),
        "status": status,
        "evidence": evidence,
    }
    if status in ("signed", "adopted", "in-force"):
        doc["dates"] = {"signed": established["date"]}
    doc["sources"] = s.cite(2, evidence)
    if status in ("signed", "in-force"):
        doc["commitments"] = [commitment(s, k, established, timeline) for k in range(s.count(1))]
    return doc


def partnership(s: Synth, i: int) -> dict:
    minerals = s.refs("minerals", 4, 1)
    timeline = s.timeline(2)
    instruments = [instrument(s, n, minerals, timeline) for n in range(s.count(1.5, 1))]
    instruments[0]["minerals"] += [m for m in minerals if all(m not in i["minerals"] for i in instruments)]
    timeline.sort(key=lambda event: event["date"])
    derived = derive([instrument_standing({"timeline": timeline}, i) for i in instruments], RANK)
    evidence = s.pick("official", "attributed", "reported")
    return {
        "title": f"India and partners on minerals, agreement {i}",
        "summary": s.text(60),
        "countries": s.refs("countries", 2, 1),
        "organizations": s.refs("organizations", 1),
        "indian_bodies": s.refs("organizations", 2),
        "policies": s.refs("policies", 0.6),
        "instrument": s.pick("talks", "mou", "agreement", "framework"),
        "status": derived.status,
        "status_confirmed": derived.since,
        "evidence": evidence,
        "minerals": minerals,
        "stages": s.rng.sample(["exploration", "mining", "processing", "recycling", "investment"], 3),
        "instruments": instruments,
        "timeline": timeline,
        "facts": s.facts(1.4),
        "for_review": [s.text(20), s.text(20)],
        "sources": s.cite(4, evidence),
        "last_reviewed": REVIEWED,
        "last_searched": REVIEWED,
    }


GENERATORS = {
    "sources": source,
    "countries": country,
    "minerals": mineral,
    "organizations": organization,
    "policies": policy,
    "partnerships": partnership,
}


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:  # the loader refuses anchors and aliases
        return True


def counts(data_dir: Path) -> dict[str, int]:
    """Files per kind in a data folder."""
    return {kind: len(list((data_dir / kind).glob("*.yaml"))) for kind in KINDS}


def synthesize(real: dict[str, int], scale: int, seed: int = 1) -> dict[str, str]:
    """Synthetic data files (path -> YAML text) at `scale` times the given counts per kind."""
    synth = Synth({kind: n * scale for kind, n in real.items()}, seed)
    documents = {kind: [{"id": ident, **GENERATORS[kind](synth, i)} for i, ident in enumerate(synth.ids[kind])] for kind in KINDS}
    # a source nobody drew is cited by one country's file list, so no source is an orphan
    countries = documents["countries"]
    for n, ident in enumerate(i for i in synth.ids["sources"] if i not in synth.cited):
        countries[n % len(countries)]["sources"].append(ident)
    files = {}
    for kind, docs in documents.items():
        for doc in docs:
            header = f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json\n"
            files[f"{kind}/{doc['id']}.yaml"] = header + yaml.dump(
                doc, Dumper=_NoAliases, sort_keys=False, allow_unicode=True, width=100
            )
    return files


def write_synthetic(real_data: Path, out: Path, scale: int, seed: int = 1) -> int:
    """Write synthetic data at `scale` into the folder `out` (replaced whole); return the file count."""
    files = synthesize(counts(real_data), scale, seed)
    write_tree(out, files)
    return len(files)
