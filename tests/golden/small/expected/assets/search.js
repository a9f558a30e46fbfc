// modelsite: the search dialog over the index the build writes per locale (after site.js).
(function () {
  "use strict";
  var M = window.modelsite, fold = M.fold, queryTerms = M.queryTerms, shardOf = M.shardOf, escapeHtml = M.escapeHtml;
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
    var search = document.querySelector("[data-search-open]");
    if (search) setupSearch(search);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
