// Site search with Pagefind. Nothing is fetched until a reader opens the search; then only the
// Pagefind script, its WebAssembly and the index chunks for the words typed.
(function () {
  var button = document.querySelector(".atlas-search-open");
  var dialog = document.getElementById("atlas-search");
  if (!button || !dialog) return;
  var input = dialog.querySelector("input");
  var status = dialog.querySelector(".atlas-search__status");
  var list = dialog.querySelector(".atlas-search__results");
  var script = new URL(button.dataset.pagefind, location.href);
  var pagefind = null;

  function load() {
    pagefind = pagefind || import(script.href).then(function (module) {
      return module.options({ baseUrl: new URL("..", script).pathname, ranking: { termFrequency: 0.5 } }).then(function () { return module; });
    });
    return pagefind;
  }

  // Pagefind's excerpt is HTML with <mark>s: keep only its text and the marks.
  function excerpt(html) {
    var p = document.createElement("p");
    new DOMParser().parseFromString(html, "text/html").body.childNodes.forEach(function (node) {
      var part = node.nodeName === "MARK" ? document.createElement("mark") : document.createTextNode("");
      part.textContent = node.textContent;
      p.appendChild(part);
    });
    return p;
  }

  // Results come ten at a time: the first ten ranked by name (below), then "More results" adds
  // the next ten in Pagefind's order and moves the focus to the first of them.
  var PAGE = 10, rest = [], total = 0, shownFor = "";
  var more = dialog.querySelector(".atlas-search__more");

  function show(query, results, first) {
    var items = results.map(function (result) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = result.url;
      link.textContent = result.meta.title || result.url;
      item.append(link, excerpt(result.excerpt));
      return item;
    });
    if (first) list.replaceChildren.apply(list, items); else list.append.apply(list, items);
    var shown = list.children.length;
    shownFor = query;
    status.textContent = query ? total + " results for “" + query + "”" + (total > shown ? ", the first " + shown + " shown." : ".") : "";
    more.hidden = !rest.length;
    return items;
  }

  // A page named exactly what the reader typed comes first: by one of its other names, or as a
  // partnership with that one partner; then a multilateral partnership of that partner, or a page
  // with that title; then Pagefind's order. Dashes count as hyphens.
  function plain(text) { return (text || "").toLowerCase().replace(/[\u2010-\u2015]/g, "-").trim(); }
  function names(text) { return text ? text.split(",").map(plain) : []; }
  function rank(page, query) {
    var aka = names(page.meta.aka), partners = names(page.meta.partners);
    if (aka.indexOf(query) >= 0 || (partners.length === 1 && partners[0] === query)) return 0;
    if (partners.indexOf(query) >= 0 || plain(page.meta.title) === query) return 1;
    return 2;
  }
  function byName(pages, query) {
    var q = plain(query);
    return pages.map(function (page, i) { return [rank(page, q), i, page]; })
      .sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
      .map(function (item) { return item[2]; });
  }

  function search() {
    var query = input.value.trim();
    if (!query) { rest = []; total = 0; show("", [], true); return; }
    load().then(function (module) {
      // pages about partnerships, countries, minerals... first, then pages about single sources
      return module.debouncedSearch(query, { filters: { not: { kind: "source" } } }, 120).then(function (pages) {
        return pages && module.search(query, { filters: { kind: "source" } }).then(function (sources) {
          return pages.results.concat(sources.results);
        });
      });
    }).then(function (results) {
      if (!results) return;  // a newer query replaced this one
      return Promise.all(results.slice(0, PAGE).map(function (r) { return r.data(); })).then(function (data) {
        if (input.value.trim() !== query) return;
        rest = results.slice(PAGE);
        total = results.length;
        show(query, byName(data, query), true);
      });
    }).catch(function () { status.textContent = "Search is not available here (the index is made by `atlas build`)."; });
  }

  more.addEventListener("click", function () {
    var query = shownFor;
    Promise.all(rest.splice(0, PAGE).map(function (r) { return r.data(); })).then(function (data) {
      if (shownFor !== query) return;
      var added = show(query, data, false);
      if (added.length) added[0].querySelector("a").focus();
    });
  });

  function open() {
    if (!dialog.open) dialog.showModal();
    input.select();
    load();
  }

  button.addEventListener("click", open);
  dialog.querySelector(".atlas-search__close").addEventListener("click", function () { dialog.close(); });
  dialog.addEventListener("click", function (event) { if (event.target === dialog) dialog.close(); });
  input.addEventListener("input", search);
  dialog.querySelector("form").addEventListener("submit", function (event) {
    event.preventDefault();
    var first = list.querySelector("a");
    if (first) location.href = first.href;
  });
  // The 404 page's search box: its words (at first, the missing address's last part) go to the dialog.
  var lost = document.querySelector("form.atlas-lost");
  if (lost) {
    var words = decodeURIComponent(location.pathname).split("/").filter(Boolean).pop() || "";
    lost.elements.q.value = words.replace(/\.html?$/, "").replace(/[-_]+/g, " ");
    lost.addEventListener("submit", function (event) {
      event.preventDefault();
      open();
      input.value = lost.elements.q.value;
      search();
    });
  }
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(document.activeElement.tagName);
    if (event.key === "/" && !typing && !dialog.open) { event.preventDefault(); open(); }
  });
})();
