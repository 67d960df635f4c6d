// Haumai admin pages. Every form works without this file; it only adds conveniences:
// confirmations, the customer-only fields, slug suggestions, placeholder buttons, copying a new
// token, and the "n" shortcut. Loaded with defer from the admin layout (no inline script: CSP).
"use strict";
(function () {
  // A destructive form asks first: <form data-confirm="Delete …?">.
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (e) {
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        e.preventDefault();
      }
    });
  });

  // The organization of a user only means something for customers: hide it for staff.
  document.querySelectorAll("select[data-role-select]").forEach(function (select) {
    const form = select.form;
    const sync = function () {
      const customer = select.value === "customer";
      form.querySelectorAll("[data-customer-only]").forEach(function (el) {
        el.hidden = !customer;
      });
    };
    select.addEventListener("change", sync);
    sync();
  });

  // New team, organization or category: suggest a slug from the name until the slug is typed in.
  // Vietnamese letters lose their marks ("Công ty Sao Mai" -> "cong-ty-sao-mai"); đ becomes d.
  document.querySelectorAll("[data-slug-source]").forEach(function (source) {
    const slug = document.querySelector(source.getAttribute("data-slug-source"));
    if (!slug || slug.readOnly) {
      return;
    }
    let touched = slug.value !== "";
    slug.addEventListener("input", function () { touched = slug.value !== ""; });
    source.addEventListener("input", function () {
      if (touched) {
        return;
      }
      slug.value = source.value
        .normalize("NFD").replace(/[\u0300-\u036f]/g, "")
        .replace(/đ/g, "d").replace(/Đ/g, "d")
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, "-")
        .replace(/^-+|-+$/g, "")
        .slice(0, 64);
    });
  });

  // Placeholder buttons insert their code at the cursor of the body.
  document.querySelectorAll("button[data-insert]").forEach(function (button) {
    button.addEventListener("click", function () {
      const target = document.querySelector(button.getAttribute("data-insert-into"));
      if (!target) {
        return;
      }
      const text = button.getAttribute("data-insert");
      const start = target.selectionStart ?? target.value.length;
      const end = target.selectionEnd ?? target.value.length;
      target.setRangeText(text, start, end, "end");
      target.focus();
      target.dispatchEvent(new Event("input", { bubbles: true }));
    });
  });

  // Copy a freshly created token. The text is selected too, so Ctrl+C works where the clipboard
  // API is refused (plain http on a LAN is not a secure context).
  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    button.addEventListener("click", function () {
      const field = document.querySelector(button.getAttribute("data-copy"));
      if (!field) {
        return;
      }
      field.select();
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(function () {
          button.textContent = button.getAttribute("data-copied-text") || button.textContent;
        });
      }
    });
  });

  // "n": the list page's "New …" button.
  if (window.Haumai) {
    window.Haumai.onKey("n", function () {
      const link = document.querySelector("[data-shortcut-new]");
      if (link) {
        link.click();
      }
    });
  }
})();
