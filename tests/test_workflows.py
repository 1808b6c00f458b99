"""The GitHub workflows cannot run here: audit them, check them against GitHub's schemas, and run
the comment step of pr-comment.yml against a stand-in `gh` with a hostile artifact."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

BIN = Path(sys.executable).parent
WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
SHA = "a" * 40


def test_zizmor_finds_nothing_but_the_one_reviewed_trigger():
    result = subprocess.run([BIN / "zizmor", "--offline", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout
    # the only ignore comment: pr-comment.yml needs workflow_run, and runs none of the pull request's code
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--no-ignores", "--format", "json", "."], cwd=REPO, capture_output=True, text=True
    )
    findings = {
        (f["ident"], loc["symbolic"]["key"]["Local"]["verbatim_path"])
        for f in json.loads(result.stdout)
        for loc in f["locations"]
    }
    assert findings == {("dangerous-triggers", "./.github/workflows/pr-comment.yml")}


@pytest.mark.parametrize(
    "schema, files",
    [
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.dependabot", [REPO / ".github" / "dependabot.yml"]),
    ],
)
def test_github_files_match_their_schema(schema, files):
    assert files
    result = subprocess.run([BIN / "check-jsonschema", "--builtin-schema", schema, *files], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version():
    pinned = re.compile(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$")
    uses = [
        (f"{path.name}:{number}", line.strip())
        for path in WORKFLOWS
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "uses:" in line
    ]
    assert len(uses) >= 8
    assert [use for use in uses if not pinned.search(use[1])] == []


# A stand-in for the GitHub CLI: logs each call, answers from a JSON state file, applies --jq with jq.
FAKE_GH = """\
import json, os, subprocess, sys
args = sys.argv[1:]
with open(os.environ["GH_LOG"], "a") as log:
    log.write(json.dumps({"args": args, "input": sys.stdin.read() if "--input" in args else None}) + "\\n")
state = json.load(open(os.environ["GH_STATE"]))
endpoint = next(a for a in args if a.startswith("repos/"))
answer = {} if "--input" in args else state["pulls" if endpoint.endswith("/pulls") else "comments"]
if "--jq" in args:
    jq = subprocess.run(["jq", "-r", args[args.index("--jq") + 1]], input=json.dumps(answer),
                        capture_output=True, text=True, check=True)
    sys.stdout.write(jq.stdout)
else:
    print(json.dumps(answer))
"""

HOSTILE = (
    '## Data changes\n$(touch pwned) `touch pwned` ${{ github.token }} "; touch pwned; #\n'
    "<!-- atlas-data-diff --> ::set-env name=X::1\n"
)


def _pull(number, sha=SHA, repo="fork/atlas"):
    return {"number": number, "head": {"sha": sha, "repo": {"full_name": repo}}}


def _comment_step():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pr-comment.yml").read_text(encoding="utf-8"))
    return next(s for s in workflow["jobs"]["comment"]["steps"] if s.get("name") == "Post or update the comment")


def run_comment_step(tmp: Path, diff: str | None, pulls: list, comments: list = ()) -> tuple[list, str]:
    """Run the step's own script as GitHub would (bash -eo pipefail), with `gh` faked; return gh's calls."""
    step = _comment_step()
    (tmp / "bin").mkdir(parents=True)
    gh = tmp / "bin" / "gh"
    gh.write_text(f"#!{sys.executable}\n{FAKE_GH}")
    gh.chmod(0o755)
    if diff is not None:
        (tmp / "data-diff").mkdir()
        (tmp / "data-diff" / "diff.md").write_text(diff, encoding="utf-8")
    (tmp / "state.json").write_text(json.dumps({"pulls": pulls, "comments": list(comments)}))
    env = {k: v for k, v in step["env"].items() if "${{" not in v}
    env |= {
        "PATH": f"{tmp / 'bin'}:{os.environ['PATH']}",
        "RUNNER_TEMP": str(tmp),
        "GH_LOG": str(tmp / "gh.log"),
        "GH_STATE": str(tmp / "state.json"),
        "GH_TOKEN": "token",
        "REPO": "atlas/atlas",
        "HEAD_REPO": "fork/atlas",
        "HEAD_OWNER": "fork",
        "HEAD_BRANCH": "a$(touch${IFS}pwned)",
        "HEAD_SHA": SHA,
        "RUN_URL": "https://github.com/atlas/atlas/actions/runs/1",
    }
    result = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=tmp,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not list(tmp.rglob("pwned")), "text from the pull request was run as a command"
    log = (tmp / "gh.log").read_text().splitlines() if (tmp / "gh.log").exists() else []
    return [json.loads(line) for line in log], result.stdout


needs_jq = pytest.mark.skipif(shutil.which("jq") is None, reason="the step uses jq, as on GitHub's runners")


@needs_jq
def test_comment_posts_the_artifact_as_text_on_the_pull_request_github_names(tmp_path):
    pulls = [_pull(8, sha="b" * 40), _pull(9, repo="other/atlas"), _pull(7)]
    calls, _ = run_comment_step(tmp_path, HOSTILE, pulls)
    lookup, listing, post = calls
    assert lookup["args"][:3] == ["api", "-X", "GET"] and "head=fork:a$(touch${IFS}pwned)" in lookup["args"]
    assert listing["args"][-3] == "repos/atlas/atlas/issues/7/comments"
    assert post["args"] == ["api", "repos/atlas/atlas/issues/7/comments", "--input", "-"]
    body = json.loads(post["input"])["body"]
    assert body.startswith("<!-- atlas-data-diff -->\n" + HOSTILE)
    assert f"actions/runs/1) of the Pull request workflow, at {SHA}." in body


@needs_jq
def test_comment_updates_its_own_earlier_comment(tmp_path):
    comments = [
        {"id": 2, "user": {"login": "github-actions[bot]"}, "body": "another bot comment"},
        {"id": 3, "user": {"login": "github-actions[bot]"}, "body": "<!-- atlas-data-diff -->\nold"},
        {"id": 4, "user": {"login": "someone"}, "body": "<!-- atlas-data-diff -->\nforged"},
    ]
    calls, out = run_comment_step(tmp_path, "## Data changes\n\nNo changes to the data.\n", [_pull(7)], comments)
    assert calls[-1]["args"] == ["api", "-X", "PATCH", "repos/atlas/atlas/issues/comments/3", "--input", "-"]
    assert "No changes to the data." in json.loads(calls[-1]["input"])["body"]
    assert "Posted the data changes on pull request #7 (comment 3)." in out


@needs_jq
def test_comment_is_cut_to_fit_and_skipped_without_a_diff_or_a_pull_request(tmp_path):
    limit = int(_comment_step()["env"]["LIMIT"])
    calls, _ = run_comment_step(tmp_path / "long", "x" * (limit * 2), [_pull(7)])
    body = json.loads(calls[-1]["input"])["body"]
    assert limit < len(body) < 65536 and "Cut short" in body
    calls, out = run_comment_step(tmp_path / "moved", HOSTILE, [_pull(7, sha="b" * 40)])
    assert len(calls) == 1 and "No open pull request" in out
    calls, out = run_comment_step(tmp_path / "none", None, [_pull(7)])
    assert calls == [] and "no diff.md" in out


def test_the_link_check_runs_weekly_reads_only_where_it_runs_our_code():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "links.yml").read_text(encoding="utf-8"))
    assert workflow[True]["schedule"] == [{"cron": "23 5 * * 1"}]  # YAML 1.1 reads the key 'on' as True
    assert workflow["permissions"] == {}
    check, report = workflow["jobs"]["check"], workflow["jobs"]["report"]
    assert check["permissions"] == {"contents": "read"}
    assert "atlas links" in "".join(step.get("run", "") for step in check["steps"])
    assert report["permissions"] == {"contents": "write", "issues": "write"}
    assert not any("checkout" in step.get("uses", "") for step in report["steps"])  # runs none of the repository's code
