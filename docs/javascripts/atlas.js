// Make every plain table in an article sortable by clicking its header (tablesort, vendored).
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    // a status sorts in lifecycle order (requested ... in force ... superseded), not alphabetically
    table.querySelectorAll("td > .atlas-status:only-child").forEach(function (mark) {
      mark.parentElement.dataset.sort = String(mark.dataset.lifecycle).padStart(2, "0");
    });
    new Tablesort(table);
  });
});

// CSV for the explorer, the timeline and the comparison: a byte-order mark (Excel on Windows reads
// the dashes right), each cell's words without its shapes (marked aria-hidden), never a formula.
var atlasCsv = {
  cell: function (element) {
    var copy = typeof element === "string" ? null : element.cloneNode(true);
    if (copy) copy.querySelectorAll("[aria-hidden]").forEach(function (shape) { shape.remove(); });
    var text = (copy ? copy.textContent : element).replace(/\s+/g, " ").trim();
    if (/^[=+\-@]/.test(text)) text = "'" + text;
    return '"' + text.replace(/"/g, '""') + '"';
  },
  download: function (name, lines) {
    var link = document.createElement("a");
    link.href = URL.createObjectURL(new Blob(["\ufeff" + lines.join("\r\n") + "\r\n"], { type: "text/csv;charset=utf-8" }));
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
  }
};
