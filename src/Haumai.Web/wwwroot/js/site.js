// Haumai: behaviour shared by every page. No inline scripts anywhere (the CSP forbids them):
// pages add their own file in wwwroot/js through the layout's Scripts section.
"use strict";
(function () {
  // Dark mode: remembered in a cookie so the server renders the right theme (no flash on load).
  const toggle = document.getElementById("theme-toggle");
  if (toggle) {
    toggle.addEventListener("click", function () {
      const root = document.documentElement;
      const dark = root.getAttribute("data-bs-theme") !== "dark";
      root.setAttribute("data-bs-theme", dark ? "dark" : "light");
      toggle.setAttribute("aria-pressed", dark ? "true" : "false");
      document.cookie = "haumai.theme=" + (dark ? "dark" : "light") + "; path=/; max-age=31536000; samesite=lax";
    });
  }

  // htmx requests carry the antiforgery token, as forms do.
  const csrf = document.querySelector('meta[name="csrf-token"]');
  document.body.addEventListener("htmx:configRequest", function (e) {
    if (csrf) {
      e.detail.headers["RequestVerificationToken"] = csrf.getAttribute("content");
    }
  });

  // Keyboard: "?" lists the shortcuts, "/" goes to the page's search box. Pages add their own
  // keys with Haumai.onKey(key, handler); keys are ignored while typing in a field.
  const handlers = {};
  window.Haumai = {
    onKey: function (key, handler) { handlers[key] = handler; },
    typing: function (target) {
      const t = target || document.activeElement;
      return !!t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    },
  };
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey || window.Haumai.typing(e.target)) {
      return;
    }
    if (e.key === "?") {
      const dialog = document.getElementById("shortcuts-dialog");
      if (dialog && window.bootstrap) {
        window.bootstrap.Modal.getOrCreateInstance(dialog).show();
        e.preventDefault();
      }
      return;
    }
    if (e.key === "/") {
      const search = document.querySelector("[data-search]");
      if (search) {
        search.focus();
        e.preventDefault();
      }
      return;
    }
    const handler = handlers[e.key];
    if (handler) {
      e.preventDefault();
      handler(e);
    }
  });

  // <time data-local> elements already carry the user's local time from the server; their title
  // shows the exact moment on hover. Nothing to do here yet, kept for pages that refresh them.
})();
