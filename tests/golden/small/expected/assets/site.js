// modelsite: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

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

  function number(v) { return v === "" || v == null ? NaN : parseFloat(v); }

  function compareRows(key) {
    return function (a, b) {
      if (key === "name") return a.getAttribute("data-name").localeCompare(b.getAttribute("data-name"));
      var x = number(a.getAttribute("data-" + key)), y = number(b.getAttribute("data-" + key));
      if (isNaN(x) && isNaN(y)) return 0;
      if (isNaN(x)) return 1;  // unpriced rows last
      if (isNaN(y)) return -1;
      return x - y;
    };
  }

  // Catalog: filters and sorting over rows that are all present without JavaScript.
  function setupCatalog(form) {
    var table = document.querySelector("[data-catalog]");
    if (!table) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var shown = form.querySelector("[data-shown]");
    var empty = document.querySelector("[data-empty]");
    function apply() {
      var f = {};
      ["provider", "modality", "endpoint", "status"].forEach(function (k) { f[k] = form.elements[k].value; });
      var count = 0;
      rows.forEach(function (row) {
        var ok = Object.keys(f).every(function (k) {
          return !f[k] || (" " + row.getAttribute("data-" + k) + " ").indexOf(" " + f[k] + " ") >= 0;
        });
        row.hidden = !ok;
        if (ok) count++;
      });
      rows.slice().sort(compareRows(form.elements.sort.value)).forEach(function (r) { body.appendChild(r); });
      shown.textContent = formatMessage(shown.getAttribute("data-message"), { shown: count, total: rows.length },
                                        shown.getAttribute("data-format-locale") || document.documentElement.lang);
      empty.hidden = count > 0;
    }
    form.addEventListener("change", apply);
    form.addEventListener("submit", function (e) { e.preventDefault(); apply(); });
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

  // For other scripts of the site (and tests): the same formatting the pages use.
  window.modelsite = { formatMessage: formatMessage };
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

  function init() {
    redirectToLocale();
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), setupTabs);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setupCopy);
    Array.prototype.forEach.call(document.querySelectorAll("[data-catalog-filters]"), setupCatalog);
    Array.prototype.forEach.call(document.querySelectorAll("[data-sortable]"), setupSortable);
    Array.prototype.forEach.call(document.querySelectorAll("[data-chart-filter]"), setupChartFilter);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
