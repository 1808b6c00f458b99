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
