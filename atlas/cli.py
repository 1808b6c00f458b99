"""The ``atlas`` command: validate, render, pdf (and the contributor tools)."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .kinds import cited_kind
from .linkcheck import TIMEOUT
from .problems import DataError
from .project import Project, find_root


def _report(error: DataError) -> int:
    for problem in error.problems:
        print(problem, file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(problem.github_annotation())
    count = len(error.problems)
    print(f"\n{count} problem{'s' if count != 1 else ''} found; nothing was built.", file=sys.stderr)
    return 1


def cmd_validate(project: Project, args) -> int:
    graph = project.build().graph
    summary = ", ".join(f"{len(graph.by_kind[k])} {k}" for k in graph.kinds)
    print(f"ok: {summary}")
    return 0


def cmd_render(project: Project, args) -> int:
    from .output import write_tree

    if args.project:
        from .hookless import hookless_files

        files = hookless_files(project.build())
        write_tree(Path(args.project), files)
        print(f"wrote a project that needs no hook ({len(files)} files) to {args.project}")
        return 0
    pages = project.pages()
    write_tree(Path(args.out), {page.path: page.content for page in pages})
    print(f"wrote {len(pages)} pages to {args.out}")
    return 0


def cmd_pdf(project: Project, args) -> int:
    from .pdf import PdfError, write_pdf

    try:
        size = write_pdf(project.build(), Path(args.out))
    except PdfError as error:
        print(f"atlas pdf: {error}", file=sys.stderr)
        return 1
    print(f"wrote {args.out} ({size / 1024:.0f} KiB)")
    return 0


def cmd_synth(project: Project, args) -> int:
    from .synth import write_synthetic

    count = write_synthetic(project.data_dir, Path(args.out), args.scale, args.seed)
    print(f"wrote {count} synthetic data files ({args.scale}x the files in {project.data_dir}) to {args.out}")
    return 0


def cmd_new(project: Project, args) -> int:
    from .load import ID_PATTERN
    from .new import skeleton

    kinds = project.kinds()
    if args.kind not in kinds:
        print(f"atlas new: unknown kind '{args.kind}'; choose one of: {', '.join(kinds)}", file=sys.stderr)
        return 2
    if not ID_PATTERN.match(args.id):
        print(f"atlas new: '{args.id}' is not a valid id: use lowercase letters, digits and single hyphens", file=sys.stderr)
        return 2
    path = project.data_dir / args.kind / f"{args.id}.yaml"
    if path.exists():
        print(f"atlas new: {path.relative_to(project.root)} already exists; edit it instead", file=sys.stderr)
        return 2
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(skeleton(kinds[args.kind], args.id), encoding="utf-8")
    print(f"wrote {path.relative_to(project.root)}: replace every TODO, then run `atlas validate`")
    return 0


def cmd_diff(project: Project, args) -> int:
    from .diff import diff

    try:
        print(diff(project.root, project.kinds(), args.base, args.head), end="")
    except ValueError as error:
        print(f"atlas diff: {error}", file=sys.stderr)
        return 2
    return 0


def cmd_links(project: Project, args) -> int:
    from .linkcheck import check_all, dead_file, report

    graph = project.build().graph
    sources = graph.by_kind[cited_kind(graph.kinds)]
    results = check_all({s.id: s.data["url"] for s in sources if "url" in s.data}, args.timeout)
    Path(args.dead).write_text(dead_file(results), encoding="utf-8")
    Path(args.report).write_text(
        report(results, {s.id: s.data["archived_url"] for s in sources if "archived_url" in s.data}), encoding="utf-8"
    )
    gone = sum(result.dead for result in results.values())
    print(f"checked {len(results)} addresses: {gone} gone; wrote {args.dead} and {args.report}")
    return 0


def cmd_build(project: Project, args) -> int:
    from .site import BuildError, build_site

    try:
        pdf = build_site(project.build(), Path(args.out))
    except BuildError as error:
        print(f"build failed; {args.out}/ was left as it was:\n{error}", file=sys.stderr)
        return 1
    print(f"built {args.out}/ and {pdf.relative_to(Path(args.out).resolve().parent)} ({pdf.stat().st_size / 1024:.0f} KiB)")
    return 0


def cmd_finish(project: Project, args) -> int:
    from .search import SearchIndexError
    from .site import finish

    if not (args.site / "index.html").is_file():
        print(f"atlas finish: {args.site} is not a built site (it has no index.html)", file=sys.stderr)
        return 1
    try:
        finish(args.site)
    except SearchIndexError as error:
        print(f"atlas finish: {error}", file=sys.stderr)
        return 1
    print(f"finished {args.site}/: Content-Security-Policy on every page, search index in {args.site / 'pagefind'}/")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="atlas", description="Critical Minerals Atlas: data -> pages -> site and PDF.")
    parser.add_argument("--root", type=Path, help="project folder (default: found from the current folder)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every data file; print file:line: problems").set_defaults(run=cmd_validate)
    render = commands.add_parser("render", help="write the generated Markdown pages to a folder")
    target = render.add_mutually_exclusive_group(required=True)
    target.add_argument("--out", help="folder to write (replaced whole)")
    target.add_argument(
        "--project",
        help="folder to write (replaced whole) as a site project that needs no MkDocs hook: "
        "mkdocs.yml and docs/ with the pages, exports and hand-written pages (for Zensical)",
    )
    render.set_defaults(run=cmd_render)
    pdf = commands.add_parser(
        "pdf", help="write the whole knowledge base as one PDF, and a PDF per partnership in sheets/ beside it"
    )
    pdf.add_argument("--out", default="site/atlas.pdf", help="PDF file to write (default: site/atlas.pdf)")
    pdf.set_defaults(run=cmd_pdf)
    synth = commands.add_parser("synth", help="write synthetic, valid data at N times the real data's size (for benchmarks)")
    synth.add_argument("--scale", type=int, default=1, help="multiple of the real data's file counts (default: 1)")
    synth.add_argument("--seed", type=int, default=1, help="random seed; the same seed gives the same files (default: 1)")
    synth.add_argument("--out", required=True, help="data folder to write (replaced whole), e.g. /tmp/bench/data")
    synth.set_defaults(run=cmd_synth)
    new = commands.add_parser("new", help="write a skeleton data file with every field explained")
    new.add_argument("kind", help="partnerships, minerals, countries, organizations, policies or sources")
    new.add_argument("id", help="the new id, e.g. india-chile (also the file name)")
    new.set_defaults(run=cmd_new)
    changes = commands.add_parser("diff", help="summarise the data changes between two git revisions, as Markdown")
    changes.add_argument("base", help="the revision to compare with, e.g. origin/main")
    changes.add_argument("head", nargs="?", help="the revision to compare (default: the working tree)")
    changes.set_defaults(run=cmd_diff)
    links = commands.add_parser("links", help="check every source's address; write the dead ones and a report (weekly workflow)")
    links.add_argument(
        "--dead", default="schemas/dead-links.yaml", help="list of gone addresses to write (default: schemas/dead-links.yaml)"
    )
    links.add_argument("--report", default="link-report.md", help="Markdown report to write (default: link-report.md)")
    links.add_argument(
        "--timeout", type=float, default=TIMEOUT, help=f"seconds to wait for a connection or an answer (default: {TIMEOUT:g})"
    )
    links.set_defaults(run=cmd_links)
    build = commands.add_parser("build", help="validate, build the site strictly and the PDF, replace --out atomically")
    build.add_argument("--out", default="site", help="site folder (default: site)")
    build.set_defaults(run=cmd_build)
    finish = commands.add_parser(
        "finish",
        help="add the Content-Security-Policy and the search index to a site "
        "built by any engine (mkdocs build, ProperDocs, Zensical)",
    )
    finish.add_argument("site", type=Path, help="the built site's folder, e.g. site")
    finish.set_defaults(run=cmd_finish)
    args = parser.parse_args(argv)
    project = Project(args.root.resolve() if args.root else find_root())
    try:
        return args.run(project, args)
    except DataError as error:
        return _report(error)


if __name__ == "__main__":
    sys.exit(main())
