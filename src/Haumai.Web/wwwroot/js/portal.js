// Haumai customer portal: small conveniences on top of forms that work without JavaScript.
// Loaded with defer by the portal pages (and the invitation and domain admin pages).
"use strict";
(function () {
  // Files: say at once that a file is too large or that there are too many, instead of after a
  // long upload. The server checks again (type and content too); this only saves a wasted wait.
  document.querySelectorAll("input[type=file][data-max-bytes]").forEach(function (input) {
    const max = Number(input.getAttribute("data-max-bytes"));
    const maxFiles = Number(input.getAttribute("data-max-files") || "0");
    const feedback = document.getElementById(input.id + "-error");
    function check() {
      let problem = "";
      const files = Array.prototype.slice.call(input.files || []);
      if (maxFiles && files.length > maxFiles) {
        problem = input.getAttribute("data-too-many") || "";
      } else {
        const big = files.find(function (f) { return f.size > max; });
        if (big) {
          problem = (input.getAttribute("data-too-large") || "").replace("{name}", big.name);
        }
      }
      input.setCustomValidity(problem);
      input.classList.toggle("is-invalid", problem !== "");
      if (feedback && feedback.hasAttribute("data-file-error")) {
        feedback.textContent = problem;
      }
      return problem === "";
    }
    input.addEventListener("change", check);
    const form = input.form;
    if (form) {
      form.addEventListener("submit", function (e) {
        if (!check()) {
          e.preventDefault();
          input.focus();
        }
      });
    }
  });

  // One click sends a form once: the button waits while the files upload.
  const fileForms = document.querySelectorAll("form[data-file-form]");
  const setBusy = function (form, busy) {
    form.querySelectorAll("button[type=submit]").forEach(function (b) {
      b.classList.toggle("disabled", busy);
      if (busy) {
        b.setAttribute("aria-disabled", "true");
      } else {
        b.removeAttribute("aria-disabled");
      }
    });
    if (busy) {
      form.setAttribute("aria-busy", "true");
    } else {
      form.removeAttribute("aria-busy");
    }
  };
  fileForms.forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!e.defaultPrevented) {
        setBusy(form, true);
      }
    });
  });
  // Coming back with the browser's Back button shows the page as it was left: usable again.
  window.addEventListener("pageshow", function () {
    fileForms.forEach(function (form) { setBusy(form, false); });
  });

  // Ctrl+Enter (Cmd+Enter) in a text box sends its form.
  document.querySelectorAll("form textarea").forEach(function (area) {
    area.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey) && area.form) {
        e.preventDefault();
        if (area.form.requestSubmit) {
          area.form.requestSubmit();
        } else {
          area.form.submit();
        }
      }
    });
  });

  // Copy buttons next to an invitation link.
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      const target = document.querySelector(button.getAttribute("data-copy"));
      if (!target) {
        return;
      }
      target.select();
      const done = function () {
        const label = button.textContent;
        button.textContent = button.getAttribute("data-copied") || label;
        setTimeout(function () { button.textContent = label; }, 2000);
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(target.value).then(done, function () { });
      } else if (document.execCommand && document.execCommand("copy")) {
        done();
      }
    });
  });

  if (!window.Haumai) {
    return;
  }

  // My tickets: j/k move through the rows, o (or Enter on a link) opens one, n starts a new ticket.
  const list = document.querySelector("table[data-portal-list]");
  if (list) {
    const rows = Array.prototype.slice.call(list.querySelectorAll("tbody tr"));
    let current = -1;
    const select = function (i) {
      if (rows.length === 0) {
        return;
      }
      current = Math.max(0, Math.min(rows.length - 1, i));
      rows.forEach(function (r, n) { r.classList.toggle("row-current", n === current); });
      const link = rows[current].querySelector("td.subject a");
      if (link) {
        link.focus();
      }
    };
    window.Haumai.onKey("j", function () { select(current + 1); });
    window.Haumai.onKey("k", function () { select(current - 1); });
    window.Haumai.onKey("o", function () {
      const link = current >= 0 ? rows[current].querySelector("td.subject a") : null;
      if (link) {
        link.click();
      }
    });
  }
  const newTicket = document.getElementById("new-ticket");
  if (newTicket) {
    window.Haumai.onKey("n", function () { newTicket.click(); });
  }

  // A ticket: r writes a reply, u goes back to the list.
  const reply = document.getElementById("reply-body");
  if (reply) {
    window.Haumai.onKey("r", function () {
      reply.scrollIntoView({ block: "center" });
      reply.focus();
    });
  }
  const back = document.querySelector("[data-back]");
  if (back) {
    window.Haumai.onKey("u", function () { back.click(); });
  }
})();
