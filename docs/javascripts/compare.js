// The comparison: the table holds every partnership, a column each (cells marked data-p="id");
// the form's four lists choose which columns show, in the URL as ?p=a&p=b. A button downloads
// the columns shown as CSV. Without JavaScript the form stays hidden and every column shows.
document$.subscribe(function () {
  var form = document.querySelector("form.atlas-compare");
  if (!form) return;
  var table = document.getElementById("compare-table");
  var cells = Array.prototype.slice.call(table.querySelectorAll("[data-p]"));
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  var chosen = new URLSearchParams(location.search).getAll("p");
  selects.forEach(function (select, index) { select.value = chosen[index] || ""; });

  function ids() {
    return selects.map(function (select) { return select.value; }).filter(Boolean);
  }

  function apply() {
    var shown = ids(), query = new URLSearchParams();
    cells.forEach(function (cell) { cell.hidden = shown.indexOf(cell.dataset.p) < 0; });
    shown.forEach(function (id) { query.append("p", id); });
    var search = query.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
  }

  function csv() {  // a row per partnership shown, a column per line of the table, and its page
    var lines = [Array.prototype.map.call(table.querySelectorAll("tr > th[scope=row], thead th:first-child"), atlasCsv.cell)
      .concat(atlasCsv.cell("Page URL")).join(",")];
    ids().forEach(function (id) {
      var own = cells.filter(function (cell) { return cell.dataset.p === id; });
      lines.push(own.map(atlasCsv.cell).concat(atlasCsv.cell(own[0].querySelector("a").href)).join(","));
    });
    return lines;
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.querySelector("[data-download]").addEventListener("click", function (event) {
    atlasCsv.download(event.currentTarget.dataset.download, csv());
  });
  form.hidden = false;
  apply();
});
