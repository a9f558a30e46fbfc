// modelsite: small progressive enhancements. Every page works without the site's scripts. This
// one: the root page's locale redirect, tabs, copy buttons and what the others share.
(function () {
  "use strict";
  // For the site's other scripts (lists.js, search.js, loaded after this one) and for tests: the
  // formatting and text folding the pages use.
  window.modelsite = { formatMessage: formatMessage, fold: fold, queryTerms: queryTerms, shardOf: shardOf, escapeHtml: escapeHtml };

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

  function init() {
    redirectToLocale();
    Array.prototype.forEach.call(document.querySelectorAll("[data-tabs]"), setupTabs);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-copy]"), setupCopy);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
