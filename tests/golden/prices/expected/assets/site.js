// modelsite: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";
  // For tests and other scripts of the site: the formatting and text folding the pages use.
  window.modelsite = { formatMessage: formatMessage, fold: fold, queryTerms: queryTerms, shardOf: shardOf };

  // Root page: send the visitor to the best locale (a static host sees no Accept-Language).
  function redirectToLocale() {
    var main = document.querySelector("[data-locale-redirect]");
    if (!main) return;
    var locales = JSON.parse(main.getAttribute("data-locale-redirect"));
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || ""];
    for (var i = 0; i < wanted.length; i++) {
      var tag = String(wanted[i]).toLowerCase();
      for (var j = 0; j < locales.length; j++) {
        var l = locales[j].toLowerCase();
        if (tag === l || tag.split("-")[0] === l.split("-")[0]) {
          location.replace(locales[j] + "/");
          return;
        }
      }
    }
    location.replace(main.getAttribute("data-default-locale") + "/");
  }

  // Tabs: WAI-ARIA tab pattern over panels that are all visible without JavaScript.
  function setupTabs(root) {
    var list = root.querySelector('[role="tablist"]');
    if (!list) return;
    var tabs = Array.prototype.slice.call(list.querySelectorAll('[role="tab"]'));
    function select(tab, focus) {
      tabs.forEach(function (t) {
        var on = t === tab;
        t.setAttribute("aria-selected", on ? "true" : "false");
        t.tabIndex = on ? 0 : -1;
        document.getElementById(t.getAttribute("aria-controls")).hidden = !on;
      });
      if (focus) tab.focus();
    }
    tabs.forEach(function (tab, i) {
      tab.addEventListener("click", function () { select(tab, false); });
      tab.addEventListener("keydown", function (e) {
        var rtl = getComputedStyle(list).direction === "rtl";
        var next = { ArrowRight: rtl ? -1 : 1, ArrowLeft: rtl ? 1 : -1 }[e.key];
        if (e.key === "Home") select(tabs[0], true);
        else if (e.key === "End") select(tabs[tabs.length - 1], true);
        else if (next) select(tabs[(i + next + tabs.length) % tabs.length], true);
        else return;
        e.preventDefault();
      });
    });
    list.hidden = false;
    root.classList.add("enhanced");
    select(tabs.filter(function (t) { return t.getAttribute("aria-selected") === "true"; })[0] || tabs[0], false);
  }

  function setupCopy(button) {
    var target = document.getElementById(button.getAttribute("data-copy"));
    if (!target || !navigator.clipboard) return;
    var label = button.textContent;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(target.textContent).then(function () {
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  }

  // The ICU MessageFormat subset that locale messages shown by this script use: {name},
  // {name, number}, {name, plural, [offset:n] [=n|category] {...}} with #, and ICU's apostrophe
  // quoting. Plural categories come from Intl.PluralRules, numbers from Intl.NumberFormat, both
  // for the page's format locale, as ICU chooses them when the site is built.
  function formatMessage(pattern, args, locale) {
    var numbers = new Intl.NumberFormat(locale), plurals = new Intl.PluralRules(locale);
    var i = 0;
    function fail(what) { throw new Error("message `" + pattern + "`: " + what + " at " + i); }
    function space() { while (i < pattern.length && /\s/.test(pattern[i])) i++; }
    function word() {
      space();
      var m = /^[^\s,{}]+/.exec(pattern.slice(i));
      if (!m) fail("a name expected");
      i += m[0].length;
      space();
      return m[0];
    }
    // Text up to the closing brace of the enclosing argument (or the end); `hash` is the
    // number a # stands for inside a plural branch.
    function text(hash) {
      var out = "";
      while (i < pattern.length) {
        var c = pattern[i];
        if (c === "}") return out;
        if (c === "{") { i++; out += argument(); continue; }
        if (c === "#" && hash !== undefined) { out += numbers.format(hash); i++; continue; }
        if (c === "'") {
          if (pattern[i + 1] === "'") { out += "'"; i += 2; continue; }
          if (/[{}#|]/.test(pattern[i + 1] || "")) {
            var end = pattern.indexOf("'", i + 1);
            if (end < 0) end = pattern.length;
            out += pattern.slice(i + 1, end).replace(/''/g, "'");
            i = end + 1;
            continue;
          }
        }
        out += c;
        i++;
      }
      return out;
    }
    function branch(hash) {
      space();
      if (pattern[i] !== "{") fail("{ expected");
      i++;
      var out = text(hash);
      if (pattern[i] !== "}") fail("} expected");
      i++;
      return out;
    }
    function argument() {
      var name = word(), value = args[name], out;
      // ICU formats a number given to a plain {name} as {name, number}.
      if (pattern[i] === "}") { i++; return typeof value === "number" ? numbers.format(value) : String(value); }
      if (pattern[i] !== ",") fail(", expected");
      i++;
      var type = word();
      if (type === "number") {
        out = numbers.format(value);
      } else if (type === "plural") {
        if (pattern[i] !== ",") fail(", expected");
        i++;
        space();
        var offset = 0, m = /^offset:\s*(\d+)/.exec(pattern.slice(i));
        if (m) { offset = +m[1]; i += m[0].length; }
        var branches = {};
        for (space(); pattern[i] !== "}"; space()) {
          if (i >= pattern.length) fail("} expected");
          var selector = word();
          branches[selector] = branch(value - offset);
        }
        out = "=" + value in branches ? branches["=" + value]
            : plurals.select(value - offset) in branches ? branches[plurals.select(value - offset)] : branches.other;
      } else {
        fail("argument type `" + type + "` is not supported");
      }
      space();
      if (pattern[i] !== "}") fail("} expected");
      i++;
      return out;
    }
    var result = text();
    if (i < pattern.length) fail("unbalanced }");
    return result;
  }

  // ---- text rules shared with the build (src/site/search_text.cc) ------------------------------
  // NFKC, lower case, Arabic folded as readers type it (no diacritics or tatweel; hamza and madda
  // forms of alef as alef; alef maqsura as yeh; ta marbuta as heh; Arabic-Indic digits as 0-9).
  var CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u30FC]/u;
  var WORD = /[\p{L}\p{M}\p{N}]/u;
  var ARABIC = { 0x622: 0x627, 0x623: 0x627, 0x625: 0x627, 0x671: 0x627, 0x649: 0x64A, 0x629: 0x647, 0x624: 0x648, 0x626: 0x64A };
  function fold(text) {
    var out = "";
    for (var ch of String(text).normalize("NFKC").toLowerCase()) {
      var c = ch.codePointAt(0);
      if ((c >= 0x64B && c <= 0x65F) || c === 0x670 || c === 0x640) continue;
      if (ARABIC[c]) c = ARABIC[c];
      else if (c >= 0x660 && c <= 0x669) c = 48 + c - 0x660;
      else if (c >= 0x6F0 && c <= 0x6F9) c = 48 + c - 0x6F0;
      out += String.fromCodePoint(c);
    }
    return out;
  }
  // The query's terms: {term, prefix}. Words are exact except the last one while it is being
  // typed; runs of Han, kana or Hangul give their pairs of characters (the index holds every
  // pair and each run's last character), a single such character matches every pair it starts.
  function queryTerms(query) {
    var cps = Array.from(fold(query)), out = [], i = 0;
    while (i < cps.length) {
      var j = i;
      if (CJK.test(cps[i])) {
        while (j < cps.length && CJK.test(cps[j])) j++;
        if (j - i === 1) out.push({ term: cps[i], prefix: true });
        for (var k = i; k + 1 < j; k++) out.push({ term: cps[k] + cps[k + 1], prefix: false });
      } else if (WORD.test(cps[i])) {
        while (j < cps.length && WORD.test(cps[j]) && !CJK.test(cps[j])) j++;
        out.push({ term: cps.slice(i, j).join(""), prefix: j === cps.length && j - i >= 2 });
      } else {
        j = i + 1;
      }
      i = j;
    }
    return out;
  }
  // FNV-1a (32 bits) of the term's key (its first character if Han, kana or Hangul, else its
  // first two), modulo the number of shards.
  function shardOf(term, shards) {
    var cps = Array.from(term), key = CJK.test(cps[0]) ? cps[0] : cps.slice(0, 2).join("");
    var bytes = new TextEncoder().encode(key), h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 16777619) >>> 0;
    return h % shards;
  }

  function escapeHtml(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  function number(v) { return v === "" || v == null ? NaN : parseFloat(v); }
  function byNumber(x, y, desc) {
    if (isNaN(x) && isNaN(y)) return 0;
    if (isNaN(x)) return 1;  // unknown values last, in either order
    if (isNaN(y)) return -1;
    return desc ? y - x : x - y;
  }

  function compareRows(key) {
    return function (a, b) {
      if (key === "name" || key === "provider" || key === "status") {
        var ka = a.getAttribute("data-" + key), kb = b.getAttribute("data-" + key);
        return ka.localeCompare(kb) || a.getAttribute("data-name").localeCompare(b.getAttribute("data-name"));
      }
      return byNumber(number(a.getAttribute("data-" + key)), number(b.getAttribute("data-" + key)), false);
    };
  }

  var PAGE_ROWS = 100;
  var FILTERS = ["provider", "modality", "endpoint", "capability", "status"];

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

  function rowHtml(r, root) {
    var a = function (v) { return escapeHtml(v); };
    return '<tr data-provider="' + a(r.provider) + '" data-modality="' + a(r.modalities) + '" data-endpoint="' + a(r.endpoints) +
      '" data-capability="' + a(r.capabilities) + '" data-status="' + a(r.status) + '" data-name="' + a(r.name) +
      '" data-input="' + a(r.input_sort) + '" data-output="' + a(r.output_sort) + '" data-blended="' + a(r.blended_sort) +
      '" data-context="' + a(r.context_sort) + '"><th scope="row"><a href="' + a(root + r.path) + '">' + a(r.name) +
      '</a><br><bdi dir="ltr" class="mono small">' + a(r.id) + '</bdi></th><td>' + a(r.providerName) + '</td><td>' +
      r.modalities_html + '</td><td class="num">' + a(r.context) + '</td><td class="num">' + r.input_html +
      '</td><td class="num">' + r.output_html + '</td><td class="num">' + r.blended_html + '</td><td><span class="badge status-' +
      a(r.status) + '">' + a(r.statusLabel) + "</span></td></tr>";
  }

  // Catalog: filters and sorting. The static page holds its 100 rows; on the first use of the
  // form the list data of every model is loaded, and from then on the table shows the matching
  // models of the whole catalog, 100 at a time ("show more"), with the pager hidden.
  function setupCatalog(form) {
    var table = document.querySelector("[data-catalog]");
    if (!table) return;
    var body = table.tBodies[0];
    var staticRows = Array.prototype.slice.call(body.rows);
    var shown = form.querySelector("[data-shown]");
    var empty = document.querySelector("[data-empty]");
    var more = document.querySelector("[data-more]");
    var moreButton = more && more.querySelector("button");
    var pager = document.querySelector("nav.pager");
    var locale = shown.getAttribute("data-format-locale") || document.documentElement.lang;
    var collator = new Intl.Collator(document.documentElement.lang);
    var root = form.getAttribute("data-root") || "";
    var rows = null, loading = null, limit = PAGE_ROWS;
    window.modelsite.catalogTimings = [];

    function load() {
      var href = form.getAttribute("data-rows");
      if (loading || !href) return;
      loading = fetch(href).then(function (r) {
        if (!r.ok) throw new Error(href + ": HTTP " + r.status);
        return r.json();
      }).then(function (json) {
        rows = prepareRows(json, collator);
        table.setAttribute("data-rows-loaded", String(rows.length));
        apply();
      }, function (e) { loading = null; console.warn("catalog data: " + e.message); });
    }
    function wanted() {
      var f = { text: fold(form.elements.q.value).split(/\s+/).filter(Boolean), sort: form.elements.sort.value,
                desc: form.elements.order.value === "desc" };
      FILTERS.forEach(function (k) { f[k] = form.elements[k].value; });
      return f;
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
    function count(n, total) {
      shown.textContent = window.modelsite.formatMessage(shown.getAttribute("data-message"), { shown: n, total: total }, locale);
      empty.hidden = n > 0;
    }
    function applyStatic(f) {
      var n = 0;
      staticRows.forEach(function (row) {
        var text = fold(row.getAttribute("data-name") + " " + row.querySelector("th bdi").textContent + " " + row.cells[1].textContent);
        var ok = FILTERS.every(function (k) {
          return !f[k] || (" " + row.getAttribute("data-" + k) + " ").indexOf(" " + f[k] + " ") >= 0;
        }) && f.text.every(function (t) { return text.indexOf(t) >= 0; });
        row.hidden = !ok;
        if (ok) n++;
      });
      var sorted = staticRows.slice().sort(compareRows(f.sort));
      if (f.desc) sorted.reverse();
      sorted.forEach(function (r) { body.appendChild(r); });
      count(n, staticRows.length);
    }
    function applyData(f) {
      var matched = rows.filter(function (r) {
        for (var i = 0; i < FILTERS.length; i++) if (f[FILTERS[i]] && r.sets[FILTERS[i]].indexOf(" " + f[FILTERS[i]] + " ") < 0) return false;
        for (var j = 0; j < f.text.length; j++) if (r.text.indexOf(f.text[j]) < 0) return false;
        return true;
      });
      matched.sort(compareData(f));
      body.innerHTML = matched.slice(0, limit).map(function (r) { return rowHtml(r, root); }).join("");
      if (pager) pager.hidden = true;
      var rest = matched.length - Math.min(limit, matched.length);
      if (more) {
        more.hidden = rest <= 0;
        moreButton.textContent = window.modelsite.formatMessage(moreButton.getAttribute("data-message"),
                                                                 { count: Math.min(rest, PAGE_ROWS) }, locale);
      }
      count(matched.length, rows.length);
    }
    function apply(keepLimit) {
      var t0 = performance.now();
      if (!keepLimit) limit = PAGE_ROWS;
      var f = wanted();
      if (rows) applyData(f); else { applyStatic(f); load(); }
      void body.offsetHeight;  // the layout the reader waits for belongs to the interaction
      window.modelsite.catalogTimings.push(performance.now() - t0);
    }
    form.addEventListener("change", function () { apply(false); });
    form.addEventListener("input", function (e) { if (e.target === form.elements.q) apply(false); });
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(false); });
    form.addEventListener("focusin", load);
    if (moreButton) moreButton.addEventListener("click", function () { limit += PAGE_ROWS; apply(true); });
    var q = new URLSearchParams(location.search).get("q");
    if (q) { form.elements.q.value = q; apply(false); }
    form.hidden = false;
  }

  function setupSortable(table) {
    var body = table.tBodies[0];
    Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (th) {
      th.tabIndex = 0;
      function sort() {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.querySelectorAll("th[data-sort]"), function (o) { o.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows).sort(compareRows(th.getAttribute("data-sort")));
        if (!asc) rows.reverse();
        rows.forEach(function (r) { body.appendChild(r); });
      }
      th.addEventListener("click", sort);
      th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  }

  // Pricing chart: show one provider's dots and labels (SVG presentation attributes, no inline style).
  function setupChartFilter(form) {
    var chart = document.querySelector("svg.chart");
    if (!chart) return;
    var select = form.elements.provider;
    function apply() {
      Array.prototype.forEach.call(chart.querySelectorAll("[data-provider]"), function (el) {
        if (!select.value || el.getAttribute("data-provider") === select.value) el.removeAttribute("display");
        else el.setAttribute("display", "none");
      });
    }
    select.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
    form.hidden = false;
  }

  // ---- search ---------------------------------------------------------------------------------
  // The index the build writes per locale (src/site/search_index.h): meta.json, then only the
  // shards of the query's terms and the docs files of the results shown.
  var SEARCH_SHOWN = 10;
  function SearchIndex(metaHref) {
    var base = new URL(metaHref, location.href), meta = null, files = {};
    function get(name) {
      if (!files[name]) {
        files[name] = fetch(new URL(name + "?v=" + meta.version, base)).then(function (r) {
          if (!r.ok) throw new Error(name + ": HTTP " + r.status);
          return r.json();
        });
      }
      return files[name];
    }
    this.ready = fetch(base, { cache: "no-cache" }).then(function (r) {
      if (!r.ok) throw new Error("search index: HTTP " + r.status);
      return r.json();
    }).then(function (m) { meta = m; });
    // Documents matching every term, best first: {total, hits: [{name, id, provider, href}]}.
    this.query = function (query) {
      var terms = queryTerms(query);
      if (!terms.length) return Promise.resolve({ total: 0, hits: [] });
      return this.ready.then(function () {
        return Promise.all(terms.map(function (t) { return get("shard-" + shardOf(t.term, meta.shards) + ".json"); }));
      }).then(function (shards) {
        var scores = null;
        terms.forEach(function (t, i) {
          var shard = shards[i], found = {};
          var keys = t.prefix ? (shard.__keys || (shard.__keys = Object.keys(shard).sort())) : [t.term];
          var from = t.prefix ? lowerBound(keys, t.term) : 0;
          for (var k = from; k < keys.length && (t.prefix ? keys[k].lastIndexOf(t.term, 0) === 0 : true); k++) {
            var postings = shard[keys[k]];
            if (!postings) continue;
            for (var p = 0, doc = 0; p < postings.length; p += 2) {
              doc += postings[p];
              found[doc] = Math.max(found[doc] || 0, postings[p + 1]);
            }
          }
          if (!scores) { scores = found; return; }
          var next = {};
          for (var d in found) if (d in scores) next[d] = scores[d] + found[d];
          scores = next;
        });
        var ranked = Object.keys(scores).map(Number).sort(function (a, b) { return scores[b] - scores[a] || a - b; });
        var top = ranked.slice(0, SEARCH_SHOWN);
        return Promise.all(top.map(function (d) { return get("docs-" + Math.floor(d / meta.chunk) + ".json"); })).then(function (chunks) {
          var hits = top.map(function (d, i) {
            var doc = chunks[i][d % meta.chunk];
            return { name: doc[0], id: doc[1], provider: doc[2], href: new URL("../../" + doc[3], base).href };
          });
          // A model named exactly by the query comes first among those shown.
          var q = fold(query).trim();
          var exact = function (h) { return fold(h.id) === q || fold(h.name) === q ? 0 : 1; };
          hits = hits.map(function (h, i) { return { h: h, i: i }; })
            .sort(function (a, b) { return exact(a.h) - exact(b.h) || a.i - b.i; }).map(function (x) { return x.h; });
          return { total: ranked.length, hits: hits };
        });
      });
    };
  }
  function lowerBound(keys, key) {
    var lo = 0, hi = keys.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (keys[mid] < key) lo = mid + 1; else hi = mid; }
    return lo;
  }

  // The header's search link opens a dialog (also with / and Ctrl/⌘-K): a combobox over a
  // listbox of results; arrow keys move, Enter opens, Escape closes and focus goes back.
  function setupSearch(link) {
    var template = document.getElementById("search-dialog");
    if (!template || !window.fetch || !("showModal" in document.createElement("dialog"))) return;
    var index = null, dialog = null, input, list, status, opener = null, active = -1, hits = [], seq = 0;
    window.modelsite.searchTimings = [];
    function build() {
      dialog = template.content.firstElementChild.cloneNode(true);
      document.body.appendChild(dialog);
      input = dialog.querySelector("input");
      // The combobox pattern (set here: the template holds a plain search field for validators).
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", "search-results");
      list = dialog.querySelector("ul");
      list.setAttribute("role", "listbox");
      list.setAttribute("aria-labelledby", "search-title");
      status = dialog.querySelector("[data-search-status]");
      input.addEventListener("input", run);
      input.addEventListener("keydown", keys);
      list.addEventListener("click", function (e) {
        var option = e.target.closest("[role=option]");
        if (option) location.href = option.getAttribute("data-href");
      });
      dialog.addEventListener("close", function () {
        if (opener && document.contains(opener)) opener.focus();
        opener = null;
      });
    }
    function open(e) {
      if (e) e.preventDefault();
      if (!dialog) build();
      if (dialog.open) { input.focus(); return; }
      opener = document.activeElement;
      index = index || new SearchIndex(link.getAttribute("data-search-open"));
      dialog.showModal();
      input.focus();
      input.select();
      if (input.value) run();
    }
    function select(i) {
      var options = list.querySelectorAll("[role=option]");
      active = options.length ? (i + options.length) % options.length : -1;
      Array.prototype.forEach.call(options, function (o, k) { o.setAttribute("aria-selected", k === active ? "true" : "false"); });
      if (active >= 0) {
        input.setAttribute("aria-activedescendant", options[active].id);
        options[active].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }
    function keys(e) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        if (hits.length) select(active < 0 && e.key === "ArrowUp" ? -1 : active + (e.key === "ArrowDown" ? 1 : -1));
      } else if (e.key === "Escape") {
        e.preventDefault();  // a search field would only clear itself
        dialog.close();
      } else if (e.key === "Enter") {
        e.preventDefault();  // the form would close the dialog
        if (hits.length) location.href = hits[active >= 0 ? active : 0].href;
      }
    }
    function say(text) { status.textContent = text; }
    function run() {
      var mine = ++seq, query = input.value, t0 = performance.now();
      if (!queryTerms(query).length) { show([], 0, query); say(""); return; }
      if (!status.textContent) say(status.getAttribute("data-loading"));
      index.query(query).then(function (r) {
        if (mine !== seq) return;
        show(r.hits, r.total, query);
        window.modelsite.searchTimings.push({ query: query, ms: performance.now() - t0 });
      }, function (err) { if (mine === seq) say(String(err.message)); });
    }
    function show(found, total, query) {
      hits = found;
      active = -1;
      input.removeAttribute("aria-activedescendant");
      list.innerHTML = found.map(function (h, i) {
        return '<li role="option" id="search-option-' + i + '" aria-selected="false" data-href="' + escapeHtml(h.href) +
          '"><span class="search-name">' + escapeHtml(h.name) + '</span> <bdi dir="ltr" class="mono small">' +
          escapeHtml(h.id) + '</bdi> <span class="muted small">' + escapeHtml(h.provider) + "</span></li>";
      }).join("");
      input.setAttribute("aria-expanded", found.length ? "true" : "false");
      if (!query) return;
      say(total ? window.modelsite.formatMessage(status.getAttribute("data-results"), { count: total },
                                                 status.getAttribute("data-format-locale") || document.documentElement.lang)
                : status.getAttribute("data-none"));
    }
    link.addEventListener("click", open);
    document.addEventListener("keydown", function (e) {
      var t = e.target, typing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
      if ((e.key === "k" || e.key === "K") && (e.ctrlKey || e.metaKey) && !e.altKey) open(e);
      else if (e.key === "/" && !typing && !e.ctrlKey && !e.metaKey && !e.altKey) open(e);
    });
  }

  function init() {
    redirectToLocale();
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), setupTabs);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setupCopy);
    Array.prototype.forEach.call(document.querySelectorAll("[data-catalog-filters]"), setupCatalog);
    Array.prototype.forEach.call(document.querySelectorAll("[data-sortable]"), setupSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-filter]"), setupChartFilter);
    var search = document.querySelector("[data-search-open]");
    if (search) setupSearch(search);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
