// Filters for the table whose rows each hold a marker <span class="atlas-row" data-x="a b"> (the
// explorer, the timeline): each group of boxes named x keeps the rows whose data-x lists any value
// ticked in it; rows must pass every group. The choice lives in the URL (?x=a&x=b), a live line
// counts the rows shown, and a button downloads the rows shown as CSV (with a byte-order mark, the
// words of each cell without their symbols, and each row's page address). Without JavaScript the
// form stays hidden and the table is whole.
document$.subscribe(function () {
  document.querySelectorAll("form.atlas-filters").forEach(function (form) {
    var markers = Array.prototype.slice.call(document.querySelectorAll("article .atlas-row"));
    var rows = markers.map(function (marker) { return marker.closest("tr"); });
    var values = markers.map(function (marker) {
      var found = {};
      Object.keys(marker.dataset).forEach(function (name) { found[name] = marker.dataset[name].split(" "); });
      return found;
    });
    var table = rows[0].closest("table");
    var count = form.nextElementSibling;
    var boxes = Array.prototype.slice.call(form.querySelectorAll("input[type=checkbox]"));
    var groups = Array.prototype.slice.call(form.querySelectorAll("details"));
    var pairs = {};  // a facet whose values depend on another's choice: status on mineral
    form.querySelectorAll("fieldset[data-paired]").forEach(function (set) { pairs[set.dataset.facet] = set.dataset.paired; });
    var params = new URLSearchParams(location.search);
    boxes.forEach(function (box) { box.checked = params.getAll(box.name).indexOf(box.value) >= 0; });

    function apply() {
      var query = new URLSearchParams(location.search), chosen = {}, shown = 0;
      boxes.forEach(function (box) { query.delete(box.name); });
      boxes.forEach(function (box) {
        if (!box.checked) return;
        (chosen[box.name] = chosen[box.name] || []).push(box.value);
        query.append(box.name, box.value);
      });
      groups.forEach(function (group) {
        var ticked = group.querySelectorAll("input:checked").length;
        group.querySelector(".atlas-facet-count").textContent = ticked ? "(" + ticked + ")" : "";
      });
      var names = Object.keys(chosen);
      rows.forEach(function (row, index) {
        var own = values[index];
        var keep = names.every(function (name) {
          // a paired facet (status, paired with mineral) matches "mineral/status" once both are chosen
          var wanted = chosen[name], paired = chosen[pairs[name]];
          if (paired) wanted = [].concat.apply([], paired.map(function (m) { return wanted.map(function (v) { return m + "/" + v; }); }));
          return (own[name] || []).some(function (value) { return wanted.indexOf(value) >= 0; });
        });
        if (row.hidden === keep) row.hidden = !keep;
        if (keep) shown += 1;
      });
      count.textContent = shown + " of " + rows.length + " shown";
      var search = query.toString();
      history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    }

    function csv() {
      var head = Array.prototype.map.call(table.tHead.rows[0].cells, atlasCsv.cell).concat(atlasCsv.cell("Page URL"));
      var lines = [head.join(",")];
      rows.forEach(function (row) {
        var link = row.querySelector("a[href]");
        if (!row.hidden) lines.push(Array.prototype.map.call(row.cells, atlasCsv.cell).concat(atlasCsv.cell(link ? link.href : "")).join(","));
      });
      return lines;
    }

    form.addEventListener("change", apply);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.querySelector("[data-download]").addEventListener("click", function (event) {
      atlasCsv.download(event.currentTarget.dataset.download, csv());
    });
    form.hidden = false;
    apply();
  });
});
