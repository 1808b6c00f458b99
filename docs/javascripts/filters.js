// Filters for the table whose rows each hold a marker <span class="atlas-row" data-x="a b"> (the
// explorer, the timeline): each <select name="x"> keeps the rows whose data-x lists its value.
// The choice lives in the URL (?x=value), a live line counts the rows shown, and a button
// downloads the rows shown as CSV. Without JavaScript the form stays hidden and the table is whole.
document$.subscribe(function () {
  document.querySelectorAll("form.atlas-filters").forEach(function (form) {
    var markers = Array.prototype.slice.call(document.querySelectorAll("article .atlas-row"));
    var rows = markers.map(function (marker) { return marker.closest("tr"); });
    var table = rows[0].closest("table");
    var count = form.nextElementSibling;
    var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
    var params = new URLSearchParams(location.search);
    selects.forEach(function (select) { select.value = params.get(select.name) || ""; });

    function apply() {
      var query = new URLSearchParams(location.search), shown = 0;
      selects.forEach(function (select) {
        if (select.value) query.set(select.name, select.value); else query.delete(select.name);
      });
      rows.forEach(function (row, index) {
        var values = markers[index].dataset;
        row.hidden = !selects.every(function (select) {
          // a paired select (status, paired with mineral) matches "mineral/status" once both are chosen
          var paired = select.dataset.paired && form.querySelector("select[name=" + select.dataset.paired + "]").value;
          var wanted = paired ? paired + "/" + select.value : select.value;
          return !select.value || (values[select.name] || "").split(" ").indexOf(wanted) >= 0;
        });
        if (!row.hidden) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " shown";
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    function csv() {
      var cell = function (element) {
        var text = element.textContent.replace(/\s+/g, " ").trim();
        if (/^[=+\-@]/.test(text)) text = "'" + text;  // never a formula in a spreadsheet
        return '"' + text.replace(/"/g, '""') + '"';
      };
      var lines = [Array.prototype.map.call(table.tHead.rows[0].cells, cell).join(",")];
      rows.forEach(function (row) {
        if (!row.hidden) lines.push(Array.prototype.map.call(row.cells, cell).join(","));
      });
      return lines.join("\r\n") + "\r\n";
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.querySelector("[data-download]").addEventListener("click", function (event) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([csv()], { type: "text/csv" }));
      link.download = event.currentTarget.dataset.download;
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
    form.hidden = false;
    apply();
  });
});
