// Make every plain table in an article sortable by clicking its header (tablesort, vendored).
document$.subscribe(function () {
  document.querySelectorAll("article table:not([class])").forEach(function (table) {
    new Tablesort(table);
  });
});
