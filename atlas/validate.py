"""Step 2, validate: check every document against its kind's schema, then across documents.

Every problem is collected (never only the first), with the file, the line, the field path,
what is wrong and how to fix it.
"""

from __future__ import annotations

from difflib import get_close_matches

from jsonschema import ValidationError

from .kinds import Kind, resolve
from .load import ID_PATTERN, Document
from .new import PLACEHOLDER, is_placeholder
from .problems import Problem, format_path
from .rules import check_rules

REVIEWED = "last_reviewed"  # the date a person last checked a page: the newest is the data's today
SUGGESTIONS_PER_FILE = 3  # unknown references in one file that get a did-you-mean search
TYPE_NAMES = {
    "string": "text",
    "array": "a list",
    "object": "a mapping of fields",
    "boolean": "true or false",
    "integer": "a whole number",
    "number": "a number",
    "null": "nothing",
}


def _found(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (dict, list)):
        return "a mapping" if isinstance(value, dict) else "a list"
    return repr(value)


def _did_you_mean(value, options) -> str:
    match = get_close_matches(str(value), [str(o) for o in options], n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def explain(error: ValidationError) -> tuple[tuple, str]:
    """Turn one JSON Schema error into (path, contributor-friendly message)."""
    path = tuple(error.absolute_path)
    keyword, value, schema = error.validator, error.instance, error.schema
    hint = schema.get("x-hint")
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        extra = sorted(set(value) - set(allowed), key=str)[0]
        return path + (extra,), f"unknown field '{extra}'{_did_you_mean(extra, allowed)}; allowed fields: {', '.join(allowed)}"
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in value]
        message = f"missing required field '{missing[0]}'"
        return path, f"{message}; {hint}" if hint else message
    if keyword == "enum":
        options = error.validator_value
        return (
            path,
            f"{_found(value)} is not allowed{_did_you_mean(value, options)}; choose one of: {', '.join(map(str, options))}",
        )
    if keyword == "type":
        expected = error.validator_value
        expected = (
            TYPE_NAMES.get(expected, expected)
            if isinstance(expected, str)
            else " or ".join(TYPE_NAMES.get(t, t) for t in expected)
        )
        return path, f"expected {expected}, found {_found(value)}"
    if keyword == "format":
        message = f"{value!r} is not a valid {error.validator_value}"
    elif keyword == "pattern":
        message = f"{value!r} is not in the expected form"
    elif keyword == "minItems":
        message = "needs at least one item" if error.validator_value == 1 else f"needs at least {error.validator_value} items"
    elif keyword == "uniqueItems":
        seen, repeated = set(), None
        for item in value:
            if repr(item) in seen:
                repeated = item
                break
            seen.add(repr(item))
        message = f"lists {repeated!r} more than once"
    elif keyword == "minLength":
        message = (
            "must not be empty" if error.validator_value == 1 else f"is too short (at least {error.validator_value} characters)"
        )
    elif keyword == "maxLength":
        message = f"is too long ({len(value)} characters; at most {error.validator_value})"
    else:
        message = error.message
    return path, f"{message}; {hint}" if hint else message


def _placeholders(value, path: tuple = ()) -> list[tuple]:
    """Paths of the TODO placeholders that `atlas new` leaves for the contributor."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return [path] if is_placeholder(value) else []
    found = []
    for key, item in items:
        if isinstance(item, str):  # most values, told apart here without a call: is_placeholder
            if item.startswith(PLACEHOLDER):
                found.append(path + (key,))
        else:
            found += _placeholders(item, path + (key,))
    return found


def check_schema(document: Document, kind: Kind) -> list[Problem]:
    """Schema problems of one document, plus the id/file-name rule and unfilled placeholders."""
    placeholders = _placeholders(document.data)
    problems = [
        Problem(
            document.file,
            document.line_of(path),
            format_path(path),
            f"replace the placeholder {PLACEHOLDER} (or delete the field if it is optional)",
        )
        for path in placeholders
    ]
    errors = [] if kind.passes(document.data) else list(kind.validator.iter_errors(document.data))
    bad_format = {tuple(e.absolute_path) for e in errors if e.validator == "format"}
    for error in errors:
        where = tuple(error.absolute_path)
        if error.validator == "pattern" and where in bad_format:
            continue  # one message per bad date: the format check says it better
        if any(where[: len(p)] == p for p in placeholders):
            continue  # already reported as a placeholder
        path, message = explain(error)
        problems.append(Problem(document.file, document.line_of(path), format_path(path), message))
    declared = document.data.get("id")
    if isinstance(declared, str) and declared != document.id and ID_PATTERN.match(declared):
        problems.append(
            Problem(
                document.file,
                document.line_of(("id",)),
                "id",
                f"id '{declared}' does not match the file name; use 'id: {document.id}' or rename the file to {declared}.yaml",
            )
        )
    return problems


def check_references(documents: list[Document], kinds: dict[str, Kind], ids: dict[str, set[str]]) -> list[Problem]:
    """Every reference names an entity that has a file; acyclic fields do not loop."""
    problems = []
    for document in documents:
        searched = 0  # did-you-mean searches in this file: each compares the id with every id of its kind
        for field in kinds[document.kind].ref_fields:
            for path, value in field.values(document.data):
                if value in ids[field.target] or is_placeholder(value):
                    continue
                target = kinds[field.target]
                searched += 1
                fix = _did_you_mean(value, sorted(ids[field.target])) if searched <= SUGGESTIONS_PER_FILE else ""
                if not fix:
                    fix = f" (no file data/{field.target}/{value}.yaml; add one or use an id from data/{field.target}/)"
                problems.append(
                    Problem(document.file, document.line_of(path), format_path(path), f"unknown {target.singular} '{value}'{fix}")
                )
    problems += _check_cycles(documents, kinds)
    return problems


def _check_cycles(documents: list[Document], kinds: dict[str, Kind]) -> list[Problem]:
    """Fields marked x-acyclic (e.g. organizations' parents) must not loop: one depth-first pass."""
    by_key = {(d.kind, d.id): d for d in documents}
    problems = []
    for kind in kinds.values():
        for field in (f for f in kind.ref_fields if f.acyclic and f.target == kind.name):
            done: set[str] = set()
            for start in sorted(d.id for d in documents if d.kind == kind.name):
                trail: list[str] = []
                stack = [(start, False)]
                while stack:
                    current, leaving = stack.pop()
                    if leaving:
                        trail.pop()
                        done.add(current)
                        continue
                    if current in trail:
                        loop = trail[trail.index(current) :] + [current]
                        first = by_key[(kind.name, current)]
                        problems.append(
                            Problem(
                                first.file,
                                first.line_of((field.name,)),
                                field.name,
                                f"references loop back to '{current}': {' -> '.join(loop)}; remove one link",
                            )
                        )
                        continue
                    if current in done or (kind.name, current) not in by_key:
                        continue
                    trail.append(current)
                    stack.append((current, True))
                    targets = [value for _, value in field.values(by_key[(kind.name, current)].data)]
                    stack.extend((target, False) for target in reversed(targets))
    return problems


def validate(
    documents: list[Document],
    kinds: dict[str, Kind],
    ids: dict[str, set[str]],
    hosts: dict[str, str] | None = None,
    kept: dict | None = None,
) -> list[Problem]:
    """All problems in all documents (schema, ids, references, cycles, then dates and the record's rules);
    ids: every id with a file; hosts: the source kind of each listed host; kept: the schema problems
    of the last validation with the same kinds, by file, reused for the same document (a load gives
    back the same one for a file that did not change), and left holding this validation's."""
    problems = []
    checked = {}
    for document in documents:
        last = kept.get(document.file) if kept else None
        checked[document.file] = (
            last if last and last[0] is document else (document, check_schema(document, kinds[document.kind]))
        )
        problems += checked[document.file][1]
    if kept is not None:
        kept.clear()
        kept.update(checked)
    problems += check_references(documents, kinds, ids)
    if problems:
        return problems  # the record's rules read valid, linked documents only
    return check_dates(documents, kinds) + check_rules(documents, kinds, hosts or {})


def check_dates(documents: list[Document], kinds: dict[str, Kind]) -> list[Problem]:
    """No date after the data's today: the newest last_reviewed, the last day someone checked a
    page. Read from the data, it keeps a build reproducible; a date in the future would date the
    data (and mark every page not reviewed for a year) or tell what has not happened."""
    today = max((d.data[REVIEWED] for d in documents if REVIEWED in d.data), default=None)
    if today is None:
        return []
    problems = []
    where = {name: _date_fields(kind.schema, kind.resolver) for name, kind in kinds.items()}
    for document in documents:
        for path, value in _dates(document.data, where[document.kind]):
            if value > today:
                problems.append(
                    Problem(
                        document.file,
                        document.line_of(path),
                        format_path(path),
                        f"{value} is after {today}, the newest {REVIEWED} in the data; give the date "
                        f"it happened, or set {REVIEWED} to today on the pages you checked",
                    )
                )
    return problems


def _date_fields(schema: dict, resolver) -> dict | bool:
    """Where a schema's dates are: True for a date, else {field name, or '*' for list items: where in it}."""
    schema, resolver = resolve(schema, resolver)
    if schema.get("format") == "date":
        return True
    where = {
        name: inner
        for name, inner in ((name, _date_fields(sub, resolver)) for name, sub in schema.get("properties", {}).items())
        if inner
    }
    if "items" in schema and (inner := _date_fields(schema["items"], resolver)):
        where["*"] = inner
    return where


def _dates(data, where: dict | bool, path: tuple = ()):
    """(path, date) for each date in data, where _date_fields says."""
    if where is True:
        yield path, data
    elif isinstance(data, dict):
        for key, inner in where.items():
            if key in data:
                yield from _dates(data[key], inner, path + (key,))
    elif isinstance(data, list) and "*" in where:
        for index, item in enumerate(data):
            yield from _dates(item, where["*"], path + (index,))
