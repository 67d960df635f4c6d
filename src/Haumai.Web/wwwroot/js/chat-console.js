// Haumai chat console (/agent/chat): the agent's side of live chat over the hub /hubs/chat-agent.
// The hub checks every call against the database; this file only draws what it answers. Anything
// a visitor typed is put in the page with textContent, never as HTML. The words come from data-*
// attributes of #chat-console (rendered from the localizer): this file holds no language.
"use strict";
(function () {
  const root = document.getElementById("chat-console");
  if (!root) {
    return;
  }
  const $ = function (id) { return document.getElementById(id); };
  const text = function (name) { return root.dataset[name] || ""; };
  const format = function (template) {
    const args = Array.prototype.slice.call(arguments, 1);
    return template.replace(/\{(\d+)\}/g, function (_, i) { return String(args[Number(i)]); });
  };
  const el = function (tag, className, content) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (content !== undefined && content !== null) {
      node.textContent = String(content);
    }
    return node;
  };

  const live = $("chat-live");
  const errorBox = $("chat-error");
  const presence = $("chat-presence");
  const maxChats = $("chat-max-chats");
  const messages = $("chat-messages");
  const composer = $("chat-composer");
  const typingLine = $("chat-typing");
  const transferAgent = $("chat-transfer-agent");
  const transferTeam = $("chat-transfer-team");
  const canned = $("chat-canned");
  const navCount = $("nav-chat-count");

  let consoleView = null; // the last ConsoleView
  let current = null; // the open chat's ChatView, kept up to date by the pushes
  const joined = {}; // conversation ids whose live events this connection hears (Open without Close)
  const drafts = {}; // what was typed and not sent, per chat, kept while another chat is open

  function show(state) {
    live.dataset.state = state;
    live.textContent = text("text" + state.charAt(0).toUpperCase() + state.slice(1));
  }

  // Hub refusals arrive as "code: English text"; the page has the words for the known codes.
  function fail(error) {
    const message = (error && error.message) || String(error);
    // The client wraps it: "An unexpected error occurred invoking 'X' on the server. HubException: code: text".
    const at = message.lastIndexOf("HubException: ");
    const match = /^([a-z]+(?:-[a-z]+)*): ([^]*)$/.exec(at >= 0 ? message.slice(at + "HubException: ".length) : message);
    let shown = null;
    if (match) {
      const key = "error" + match[1].split("-").map(function (w) { return w.charAt(0).toUpperCase() + w.slice(1); }).join("");
      shown = root.dataset[key] || match[2];
    }
    errorBox.textContent = shown || format(text("textError"), message);
    errorBox.hidden = false;
  }
  function clearError() {
    errorBox.hidden = true;
    errorBox.textContent = "";
  }

  // A short two-note beep made by the Web Audio API: no sound file to serve. Browsers let audio
  // start only after the page was used, so the context is made (or resumed) on the first click.
  let audio = null;
  document.addEventListener("pointerdown", function () {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      if (audio.state === "suspended") {
        audio.resume();
      }
    } catch (e) { audio = null; }
  }, { once: true });
  function beep() {
    if (!audio) {
      return;
    }
    const now = audio.currentTime;
    [880, 1320].forEach(function (frequency, i) {
      const osc = audio.createOscillator();
      const gain = audio.createGain();
      osc.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, now + i * 0.15);
      gain.gain.exponentialRampToValueAtTime(0.2, now + i * 0.15 + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, now + i * 0.15 + 0.14);
      osc.connect(gain).connect(audio.destination);
      osc.start(now + i * 0.15);
      osc.stop(now + i * 0.15 + 0.15);
    });
  }

  // Desktop notifications are asked for by a button (browsers ignore or punish asking on load).
  const notify = $("chat-notify");
  if ("Notification" in window && Notification.permission === "default") {
    notify.hidden = false;
    notify.addEventListener("click", function () {
      Notification.requestPermission().then(function () { notify.hidden = true; });
    });
  }
  function desktop(title, body) {
    if ("Notification" in window && Notification.permission === "granted" && document.hidden) {
      try {
        const n = new Notification(title, { body: body || "", tag: "haumai-chat" });
        n.onclick = function () { window.focus(); n.close(); };
      } catch (e) { /* some browsers allow notifications only from a service worker */ }
    }
  }

  // ---- the lists ---------------------------------------------------------------------------

  function waited(since) {
    const minutes = Math.max(0, Math.floor((Date.now() - new Date(since).getTime()) / 60000));
    if (minutes < 1) {
      return text("textUnderMinute");
    }
    return minutes < 60 ? format(text("textMinutes"), minutes) : format(text("textHours"), Math.floor(minutes / 60), minutes % 60);
  }

  function item(chat, kind) {
    const li = el("li", "list-group-item list-group-item-action chat-item");
    li.dataset.conversationId = String(chat.id);
    li.tabIndex = 0;
    li.setAttribute("role", "button");
    if (current && current.chat.id === chat.id) {
      li.classList.add("active");
      li.setAttribute("aria-current", "true");
    }
    const top = el("div", "d-flex align-items-center gap-1");
    if (kind === "mine" && chat.lastMessageId > chat.agentReadUpTo && !(current && current.chat.id === chat.id)) {
      const dot = el("span", "chat-unread");
      dot.setAttribute("aria-hidden", "true");
      top.appendChild(dot);
      li.classList.add("unread");
    }
    top.appendChild(el("span", "fw-semibold text-truncate", chat.visitorName || chat.visitorEmail || text("textVisitor")));
    if (kind === "waiting") {
      const since = el("span", "ms-auto small chat-waited", format(text("textWaited"), waited(chat.createdAt)));
      since.dataset.since = chat.createdAt;
      top.appendChild(since);
    } else if (kind === "others") {
      top.appendChild(el("span", "ms-auto small text-body-secondary text-truncate", chat.assigneeName || ""));
    }
    li.appendChild(top);
    li.appendChild(el("div", "small text-body-secondary text-truncate", chat.lastMessage || chat.teamName || ""));
    return li;
  }

  function fill(list, chats, kind) {
    list.replaceChildren();
    if (chats.length === 0) {
      list.appendChild(el("li", "list-group-item small text-body-secondary", text("textNone")));
      return;
    }
    chats.forEach(function (c) { list.appendChild(item(c, kind)); });
  }

  function drawConsole() {
    const v = consoleView;
    if (!v) {
      return;
    }
    if (document.activeElement !== presence) {
      presence.value = v.presence;
    }
    if (document.activeElement !== maxChats) {
      maxChats.value = String(v.maxChats);
    }
    // Oldest first: the one who has waited longest is served first.
    const waiting = v.waiting.slice().sort(function (a, b) { return new Date(a.createdAt) - new Date(b.createdAt); });
    fill($("chat-waiting"), waiting, "waiting");
    fill($("chat-mine"), v.mine, "mine");
    fill($("chat-others"), v.others, "others");
    $("chat-waiting-count").textContent = waiting.length ? String(waiting.length) : "";
    if (navCount) {
      navCount.textContent = String(waiting.length);
      navCount.hidden = waiting.length === 0;
    }
    options(transferAgent, text("textChooseAgent"), v.colleagues.map(function (c) {
      return { value: c.id, label: c.name + " · " + (text(c.presence === "offline" ? "textOfflinePresence" : "text" + c.presence.charAt(0).toUpperCase() + c.presence.slice(1)) || c.presence) };
    }));
    options(transferTeam, text("textChooseTeam"), v.teams.map(function (t) { return { value: t.id, label: t.name }; }));
  }

  function options(select, placeholder, values) {
    // Rebuilt only when something changed: a rebuild closes the list if the agent has it open.
    const signature = JSON.stringify(values);
    if (select.dataset.signature === signature) {
      return;
    }
    select.dataset.signature = signature;
    const chosen = select.value;
    select.replaceChildren(new Option(placeholder, ""));
    values.forEach(function (o) { select.appendChild(new Option(o.label, String(o.value))); });
    select.value = values.some(function (o) { return String(o.value) === chosen; }) ? chosen : "";
  }

  // Pushes come in bursts (routing, transfers): one Console() call for a burst.
  let consoleTimer = null;
  function loadConsole() {
    if (consoleTimer) {
      return;
    }
    consoleTimer = window.setTimeout(function () {
      consoleTimer = null;
      connection.invoke("Console").then(function (v) {
        consoleView = v;
        drawConsole();
        hearMine();
        if (current) {
          const summary = find(current.chat.id);
          if (summary) {
            current.chat = summary;
            drawHeader();
            markRead(); // it may have become mine since it was opened
          }
        }
      }).catch(fail);
    }, 150);
  }

  // Messages are pushed only to connections that opened the chat: join every chat of mine, so a
  // visitor writing in one that is not on screen beeps and marks it unread.
  function hearMine() {
    consoleView.mine.forEach(function (c) {
      if (!joined[c.id]) {
        joined[c.id] = true;
        connection.invoke("Open", c.id).catch(function () { delete joined[c.id]; });
      }
    });
  }

  function find(id) {
    if (!consoleView) {
      return null;
    }
    return consoleView.waiting.concat(consoleView.mine, consoleView.others).find(function (c) { return c.id === id; }) || null;
  }

  ["chat-waiting", "chat-mine", "chat-others"].forEach(function (id) {
    const list = $(id);
    list.addEventListener("click", function (e) {
      const li = e.target.closest("[data-conversation-id]");
      if (li) {
        open(Number(li.dataset.conversationId));
      }
    });
    list.addEventListener("keydown", function (e) {
      const li = e.target.closest("[data-conversation-id]");
      if (li && (e.key === "Enter" || e.key === " ")) {
        e.preventDefault();
        open(Number(li.dataset.conversationId));
      }
    });
  });

  function setPresence() {
    const max = parseInt(maxChats.value, 10);
    connection.invoke("SetPresence", presence.value, isNaN(max) ? null : max)
      .then(function (v) { consoleView = v; drawConsole(); clearError(); })
      .catch(fail);
  }
  presence.addEventListener("change", setPresence);
  maxChats.addEventListener("change", setPresence);
  $("chat-presence-form").addEventListener("submit", function (e) { e.preventDefault(); setPresence(); });

  // ---- the open chat -----------------------------------------------------------------------

  function open(id) {
    clearError();
    const previous = current && current.chat.id;
    return connection.invoke("Open", id).then(function (view) {
      joined[id] = true;
      // Keep hearing my own chats (a message there beeps and marks it unread); leave the others.
      if (previous && previous !== id && !(consoleView && consoleView.mine.some(function (c) { return c.id === previous; }))) {
        delete joined[previous];
        connection.invoke("Close", previous).catch(function () { /* leaving is best effort */ });
      }
      const sameChat = previous === id;
      if (!sameChat) {
        // A draft belongs to its chat: switching must not carry it into another conversation.
        if (previous) {
          drafts[previous] = composer.value;
        }
        composer.value = drafts[id] || "";
        delete drafts[id];
      }
      current = view;
      drawChat(sameChat);
      drawConsole();
      if (!sameChat) {
        loadCanned(view.chat.teamId);
        composer.focus();
      }
    }).catch(fail);
  }

  // Back to "choose a chat" (the open one went to a team this agent cannot see).
  function closeView() {
    if (current) {
      delete joined[current.chat.id];
    }
    current = null;
    composer.value = "";
    $("chat-open").hidden = true;
    $("chat-customer").hidden = true;
    $("chat-empty").hidden = false;
    drawConsole();
  }

  function drawHeader() {
    const c = current.chat;
    $("chat-title").textContent = c.visitorName || c.visitorEmail || text("textVisitor");
    const ended = c.state === "ended";
    $("chat-accept").hidden = c.state !== "waiting";
    $("chat-end").disabled = ended;
    $("chat-transfer").disabled = ended;
    $("chat-send").disabled = ended;
    composer.disabled = ended;
    drawTicket();
  }

  function drawTicket() {
    const box = $("chat-ticket");
    if (current.ticketId) {
      const link = $("chat-ticket-link");
      link.href = "/agent/tickets/" + current.ticketId;
      link.textContent = format(text("textOpenTicket"), "#" + current.ticketId);
      box.hidden = false;
    } else {
      box.hidden = true;
    }
  }

  function drawChat(keepScroll) {
    $("chat-empty").hidden = true;
    $("chat-open").hidden = false;
    drawHeader();
    const atBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
    messages.replaceChildren();
    current.messages.forEach(function (m) { messages.appendChild(messageNode(m)); });
    receipts();
    typingLine.hidden = true;
    if (!keepScroll || atBottom) {
      messages.scrollTop = messages.scrollHeight;
    }
    drawCustomer();
    markRead();
  }

  function messageNode(m) {
    const li = el("li", "chat-message chat-" + m.sender);
    li.dataset.messageId = String(m.id || "");
    if (m.clientId) {
      li.dataset.clientId = m.clientId;
    }
    if (m.sender !== "system") {
      const head = el("div", "chat-meta small text-body-secondary");
      head.appendChild(el("span", "me-2", m.authorName || (m.sender === "visitor" ? (current.chat.visitorName || text("textVisitor")) : "")));
      const time = el("time", null, new Date(m.createdAt).toLocaleTimeString(document.documentElement.lang, { hour: "2-digit", minute: "2-digit" }));
      time.dateTime = m.createdAt;
      head.appendChild(time);
      li.appendChild(head);
    }
    li.appendChild(el("div", "chat-body", m.body));
    if (m.attachmentId) {
      const a = el("a", "small", m.attachmentName || String(m.attachmentId));
      a.href = "/api/v1/attachments/" + m.attachmentId;
      li.appendChild(a);
    }
    if (m.sender === "agent") {
      li.appendChild(el("div", "chat-status small text-body-secondary"));
    }
    return li;
  }

  // "sent" until the visitor's side says it read up to a message, then "seen"; only the last
  // agent message carries a word, as chat apps do.
  function receipts() {
    const agentLines = messages.querySelectorAll("li.chat-agent");
    Array.prototype.forEach.call(agentLines, function (li, i) {
      const status = li.querySelector(".chat-status");
      if (!status || li.dataset.pending === "true" || li.dataset.failed === "true") {
        return;
      }
      const id = Number(li.dataset.messageId);
      status.textContent = i === agentLines.length - 1 ? (id && id <= current.visitorReadUpTo ? text("textSeen") : text("textSent")) : "";
    });
  }

  function drawCustomer() {
    const panel = $("chat-customer");
    const customer = current.customer || {};
    const values = {
      name: customer.name || current.chat.visitorName,
      email: customer.email || current.chat.visitorEmail,
      phone: current.phone,
      organization: customer.organization,
      plan: customer.plan,
      team: current.chat.teamName,
      pageUrl: current.pageUrl,
    };
    Array.prototype.forEach.call(panel.querySelectorAll("[data-field]"), function (dd) {
      dd.textContent = values[dd.dataset.field] || "—";
    });
    const list = $("chat-customer-tickets");
    list.replaceChildren();
    const statuses = {};
    Array.prototype.forEach.call(document.querySelectorAll("#chat-statuses [data-status]"), function (s) { statuses[s.dataset.status] = s.textContent; });
    (customer.openTickets || []).forEach(function (t) {
      const li = el("li", "mb-1");
      const a = el("a", null, t.number + " " + t.subject);
      a.href = "/agent/tickets/" + t.id;
      li.appendChild(a);
      li.appendChild(el("span", "ms-1 text-body-secondary", "· " + (statuses[t.status] || t.status)));
      list.appendChild(li);
    });
    if (!list.firstChild) {
      list.appendChild(el("li", "text-body-secondary", text("textNone")));
    }
    panel.hidden = false;
  }

  // What the agent has on screen is read: tell the hub (and so the visitor) up to where.
  function markRead() {
    // Only the agent who has the chat reads for it: a colleague looking in is not an answer.
    const mine = current && consoleView && consoleView.mine.some(function (c) { return c.id === current.chat.id; });
    if (!mine || document.hidden) {
      return;
    }
    const last = current.messages.reduce(function (max, m) { return m.id > max ? m.id : max; }, 0);
    if (last > (current.chat.agentReadUpTo || 0)) {
      current.chat.agentReadUpTo = last;
      connection.invoke("Read", current.chat.id, last).then(loadConsole).catch(function () { /* a receipt is not worth an error */ });
    }
  }
  document.addEventListener("visibilitychange", markRead);

  function append(m) {
    if (current.messages.some(function (x) { return x.id === m.id; })) {
      return;
    }
    // My own message comes back as a push too: it replaces its "sending..." line.
    const pending = m.clientId ? messages.querySelector('li[data-client-id="' + CSS.escape(m.clientId) + '"]') : null;
    current.messages.push(m);
    const atBottom = messages.scrollHeight - messages.scrollTop - messages.clientHeight < 40;
    const node = messageNode(m);
    if (pending) {
      pending.replaceWith(node);
    } else {
      messages.appendChild(node);
    }
    receipts();
    if (atBottom || m.sender === "agent") {
      messages.scrollTop = messages.scrollHeight;
    }
  }

  // ---- writing -----------------------------------------------------------------------------

  function send() {
    if (!current) {
      return;
    }
    const body = composer.value.trim();
    if (!body) {
      return;
    }
    const id = current.chat.id;
    const clientId = window.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random().toString(16).slice(2);
    const line = messageNode({ id: 0, sender: "agent", authorName: "", body: body, clientId: clientId, createdAt: new Date().toISOString() });
    line.dataset.pending = "true";
    line.querySelector(".chat-status").textContent = text("textSending");
    messages.appendChild(line);
    messages.scrollTop = messages.scrollHeight;
    composer.value = "";
    stopTyping();
    connection.invoke("Send", id, clientId, body).then(function (sent) {
      const node = messages.querySelector('li[data-client-id="' + CSS.escape(clientId) + '"]');
      if (node && node.dataset.pending === "true") {
        node.dataset.pending = "false";
        node.dataset.messageId = String(sent.id);
      }
      clearError();
      receipts();
      if (current && current.chat.state === "waiting") {
        // Answering a waiting chat takes it.
        loadConsole();
      }
    }).catch(function (error) {
      const node = messages.querySelector('li[data-client-id="' + CSS.escape(clientId) + '"]');
      if (node) {
        node.dataset.pending = "false";
        node.dataset.failed = "true";
        node.querySelector(".chat-status").textContent = text("textFailed");
      }
      if (!composer.value) {
        composer.value = body; // nothing typed since: give the text back to try again
      }
      fail(error);
    });
  }
  $("chat-form").addEventListener("submit", function (e) { e.preventDefault(); send(); });
  composer.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send();
    }
  });

  // Typing: "true" at most every 3 s while keys come, "false" 4 s after the last one or on send.
  let typingSentAt = 0;
  let typingTimer = null;
  composer.addEventListener("input", function () {
    if (!current || current.chat.state === "ended") {
      return;
    }
    const now = Date.now();
    if (now - typingSentAt > 3000) {
      typingSentAt = now;
      connection.invoke("Typing", current.chat.id, true).catch(function () { /* best effort */ });
    }
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(stopTyping, 4000);
  });
  function stopTyping() {
    window.clearTimeout(typingTimer);
    if (typingSentAt && current) {
      typingSentAt = 0;
      connection.invoke("Typing", current.chat.id, false).catch(function () { /* best effort */ });
    }
  }

  // Canned responses of the chat's team (and the global ones): the text goes in at the cursor.
  let cannedTeam = null;
  function loadCanned(teamId) {
    if (cannedTeam === teamId) {
      return;
    }
    cannedTeam = teamId;
    canned.replaceChildren(new Option(text("textChooseCanned"), ""));
    fetch("/api/v1/canned-responses?teamId=" + encodeURIComponent(teamId), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) {
        items.forEach(function (c) {
          const option = new Option(c.title, String(c.id));
          option.dataset.body = c.body;
          canned.appendChild(option);
        });
      })
      .catch(function () { cannedTeam = null; });
  }
  canned.addEventListener("change", function () {
    const option = canned.options[canned.selectedIndex];
    if (option && option.dataset.body && current) {
      // The placeholders the ticket page fills on the server, filled here from the open chat.
      const filled = option.dataset.body
        .split("{{customer.name}}").join((current.customer && current.customer.name) || current.chat.visitorName || "")
        .split("{{agent.name}}").join(root.dataset.agentName || "")
        .split("{{ticket.number}}").join(current.ticketId ? "#" + current.ticketId : "")
        .split("{{ticket.subject}}").join("");
      const start = composer.selectionStart;
      const end = composer.selectionEnd;
      composer.value = composer.value.slice(0, start) + filled + composer.value.slice(end);
      composer.focus();
      composer.selectionStart = composer.selectionEnd = start + filled.length;
    }
    canned.selectedIndex = 0;
  });

  // ---- actions -----------------------------------------------------------------------------

  function act(promise) {
    return promise.then(function (result) { clearError(); loadConsole(); return result; }).catch(function (e) { fail(e); throw e; });
  }
  $("chat-accept").addEventListener("click", function () {
    const id = current.chat.id;
    act(connection.invoke("Accept", id)).then(function () { open(id); }).catch(function () { loadConsole(); });
  });
  $("chat-transfer").addEventListener("click", function () {
    const agent = transferAgent.value ? Number(transferAgent.value) : null;
    const team = agent === null && transferTeam.value ? Number(transferTeam.value) : null;
    const id = current.chat.id;
    act(connection.invoke("Transfer", id, agent, team)).then(function () {
      transferAgent.value = "";
      transferTeam.value = "";
      // Handed to another team, the chat may be out of sight now: then the view closes.
      connection.invoke("Open", id).then(function (view) {
        if (current && current.chat.id === id) {
          current = view;
          drawChat(true);
        }
      }).catch(function () {
        if (current && current.chat.id === id) {
          closeView();
        }
      });
    }).catch(function () { /* shown */ });
  });
  // One target at a time: choosing an agent clears the team and back.
  transferAgent.addEventListener("change", function () { if (transferAgent.value) { transferTeam.value = ""; } });
  transferTeam.addEventListener("change", function () { if (transferTeam.value) { transferAgent.value = ""; } });
  $("chat-end").addEventListener("click", function () {
    if (!window.confirm(text("textConfirmEnd"))) {
      return;
    }
    const id = current.chat.id;
    act(connection.invoke("End", id)).then(function () { open(id); }).catch(function () { /* shown */ });
  });
  $("chat-to-ticket").addEventListener("click", function () {
    const id = current.chat.id;
    act(connection.invoke("ToTicket", id)).then(function (ticketId) {
      if (current && current.chat.id === id) {
        current.ticketId = ticketId;
        drawTicket();
      }
    }).catch(function () { /* shown */ });
  });

  // ---- the connection ----------------------------------------------------------------------

  if (!window.signalR) {
    show("offline");
    return;
  }
  const connection = new signalR.HubConnectionBuilder()
    .withUrl("/hubs/chat-agent")
    .withAutomaticReconnect()
    .configureLogging(signalR.LogLevel.None)
    .build();

  connection.on("chatsChanged", loadConsole);
  connection.on("chatAssigned", function (e) {
    beep();
    desktop(text("textNewChat"), "");
    loadConsole();
    // Open it, unless the agent is in the middle of writing in another chat: then it waits in
    // "my chats" with its unread dot, and the draft stays where it was typed.
    if (!current || !composer.value.trim() || current.chat.id === e.conversationId) {
      open(e.conversationId);
    } else {
      connection.invoke("Open", e.conversationId).then(function () { joined[e.conversationId] = true; }).catch(function () { /* the list shows it anyway */ });
    }
  });
  connection.on("message", function (m) {
    const here = current && current.chat.id === m.conversationId;
    if (here) {
      append(m);
      if (m.sender === "visitor") {
        typingLine.hidden = true;
        markRead();
      }
    }
    if (m.sender === "visitor" && (!here || document.hidden)) {
      beep();
      desktop(format(text("textNewMessage"), m.authorName || text("textVisitor")), m.body);
    }
    loadConsole();
  });
  let typingHide = null;
  connection.on("typing", function (e) {
    if (current && current.chat.id === e.conversationId && e.side === "visitor") {
      typingLine.hidden = !e.typing;
      // A lost "stopped typing" must not leave the line up for ever.
      window.clearTimeout(typingHide);
      if (e.typing) {
        typingHide = window.setTimeout(function () { typingLine.hidden = true; }, 8000);
      }
    }
  });
  connection.on("read", function (e) {
    if (current && current.chat.id === e.conversationId && e.side === "visitor") {
      current.visitorReadUpTo = Math.max(current.visitorReadUpTo || 0, e.upTo);
      receipts();
    }
  });
  connection.on("state", function (e) {
    if (current && current.chat.id === e.conversationId) {
      current.chat.state = e.state;
      drawHeader();
    }
    loadConsole();
  });

  connection.onreconnecting(function () { show("connecting"); });
  // Pushes sent while away are lost, and the hub's groups were the old connection's: read the
  // lists again and open the chats again.
  connection.onreconnected(function () { show("live"); resume(); });
  connection.onclose(function () { show("offline"); start(5000); });
  function resume() {
    loadConsole();
    const openId = current && current.chat.id;
    Object.keys(joined).forEach(function (id) {
      if (Number(id) !== openId) {
        connection.invoke("Open", Number(id)).catch(function () { delete joined[id]; });
      }
    });
    if (openId) {
      open(openId);
    }
  }
  function start(delay) {
    window.setTimeout(function () {
      connection.start()
        .then(function () { show("live"); resume(); })
        .catch(function () {
          show("offline");
          start(Math.min((delay || 1000) * 2, 30000));
        });
    }, delay || 0);
  }
  start(0);

  // Wait times grow while nothing is pushed (only their text: redrawing the lists would close an open select).
  window.setInterval(function () {
    Array.prototype.forEach.call(document.querySelectorAll("#chat-waiting .chat-waited[data-since]"), function (span) {
      span.textContent = format(text("textWaited"), waited(span.dataset.since));
    });
  }, 30000);
})();
