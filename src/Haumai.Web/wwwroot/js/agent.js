// Haumai agent workspace: the live queue, keyboard shortcuts, bulk selection and canned responses.
// Every form works without this file; it only saves reloads and keystrokes. No inline scripts
// (the CSP forbids them): the pages hand over what this needs in data-* attributes.
"use strict";
(function () {
  const queue = document.getElementById("queue");
  if (queue) {
    queuePage(queue);
  }
  const reply = document.getElementById("reply-form");
  if (reply) {
    ticketPage(reply);
  }

  function queuePage(table) {
    const rows = function () {
      return Array.prototype.slice.call(table.querySelectorAll("tbody tr[data-ticket-number]"));
    };
    let current = null; // the ticket number of the row j/k are on

    // j/k move the current row; Enter (on its link) or o opens it; x ticks it for a bulk action.
    function move(step) {
      const all = rows();
      if (all.length === 0) {
        return;
      }
      let index = all.findIndex(function (r) { return r.dataset.ticketNumber === current; });
      index = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
      select(all[index]);
    }
    function select(row) {
      rows().forEach(function (r) { r.classList.remove("row-current"); });
      row.classList.add("row-current");
      current = row.dataset.ticketNumber;
      const link = row.querySelector("a.ticket-link");
      if (link) {
        link.focus({ preventScroll: true });
      }
      row.scrollIntoView({ block: "nearest" });
    }
    function currentRow() {
      return rows().find(function (r) { return r.dataset.ticketNumber === current; }) || null;
    }
    Haumai.onKey("j", function () { move(1); });
    Haumai.onKey("k", function () { move(-1); });
    Haumai.onKey("o", function () {
      const row = currentRow();
      const link = row && row.querySelector("a.ticket-link");
      if (link) {
        window.location.assign(link.href);
      }
    });
    Haumai.onKey("x", function () {
      const row = currentRow();
      const box = row && row.querySelector("input[name=ids]");
      if (box) {
        box.checked = !box.checked;
        selectionChanged();
      }
    });

    // Bulk selection: "select all" and a count of what is ticked.
    const all = document.getElementById("select-all");
    const count = document.getElementById("bulk-selected");
    const countIdle = count ? count.textContent : "";
    function boxes() {
      return Array.prototype.slice.call(table.querySelectorAll("input[name=ids]"));
    }
    function selectionChanged() {
      const ticked = boxes().filter(function (b) { return b.checked; }).length;
      if (all) {
        all.checked = ticked > 0 && ticked === boxes().length;
        all.indeterminate = ticked > 0 && ticked < boxes().length;
      }
      if (count) {
        count.textContent = ticked > 0 ? count.dataset.text.replace("{0}", String(ticked)) : countIdle;
      }
    }
    if (all) {
      all.addEventListener("change", function () {
        boxes().forEach(function (b) { b.checked = all.checked; });
        selectionChanged();
      });
    }
    table.addEventListener("change", function (e) {
      if (e.target && e.target.name === "ids") {
        selectionChanged();
      }
    });

    live(table, rows, selectionChanged, function () { return current; });
  }

  // The live queue: the hub says a ticket changed; the page asks the server for its rows again
  // (same view, filters and page) and swaps them in, so a row appears only where it belongs.
  function live(table, rows, selectionChanged, currentNumber) {
    const status = document.getElementById("live-status");
    function show(state) {
      if (status) {
        status.dataset.state = state;
        status.textContent = status.dataset["text" + state.charAt(0).toUpperCase() + state.slice(1)] || state;
      }
    }
    if (!window.signalR) {
      show("offline");
      return;
    }

    let busy = false;
    let again = false;
    let timer = null;
    let hidden = false;
    // Many pushes in a burst (a bulk action, a busy morning) make one refresh, at most one a second;
    // a queue in a background tab waits until it is looked at again.
    function schedule() {
      if (document.hidden) {
        hidden = true;
        return;
      }
      if (timer || busy) {
        again = true;
        return;
      }
      timer = window.setTimeout(function () {
        timer = null;
        refresh();
      }, 250);
    }
    document.addEventListener("visibilitychange", function () {
      if (!document.hidden && hidden) {
        hidden = false;
        schedule();
      }
    });
    function refresh() {
      busy = true;
      again = false;
      const url = new URL(window.location.href);
      url.searchParams.set("handler", "Rows");
      fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(swap)
        .catch(function () { show("offline"); })
        .finally(function () {
          window.setTimeout(function () {
            busy = false;
            if (again) {
              schedule();
            }
          }, 1000);
        });
    }
    // The tabs' counts arrive after the page (?handler=Counts) and with every live refresh.
    function applyCounts(root) {
      Array.prototype.forEach.call(root.querySelectorAll("#queue-counts [data-view-count]"), function (c) {
        const target = document.querySelector('.queue-views [data-view-count="' + c.dataset.viewCount + '"]');
        if (target) {
          target.textContent = c.textContent;
        }
      });
    }
    (function loadCounts() {
      const url = new URL(window.location.href);
      url.search = "?handler=Counts";
      fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) { return response.ok ? response.text() : ""; })
        .then(function (html) {
          const template = document.createElement("template");
          template.innerHTML = html;
          applyCounts(template.content);
        })
        .catch(function () { /* the counts are a convenience; the queue works without them */ });
    })();
    function swap(html) {
      const template = document.createElement("template");
      template.innerHTML = html;
      const fresh = template.content.querySelector("#queue-rows");
      const old = table.querySelector("#queue-rows");
      if (!fresh || !old) {
        return;
      }
      // What the agent had: versions (to mark what is new or changed), ticks and the current row.
      const seen = {};
      rows().forEach(function (r) { seen[r.dataset.ticketNumber] = r.dataset.version; });
      const ticked = {};
      Array.prototype.forEach.call(old.querySelectorAll("input[name=ids]:checked"), function (b) { ticked[b.value] = true; });
      const currentRow = currentNumber();
      const hadFocus = old.contains(document.activeElement);
      old.replaceWith(fresh);
      Array.prototype.forEach.call(fresh.querySelectorAll("tr[data-ticket-number]"), function (r) {
        const number = r.dataset.ticketNumber;
        if (seen[number] !== r.dataset.version) {
          r.classList.add("row-new");
          r.addEventListener("animationend", function () { r.classList.remove("row-new"); }, { once: true });
        }
        if (number === currentRow) {
          r.classList.add("row-current");
          const link = r.querySelector("a.ticket-link");
          if (hadFocus && link) {
            link.focus({ preventScroll: true });
          }
        }
        const box = r.querySelector("input[name=ids]");
        if (box && ticked[number]) {
          box.checked = true;
        }
      });
      applyCounts(template.content);
      const pager = template.content.querySelector("#queue-pager");
      const oldPager = document.getElementById("queue-pager");
      if (pager && oldPager) {
        oldPager.replaceWith(pager);
      }
      selectionChanged();
      show("live");
    }

    const connection = new signalR.HubConnectionBuilder()
      .withUrl("/hubs/queue")
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    connection.on("queueChanged", schedule);
    connection.onreconnecting(function () { show("connecting"); });
    // Pushes sent while away are lost: catch up once back.
    connection.onreconnected(function () { show("live"); schedule(); });
    connection.onclose(function () { show("offline"); start(5000); });
    function start(delay) {
      window.setTimeout(function () {
        connection.start()
          .then(function () {
            show("live");
            // The hub puts a connection in its groups just after the handshake: a ticket that
            // arrived between the page's render and then was pushed to nobody here, so look once.
            schedule();
          })
          .catch(function () {
            show("offline");
            start(Math.min((delay || 1000) * 2, 30000));
          });
      }, delay || 0);
    }
    start(0);
  }

  function ticketPage(form) {
    const body = document.getElementById("reply-body");
    // r: write a reply; e: solve (the same form as the Solve button).
    Haumai.onKey("r", function () {
      if (body && !body.disabled) {
        body.focus();
      }
    });
    Haumai.onKey("e", function () {
      const solve = document.getElementById("solve");
      const solveForm = document.getElementById("solve-form");
      if (solve && solveForm && !solve.disabled) {
        solveForm.requestSubmit(solve);
      }
    });

    // A canned response goes in where the cursor is, its placeholders already filled in by the server.
    const canned = document.getElementById("canned-response");
    if (canned && body) {
      canned.addEventListener("change", function () {
        const option = canned.options[canned.selectedIndex];
        const text = option && option.dataset.body;
        if (text) {
          const start = body.selectionStart;
          const end = body.selectionEnd;
          const before = body.value.slice(0, start);
          const after = body.value.slice(end);
          body.value = before + text + after;
          body.focus();
          body.selectionStart = body.selectionEnd = start + text.length;
        }
        canned.selectedIndex = 0;
      });
    }

    // A double click must not send a reply twice; coming back to the page (history) unlocks it.
    form.addEventListener("submit", function (e) {
      if (form.dataset.sent === "true") {
        e.preventDefault();
        return;
      }
      form.dataset.sent = "true";
    });
    window.addEventListener("pageshow", function () { form.dataset.sent = "false"; });
  }
})();
