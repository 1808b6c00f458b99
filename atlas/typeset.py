"""One pass of Typst over the PDF briefing, in a process of its own (`python -m atlas.typeset`).

Typst keeps what it lays out in caches that live as long as its process, so atlas/pdf.py runs
each pass in a process of its own and the memory comes back when the pass ends. The layout reads
the document from document.json beside it:

  LAYOUT OUT             lay the document out; write (JSON) where each labelled place lands
  LAYOUT OUT POSITIONS   lay it out with its links going to those places; write the PDF
  LAYOUT FOLDER          lay out each sheets/<name>.json beside it as a document of its own, into
                         FOLDER/<name>.pdf, with one compiler (the fonts are read once)

A Typst error is printed on stderr and the exit status is 1. Only `typst` and the standard
library are imported, so the process starts small.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typst

POSITIONS = "<atlas-positions>"  # the metadata the layout writes when it is given no positions


def main(layout: str, out: str, positions: str | None = None) -> int:
    root = str(Path(layout).parent)
    try:
        if Path(out).is_dir():
            compiler = typst.Compiler(layout, root=root)
            for document in sorted(Path(root, "sheets").glob("*.json")):
                compiler.compile(
                    output=str(Path(out, document.stem + ".pdf")),
                    pdf_standards=["ua-1"],
                    sys_inputs={"document": f"/sheets/{document.name}"},
                )
        elif positions is None:
            Path(out).write_text(typst.query(layout, POSITIONS, field="value", one=True, root=root), encoding="utf-8")
        else:
            typst.compile(
                layout,
                output=out,
                root=root,
                pdf_standards=["ua-1"],
                sys_inputs={"positions": Path(positions).read_text(encoding="utf-8")},
            )
    except (typst.TypstError, RuntimeError) as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
