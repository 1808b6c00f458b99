// The compare page (templates/pages/compare.md.j2): every card is in the page; this shows the two
// to four chosen in the form, in that order, and for one mineral hides what does not cover it.
// The choice lives in the URL (?p=partnership,ids&c=country,ids&mineral=id) and the comparison
// downloads as CSV (one line per compared item, part and entry). Without JavaScript every card shows.
document$.subscribe(function () {
  var form = document.querySelector("form.atlas-compare-form");
  if (!form) return;
  var holder = document.querySelector(".atlas-compare");
  var cards = Array.prototype.slice.call(holder.querySelectorAll(".atlas-compare-card"));
  var byKey = {};
  cards.forEach(function (card) { byKey[card.dataset.key] = card; });
  var items = Array.prototype.slice.call(form.querySelectorAll("select[name=item]"));
  var mineral = form.querySelector("select[name=mineral]");
  var count = form.nextElementSibling;
  var download = form.querySelector("[data-download]");
  var params = new URLSearchParams(location.search);
  var chosen = [];
  ["p", "c"].forEach(function (kind) {
    (params.get(kind) || "").split(",").forEach(function (id) {
      if (id && byKey[kind + ":" + id] && chosen.indexOf(kind + ":" + id) < 0) chosen.push(kind + ":" + id);
    });
  });
  items.forEach(function (select, index) { select.value = chosen[index] || ""; });
  mineral.value = params.get("mineral") || "";

  function selected() {
    var keys = [];
    items.forEach(function (select) { if (select.value && keys.indexOf(select.value) < 0) keys.push(select.value); });
    return keys;
  }

  function apply() {
    var keys = selected(), query = new URLSearchParams();
    ["p", "c"].forEach(function (kind) {
      var ids = keys.filter(function (key) { return key.charAt(0) === kind; }).map(function (key) { return key.slice(2); });
      if (ids.length) query.set(kind, ids.join(","));
    });
    if (mineral.value) query.set("mineral", mineral.value);
    cards.forEach(function (card) { card.hidden = keys.length > 0 && keys.indexOf(card.dataset.key) < 0; });
    keys.forEach(function (key) { holder.appendChild(byKey[key]); });  // in the order chosen
    holder.classList.toggle("atlas-compare--chosen", keys.length > 0);
    holder.querySelectorAll("[data-minerals]").forEach(function (entry) {
      entry.hidden = !!mineral.value && entry.dataset.minerals.split(" ").indexOf(mineral.value) < 0;
    });
    var name = mineral.value ? " for " + mineral.options[mineral.selectedIndex].text : "";
    count.textContent = keys.length ? keys.length + " compared" + name
      : "Choose two to four partnerships or countries; all " + cards.length + " are listed" + name + ".";
    var search = query.toString().replace(/%2C/g, ",");
    history.replaceState(null, "", location.pathname + (search ? "?" + search : "") + location.hash);
    if (download.href) URL.revokeObjectURL(download.href);
    download.href = URL.createObjectURL(new Blob([csv()], { type: "text/csv" }));  // the link downloads what is shown
  }

  function csv() {
    var cell = function (text) {
      text = text.replace(/\s+/g, " ").trim();
      if (/^[=+\-@]/.test(text)) text = "'" + text;  // never a formula in a spreadsheet
      return '"' + text.replace(/"/g, '""') + '"';
    };
    var lines = [["Compared", "Kind", "Mineral", "Part", "Entry"].map(cell).join(",")];
    var name = mineral.value ? mineral.options[mineral.selectedIndex].text : "all";
    cards.forEach(function (card) {
      if (card.hidden) return;
      var title = card.querySelector("h2 a").textContent;
      var kind = card.dataset.key.charAt(0) === "p" ? "partnership" : "country";
      card.querySelectorAll("[data-aspect]").forEach(function (part) {
        var entries = part.querySelectorAll("li:not([hidden]), p");
        Array.prototype.forEach.call(entries, function (entry) {
          lines.push([title, kind, name, part.dataset.aspect, entry.textContent].map(cell).join(","));
        });
      });
    });
    return "\ufeff" + lines.join("\r\n") + "\r\n";  // a byte-order mark: spreadsheets read it as UTF-8
  }

  form.addEventListener("change", apply);
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  form.hidden = false;
  apply();
});
