// modelsite: filtering and sorting the list pages (catalog, pricing) across every model, and the
// pricing chart's provider filter (after site.js). The static pages, 50 rows each with a pager,
// are what readers without scripts get; the forms are hidden from them by the stylesheet.
(function () {
  "use strict";
  var M = window.modelsite, fold = M.fold, escapeHtml = M.escapeHtml;
  var PAGE_ROWS = 50;  // rows per list page, as kListPageSize in src/viewmodel/pager.h

  function number(v) { return v === "" || v == null ? NaN : parseFloat(v); }
  function byNumber(x, y, desc) {
    if (isNaN(x) && isNaN(y)) return 0;
    if (isNaN(x)) return 1;  // unknown values last, in either order
    if (isNaN(y)) return -1;
    return desc ? y - x : x - y;
  }

  // The static catalog rows' order (before the list data has loaded), from their data attributes.
  function compareRows(key) {
    return function (a, b) {
      if (key === "name" || key === "provider" || key === "status") {
        var ka = a.getAttribute("data-" + key), kb = b.getAttribute("data-" + key);
        return ka.localeCompare(kb) || a.getAttribute("data-name").localeCompare(b.getAttribute("data-name"));
      }
      return byNumber(number(a.getAttribute("data-" + key)), number(b.getAttribute("data-" + key)), false);
    };
  }

  // The list data (the build's <locale>/models/rows.json) as objects, with folded text to match.
  function prepareRows(json, collator) {
    var col = {};
    json.columns.forEach(function (c, i) { col[c] = i; });
    var statusOrder = Object.keys(json.statuses);
    var rows = json.rows.map(function (r) {
      var row = {};
      json.columns.forEach(function (c) { row[c] = r[col[c]]; });
      row.providerName = json.providers[row.provider] || row.provider;
      row.statusLabel = json.statuses[row.status] || row.status;
      row.statusRank = statusOrder.indexOf(row.status);
      row.text = fold(row.name + " " + row.id + " " + row.providerName);
      row.sets = { provider: " " + row.provider + " ", modality: " " + row.modalities + " ", endpoint: " " + row.endpoints + " ",
                   capability: " " + row.capabilities + " ", status: " " + row.status + " " };
      row.numbers = { context: number(row.context_sort), input: number(row.input_sort), output: number(row.output_sort),
                      blended: number(row.blended_sort) };
      return row;
    });
    // Each row's place in name order, once: sorting then compares integers, not strings.
    rows.slice().sort(function (a, b) { return collator.compare(a.name, b.name) || (a.id < b.id ? -1 : 1); })
      .forEach(function (r, i) { r.nameRank = i; });
    var providers = Object.keys(json.providers).map(function (id) { return json.providers[id]; }).sort(collator.compare);
    rows.forEach(function (r) { r.providerRank = providers.indexOf(r.providerName); });
    return rows;
  }

  // What the form asks for: {text: [folded words], sort, desc, <filter>: value}.
  function wanted(form, filters) {
    var f = { text: fold(form.elements.q.value).split(/\s+/).filter(Boolean), sort: form.elements.sort.value,
              desc: form.elements.order.value === "desc" };
    filters.forEach(function (k) { f[k] = form.elements[k].value; });
    return f;
  }
  function matching(rows, f, filters) {
    return rows.filter(function (r) {
      for (var i = 0; i < filters.length; i++) if (f[filters[i]] && r.sets[filters[i]].indexOf(" " + f[filters[i]] + " ") < 0) return false;
      for (var j = 0; j < f.text.length; j++) if (r.text.indexOf(f.text[j]) < 0) return false;
      return true;
    });
  }
  // Ties in name order; unknown numbers last in either order.
  function compareData(f) {
    var sign = f.desc ? -1 : 1;
    return function (a, b) {
      if (f.sort === "name") return sign * (a.nameRank - b.nameRank);
      if (f.sort === "provider") return sign * (a.providerRank - b.providerRank) || a.nameRank - b.nameRank;
      if (f.sort === "status") return sign * (a.statusRank - b.statusRank) || a.nameRank - b.nameRank;
      return byNumber(a.numbers[f.sort], b.numbers[f.sort], f.desc) || a.nameRank - b.nameRank;
    };
  }

  // A catalog row, as templates/catalog.mustache writes it.
  function catalogRow(r, root) {
    var a = escapeHtml;
    return '<tr data-provider="' + a(r.provider) + '" data-modality="' + a(r.modalities) + '" data-endpoint="' + a(r.endpoints) +
      '" data-capability="' + a(r.capabilities) + '" data-status="' + a(r.status) + '" data-name="' + a(r.name) +
      '" data-input="' + a(r.input_sort) + '" data-output="' + a(r.output_sort) + '" data-blended="' + a(r.blended_sort) +
      '" data-context="' + a(r.context_sort) + '"><th scope="row"><a href="' + a(root + r.path) + '">' + a(r.name) +
      '</a><br><bdi dir="ltr" class="mono small">' + a(r.id) + '</bdi></th><td>' + a(r.providerName) + '</td><td>' +
      r.modalities_html + '</td><td class="num">' + a(r.context) + '</td><td class="num">' + r.input_html +
      '</td><td class="num">' + r.output_html + '</td><td class="num">' + r.blended_html + '</td><td><span class="badge status-' +
      a(r.status) + '">' + a(r.statusLabel) + "</span></td></tr>";
  }
  // A pricing row, as templates/pricing.mustache writes it.
  function pricingRow(r, root, noPrice) {
    var a = escapeHtml;
    var list = function (v) { return v ? ' <s><bdi dir="ltr">' + a(v) + "</bdi></s>" : ""; };
    return '<tr><th scope="row"><a href="' + a(root + r.path) + '">' + a(r.name) + "</a></th><td>" + a(r.providerName) +
      '</td><td class="num">' + r.input_html + list(r.input_list) + '</td><td class="num">' + r.output_html + list(r.output_list) +
      '</td><td class="num">' + r.blended_html + '</td><td class="num">' +
      (r.discount ? '<span class="discount"><bdi dir="ltr">' + a(r.discount) + "</bdi></span>" : "") + "</td><td>" + r.other_html +
      (r.priced ? "" : '<span class="muted">' + a(noPrice) + "</span>") + "</td></tr>";
  }

  // A list page's form over its table. The static page holds its 50 rows; on the first use of
  // the form the list data of every model is loaded, and from then on the table shows the
  // matching models of the whole catalog, 50 at a time ("show more"), with the pager hidden.
  // `kind`: {filters, row(r, root), timings (a name on window.modelsite), applyStatic(f) or
  // null (the form then waits for the data)}.
  function setupList(form, table, kind) {
    var body = table.tBodies[0];
    var shown = form.querySelector("[data-shown]");
    var empty = document.querySelector("[data-empty]");
    var more = document.querySelector("[data-more]");
    var moreButton = more && more.querySelector("button");
    var pager = document.querySelector("nav.pager");
    var locale = shown.getAttribute("data-format-locale") || document.documentElement.lang;
    var collator = new Intl.Collator(document.documentElement.lang);
    var root = form.getAttribute("data-root") || "";
    var rows = null, loading = null, limit = PAGE_ROWS;
    var timings = M[kind.timings] = [];

    function count(n, total) {
      shown.textContent = M.formatMessage(shown.getAttribute("data-message"), { shown: n, total: total }, locale);
      empty.hidden = n > 0;
    }
    function load() {
      var href = form.getAttribute("data-rows");
      if (loading || !href) return;
      loading = fetch(href).then(function (r) {
        if (!r.ok) throw new Error(href + ": HTTP " + r.status);
        return r.json();
      }).then(function (json) {
        rows = prepareRows(json, collator);
        table.setAttribute("data-rows-loaded", String(rows.length));
        apply(true);
      }, function (e) { loading = null; console.warn("list data: " + e.message); });
    }
    function applyData(f) {
      var matched = matching(rows, f, kind.filters);
      matched.sort(compareData(f));
      body.innerHTML = matched.slice(0, limit).map(function (r) { return kind.row(r, root); }).join("");
      if (pager) pager.hidden = true;
      var rest = matched.length - Math.min(limit, matched.length);
      if (more) {
        more.hidden = rest <= 0;
        moreButton.textContent = M.formatMessage(moreButton.getAttribute("data-message"), { count: Math.min(rest, PAGE_ROWS) }, locale);
      }
      count(matched.length, rows.length);
    }
    function apply(keepLimit) {
      var t0 = performance.now();
      if (!keepLimit) limit = PAGE_ROWS;
      var f = wanted(form, kind.filters);
      if (rows) applyData(f);
      else {
        load();
        if (!kind.applyStatic) return;
        count(kind.applyStatic(f, body), body.rows.length);
      }
      void body.offsetHeight;  // the layout the reader waits for belongs to the interaction
      timings.push(performance.now() - t0);
    }
    form.addEventListener("change", function () { apply(false); });
    form.addEventListener("input", function (e) { if (e.target === form.elements.q) apply(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(false); });
    form.addEventListener("focusin", load);
    if (moreButton) moreButton.addEventListener("click", function () { limit += PAGE_ROWS; apply(true); });
    return apply;
  }

  var CATALOG_FILTERS = ["provider", "modality", "endpoint", "capability", "status"];
  // The catalog's 50 static rows filtered and sorted in place; returns how many match.
  function catalogStatic(f, body) {
    var rows = Array.prototype.slice.call(body.rows), n = 0;
    rows.forEach(function (row) {
      var text = fold(row.getAttribute("data-name") + " " + row.querySelector("th bdi").textContent + " " + row.cells[1].textContent);
      var ok = CATALOG_FILTERS.every(function (k) {
        return !f[k] || (" " + row.getAttribute("data-" + k) + " ").indexOf(" " + f[k] + " ") >= 0;
      }) && f.text.every(function (t) { return text.indexOf(t) >= 0; });
      row.hidden = !ok;
      if (ok) n++;
    });
    var sorted = rows.sort(compareRows(f.sort));
    if (f.desc) sorted.reverse();
    sorted.forEach(function (r) { body.appendChild(r); });
    return n;
  }

  function setupCatalog(form) {
    var table = document.querySelector("table[data-catalog]");
    if (!table) return;
    var apply = setupList(form, table, { filters: CATALOG_FILTERS, row: catalogRow, timings: "catalogTimings", applyStatic: catalogStatic });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { form.elements.q.value = q; apply(false); }
  }

  // Pricing: text and provider over every model, sorting by name or any price column; the
  // provider also filters the chart of this page's models.
  function setupPricing(form) {
    var table = document.querySelector("table[data-pricing]");
    if (!table) return;
    var noPrice = table.getAttribute("data-no-price") || "";
    setupList(form, table, { filters: ["provider"], row: function (r, root) { return pricingRow(r, root, noPrice); },
                             timings: "pricingTimings", applyStatic: null });
    var chart = document.querySelector("svg.chart"), select = form.elements.provider;
    if (!chart) return;
    select.addEventListener("change", function () {
      // SVG presentation attributes, no inline style (the site's CSP forbids it).
      Array.prototype.forEach.call(chart.querySelectorAll("[data-provider]"), function (el) {
        if (!select.value || el.getAttribute("data-provider") === select.value) el.removeAttribute("display");
        else el.setAttribute("display", "none");
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-catalog-filters]"), setupCatalog);
    Array.prototype.forEach.call(document.querySelectorAll("form[data-pricing-filters]"), setupPricing);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
