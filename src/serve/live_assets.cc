#include "serve/live_assets.h"

namespace ms {

// The page learns about builds from /__modelsite/events (server-sent events, one `status` event
// per build and one on connecting). A successful build newer than the page replaces the document
// with the page's new HTML in place (keeping the scroll position; a reload if that fails); a
// failed one shows every diagnostic over the page, which keeps showing the last good build; the
// next good build removes it.
const std::string& live_script() {
  static const std::string js = R"JS(// modelsite serve: live reload and build errors in the page.
(() => {
  "use strict";
  const script = document.currentScript;
  const pageBuild = script ? script.getAttribute("data-modelsite-build") : null;
  const SCROLL_KEY = "modelsite-serve-scroll";

  try {
    const saved = JSON.parse(sessionStorage.getItem(SCROLL_KEY) || "null");
    sessionStorage.removeItem(SCROLL_KEY);
    if (saved && saved.href === location.href) {
      addEventListener("load", () => scrollTo(saved.x, saved.y), { once: true });
    }
  } catch (_) { /* storage may be disabled */ }

  const style = document.createElement("link");
  style.rel = "stylesheet";
  style.href = "/__modelsite/live.css";
  document.head.appendChild(style);

  let overlay = null;
  let badge = null;
  let dismissed = "";

  function element(tag, attrs, text) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function showErrors(text) {
    if (dismissed === text) return;
    if (!overlay) {
      overlay = element("div", { id: "modelsite-overlay", role: "alertdialog", "aria-modal": "false",
        "aria-labelledby": "modelsite-overlay-title", dir: "ltr", lang: "en" });
      const panel = element("div", { class: "modelsite-panel" });
      const head = element("div", { class: "modelsite-head" });
      head.appendChild(element("strong", { id: "modelsite-overlay-title" },
        "Build failed \u2014 this page shows the last good build"));
      const close = element("button", { type: "button", class: "modelsite-close", "aria-label": "Hide" }, "\u00d7");
      close.addEventListener("click", () => { dismissed = overlay.querySelector("pre").textContent; hideErrors(); });
      head.appendChild(close);
      panel.appendChild(head);
      panel.appendChild(element("pre", { class: "modelsite-diagnostics" }));
      panel.appendChild(element("p", { class: "modelsite-hint" }, "Fix the file and save: this page updates by itself."));
      overlay.appendChild(panel);
    }
    overlay.querySelector("pre").textContent = text;
    if (!overlay.isConnected) document.body.appendChild(overlay);
  }

  function hideErrors() {
    if (overlay && overlay.isConnected) overlay.remove();
  }

  function showCheck(check) {
    if (!check || !check.state) {
      if (badge) badge.remove();
      return;
    }
    if (!badge) {
      badge = element("details", { id: "modelsite-check", dir: "ltr", lang: "en" });
      badge.appendChild(element("summary"));
      badge.appendChild(element("pre"));
    }
    badge.setAttribute("data-state", check.state);
    const first = check.summary.split("\n").filter(Boolean).pop() || "";
    badge.querySelector("summary").textContent = check.state === "running" ? "Checking snippets\u2026" : "Snippets: " + first;
    badge.querySelector("pre").textContent = check.summary;
    if (!badge.isConnected) document.body.appendChild(badge);
  }

  // A newer build: the page's new HTML replaces this document in place (document.open/write:
  // no navigation, the page's own scripts run again on the new content, the scroll position is
  // kept); a full reload when that fails.
  let updating = false;
  async function update(status) {
    if (updating) return;
    updating = true;
    try {
      const res = await fetch(location.href, { cache: "no-store" });
      const html = await res.text();
      if (!res.ok || !/data-modelsite-build="/.test(html)) throw new Error("HTTP " + res.status);
      const x = scrollX, y = scrollY;
      events.close();
      document.open();
      document.write(html);
      document.close();
      scrollTo(x, y);
      addEventListener("load", () => scrollTo(x, y), { once: true });
    } catch (_) {
      try {
        sessionStorage.setItem(SCROLL_KEY, JSON.stringify({ href: location.href, x: scrollX, y: scrollY }));
      } catch (_) { /* storage may be disabled */ }
      location.reload();
    }
  }

  function onStatus(status) {
    if (status.ok && pageBuild !== null && String(status.generation) !== pageBuild) {
      update(status);
      return;
    }
    if (status.ok) {
      dismissed = "";
      hideErrors();
    } else {
      showErrors(status.diagnostics);
    }
    showCheck(status.check);
  }

  const events = new EventSource("/__modelsite/events");
  events.addEventListener("status", (e) => onStatus(JSON.parse(e.data)));
  addEventListener("pagehide", () => events.close());
})();
)JS";
  return js;
}

const std::string& live_style() {
  static const std::string css = R"CSS(/* modelsite serve: the build error overlay and the snippet check badge. */
#modelsite-overlay {
  position: fixed; inset: 0; z-index: 2147483647; display: flex; align-items: flex-start; justify-content: center;
  padding: 5vh 1rem; background: rgba(20, 20, 24, 0.55); overflow: auto;
}
#modelsite-overlay .modelsite-panel {
  max-width: 100%; width: 60rem; background: #fff; color: #1a1a1a; border-top: 4px solid #c62828;
  border-radius: 6px; box-shadow: 0 10px 40px rgba(0, 0, 0, 0.35); padding: 1rem 1.25rem;
  font: 15px/1.4 system-ui, sans-serif; text-align: left;
}
#modelsite-overlay .modelsite-head { display: flex; justify-content: space-between; align-items: center; gap: 1rem; }
#modelsite-overlay .modelsite-head strong { color: #c62828; }
#modelsite-overlay .modelsite-close { font-size: 1.4rem; line-height: 1; border: 0; background: none; cursor: pointer; color: inherit; }
#modelsite-overlay pre, #modelsite-check pre {
  margin: 0.75rem 0; padding: 0.75rem; background: #f6f6f6; border-radius: 4px; overflow: auto;
  white-space: pre; font: 13px/1.45 ui-monospace, "DejaVu Sans Mono", monospace; color: #1a1a1a;
}
#modelsite-overlay .modelsite-hint { margin: 0; color: #555; }
#modelsite-check {
  position: fixed; right: 0.75rem; bottom: 0.75rem; z-index: 2147483646; max-width: min(40rem, 90vw);
  background: #fff; color: #1a1a1a; border: 1px solid #ccc; border-left: 4px solid #888; border-radius: 4px;
  padding: 0.4rem 0.75rem; font: 13px/1.4 system-ui, sans-serif; box-shadow: 0 2px 10px rgba(0, 0, 0, 0.2);
}
#modelsite-check[data-state="passed"] { border-left-color: #2e7d32; }
#modelsite-check[data-state="failed"] { border-left-color: #c62828; }
#modelsite-check summary { cursor: pointer; }
)CSS";
  return css;
}

}  // namespace ms
