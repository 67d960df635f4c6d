// Haumai chat widget (issue 6, C1/C3). Loaded by a provider's page with
//   <script src="https://HAUMAI/chat/widget.js" data-widget="KEY" async></script>
// (optional: data-lang="vi|en", data-color="#rrggbb"). copy-lib.mjs wraps this file and the SignalR
// browser client in one function, so the host page gets no globals. Everything is drawn in a shadow
// root (the host's CSS cannot break it, ours cannot break the host) and every text goes through
// textContent: nothing a visitor or an agent writes is ever parsed as HTML.
/* global signalR */
(function () {
  "use strict";
  var script = document.currentScript || document.querySelector("script[data-widget][src*='/chat/widget.js']");
  if (!script || !script.dataset.widget || window.__haumaiChat) { return; }
  window.__haumaiChat = true;
  var key = script.dataset.widget;
  var base = new URL(script.src, location.href).origin;
  var lang = (script.dataset.lang || document.documentElement.lang || "vi").toLowerCase().indexOf("en") === 0 ? "en" : "vi";
  var T = {
    vi: { chat: "Trò chuyện", title: "Hỗ trợ trực tuyến", name: "Họ tên", email: "Email", phone: "Số điện thoại", start: "Bắt đầu",
      placeholder: "Nhập tin nhắn…", send: "Gửi", sending: "đang gửi…", sent: "đã gửi", seen: "đã xem", typing: "đang nhập…",
      closed: "Hiện chưa có nhân viên trực. Để lại lời nhắn, chúng tôi sẽ trả lời qua email.", opens: "Mở cửa lại lúc ",
      message: "Lời nhắn", leave: "Gửi lời nhắn", left: "Đã nhận lời nhắn. Mã yêu cầu: ", ended: "Cuộc trò chuyện đã kết thúc.",
      again: "Trò chuyện mới", end: "Kết thúc", close: "Đóng", offline: "Mất kết nối, đang thử lại…", waiting: "Đang chờ nhân viên…",
      errors: { "contact-required": "Vui lòng nhập họ tên và email hoặc số điện thoại.", "bad-email": "Email không hợp lệ.",
        "bad-phone": "Số điện thoại không hợp lệ.", "email-required": "Vui lòng nhập email để chúng tôi trả lời.",
        "too-long": "Tin nhắn quá dài.", "rate-limited": "Bạn gửi quá nhanh, vui lòng đợi một lát.", "blocked": "Trò chuyện không khả dụng.",
        "chat-ended": "Cuộc trò chuyện đã kết thúc.", other: "Có lỗi xảy ra, vui lòng thử lại." } },
    en: { chat: "Chat", title: "Live support", name: "Name", email: "Email", phone: "Phone", start: "Start",
      placeholder: "Type a message…", send: "Send", sending: "sending…", sent: "sent", seen: "seen", typing: "typing…",
      closed: "Nobody is available right now. Leave a message and we will answer by email.", opens: "We open again at ",
      message: "Message", leave: "Send message", left: "Message received. Ticket number: ", ended: "The chat has ended.",
      again: "New chat", end: "End chat", close: "Close", offline: "Connection lost, retrying…", waiting: "Waiting for an agent…",
      errors: { "contact-required": "Please give your name and an email or phone number.", "bad-email": "The email is not valid.",
        "bad-phone": "The phone number is not valid.", "email-required": "Please give an email so that we can answer.",
        "too-long": "The message is too long.", "rate-limited": "Too fast, please wait a moment.", "blocked": "Chat is not available.",
        "chat-ended": "The chat has ended.", other: "Something went wrong, please try again." } }
  }[lang];
  var storeKey = "haumai-chat:" + key;
  var token = null;
  try { token = localStorage.getItem(storeKey); } catch (e) { /* storage blocked: the chat lasts as long as the page */ }
  var color = /^#[0-9a-f]{6}$/i.test(script.dataset.color || "") ? script.dataset.color : "#0d6efd";

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    for (var k in attrs || {}) { e.setAttribute(k, attrs[k]); }
    if (text != null) { e.textContent = text; }
    return e;
  }

  var host = el("div", { id: "haumai-chat" });
  var root = host.attachShadow({ mode: "open" });
  var css =
    ":host{all:initial}*{box-sizing:border-box;font:14px/1.4 system-ui,sans-serif}" +
    ".btn{position:fixed;right:20px;bottom:20px;z-index:2147483000;border:0;border-radius:24px;padding:12px 18px;color:#fff;background:var(--c);cursor:pointer;box-shadow:0 2px 8px #0004}" +
    ".panel{position:fixed;right:20px;bottom:76px;z-index:2147483000;width:340px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 100px);display:none;flex-direction:column;background:#fff;color:#212529;border-radius:12px;box-shadow:0 4px 24px #0005;overflow:hidden}" +
    ".open .panel{display:flex}.head{background:var(--c);color:#fff;padding:10px 12px;display:flex;justify-content:space-between;align-items:center}" +
    ".head b{font-weight:600}.head button{background:none;border:0;color:#fff;cursor:pointer;font-size:18px}.head .end{font-size:12px;text-decoration:underline}" +
    ".log{flex:1;overflow-y:auto;padding:10px;background:#f6f7f9}.m{margin:4px 0;display:flex;flex-direction:column}.m span{padding:6px 10px;border-radius:10px;max-width:85%;white-space:pre-wrap;overflow-wrap:anywhere}" +
    ".visitor{align-items:flex-end}.visitor span{background:var(--c);color:#fff}.agent span{background:#fff;border:1px solid #dde}.system span{background:none;color:#6c757d;font-size:12px;text-align:center;max-width:100%}.system{align-items:center}" +
    ".m small{color:#6c757d;font-size:11px}.info{padding:8px 10px;color:#6c757d;font-size:13px}.err{color:#b02a37}" +
    "form{padding:8px;display:flex;flex-direction:column;gap:6px;border-top:1px solid #dee2e6}input,textarea{width:100%;padding:6px 8px;border:1px solid #ced4da;border-radius:6px}" +
    "textarea{resize:none;height:56px}form button{align-self:flex-end;border:0;border-radius:6px;padding:6px 14px;color:#fff;background:var(--c);cursor:pointer}[hidden]{display:none!important}";
  // A constructed style sheet where the browser has them: a page whose CSP forbids inline styles still shows the widget.
  if (root.adoptedStyleSheets && window.CSSStyleSheet && CSSStyleSheet.prototype.replaceSync) {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    root.adoptedStyleSheets = [sheet];
  } else {
    root.appendChild(el("style", null, css));
  }
  var wrap = el("div", { part: "root" });
  wrap.style.setProperty("--c", color);
  root.appendChild(wrap);
  var button = el("button", { type: "button", class: "btn", "aria-expanded": "false" }, T.chat);
  var panel = el("div", { class: "panel", role: "dialog", "aria-label": T.title });
  var head = el("div", { class: "head" });
  var title = el("b", null, T.title);
  var endButton = el("button", { type: "button", class: "end", title: T.end }, T.end);
  var closeButton = el("button", { type: "button", title: T.close, "aria-label": T.close }, "×");
  var tools = el("div");
  tools.append(endButton, closeButton);
  head.append(title, tools);
  var log = el("div", { class: "log", "aria-live": "polite" });
  var info = el("div", { class: "info status", role: "status" });
  var typing = el("div", { class: "info typing", hidden: "" }, T.typing);

  function field(form, name, label, type) {
    var input = el(type === "textarea" ? "textarea" : "input", { name: name, "aria-label": label, placeholder: label });
    if (type && type !== "textarea") { input.type = type; }
    form.appendChild(input);
    return input;
  }
  var contact = el("form", { class: "contact", hidden: "" });
  var cName = field(contact, "name", T.name), cEmail = field(contact, "email", T.email, "email"), cPhone = field(contact, "phone", T.phone, "tel");
  var cFirst = field(contact, "message", T.placeholder, "textarea");
  contact.appendChild(el("button", { type: "submit" }, T.start));
  var offline = el("form", { class: "offline", hidden: "" });
  var oName = field(offline, "name", T.name), oEmail = field(offline, "email", T.email, "email"), oPhone = field(offline, "phone", T.phone, "tel");
  var oMessage = field(offline, "message", T.message, "textarea");
  offline.appendChild(el("button", { type: "submit" }, T.leave));
  var composer = el("form", { class: "composer", hidden: "" });
  var text = field(composer, "text", T.placeholder, "textarea");
  composer.appendChild(el("button", { type: "submit" }, T.send));
  var again = el("form", { class: "again", hidden: "" });
  again.appendChild(el("button", { type: "submit" }, T.again));
  panel.append(head, log, typing, info, contact, offline, composer, again);
  wrap.append(button, panel);

  var connection = null, conversation = null, requireContact = true, pending = {}, shown = {}, readUpTo = 0, lastAgentId = 0, typingTimer = null, isTyping = false;

  function show(form) {
    [contact, offline, composer, again].forEach(function (f) { f.hidden = f !== form; });
  }
  function say(message, isError) {
    info.textContent = message || "";
    info.className = isError ? "info status err" : "info status";
  }
  function refusal(e) {
    var code = String((e && e.message) || "").replace(/^.*HubException: /, "").split(":")[0].trim();
    return T.errors[code] || T.errors.other;
  }
  function time(iso) {
    var d = new Date(iso);
    return d.toLocaleTimeString(lang === "en" ? "en-GB" : "vi-VN", { hour: "2-digit", minute: "2-digit" });
  }
  function add(m) {
    if (shown[m.id]) { return; }
    var line = pending[m.clientId];
    if (m.clientId && line) {
      delete pending[m.clientId];
    } else {
      line = el("div", { class: "m " + m.sender });
      line.appendChild(el("span"));
      line.appendChild(el("small"));
      log.appendChild(line);
    }
    shown[m.id] = line;
    line.dataset.id = m.id;
    line.firstChild.textContent = m.body;
    line.lastChild.textContent = m.sender === "system" ? "" : (m.sender === "agent" && m.authorName ? m.authorName + " · " : "") + time(m.createdAt) +
      (m.sender === "visitor" ? " · " + (m.id <= readUpTo ? T.seen : T.sent) : "");
    if (m.sender === "agent") { lastAgentId = Math.max(lastAgentId, m.id); markRead(); }
    log.scrollTop = log.scrollHeight;
  }
  function markRead() {
    if (conversation && wrap.classList.contains("open") && lastAgentId > 0 && connection) {
      connection.invoke("Read", lastAgentId).catch(function () {});
    }
  }
  function seen(upTo) {
    readUpTo = Math.max(readUpTo, upTo);
    Object.keys(shown).forEach(function (id) {
      var line = shown[id];
      if (line.classList.contains("visitor") && Number(id) <= readUpTo) {
        line.lastChild.textContent = line.lastChild.textContent.replace(T.sent, T.seen);
      }
    });
  }
  function render(hello) {
    if (hello.widget) {
      title.textContent = hello.widget.name || T.title;
      if (!script.dataset.color && /^#[0-9a-f]{6}$/i.test(hello.widget.color)) { wrap.style.setProperty("--c", hello.widget.color); }
      requireContact = hello.widget.requireContact;
    }
    var c = hello.conversation;
    log.textContent = "";
    shown = {};
    if (hello.widget && hello.widget.greeting) { log.appendChild(el("div", { class: "m system" })).appendChild(el("span", null, hello.widget.greeting)); }
    conversation = c ? c.id : null;
    endButton.hidden = !c || c.state === "ended";
    if (c) {
      readUpTo = c.agentReadUpTo || 0;
      c.messages.forEach(add);
      if (c.state === "ended") { show(again); say(T.ended); }
      else { show(composer); say(c.agentName ? "" : T.waiting); }
      return;
    }
    var a = hello.availability;
    if (!a.open) {
      show(offline);
      say(T.closed + (a.nextOpening ? " " + T.opens + new Date(a.nextOpening).toLocaleString(lang === "en" ? "en-GB" : "vi-VN",
        { weekday: "short", hour: "2-digit", minute: "2-digit", day: "2-digit", month: "2-digit" }) + "." : ""));
    } else {
      show(contact);
      cName.hidden = cEmail.hidden = cPhone.hidden = !requireContact;
      say("");
    }
  }
  function hello() {
    return connection.invoke("Hello", lang).then(render);
  }
  function connect() {
    connection = new signalR.HubConnectionBuilder()
      .withUrl(base + "/hubs/chat?widget=" + encodeURIComponent(key) + (token ? "&visitor=" + encodeURIComponent(token) : ""), { withCredentials: false })
      .withAutomaticReconnect()
      .configureLogging(signalR.LogLevel.None)
      .build();
    connection.on("message", add);
    connection.on("agent", function (a) { say(""); title.textContent = a.name; });
    connection.on("typing", function (t) { typing.hidden = !(t.side === "agent" && t.typing); });
    connection.on("read", function (r) { if (r.side === "agent") { seen(r.upTo); } });
    connection.on("state", function (s) { if (s.state === "ended") { show(again); say(T.ended); endButton.hidden = true; } });
    connection.onreconnecting(function () { say(T.offline, true); });
    // Back: the history may have grown meanwhile; Hello brings it whole.
    connection.onreconnected(function () { hello().catch(function () {}); });
    return connection.start().then(hello);
  }
  function send(body) {
    var clientId = (crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2) + Date.now());
    var line = el("div", { class: "m visitor" });
    line.appendChild(el("span", null, body));
    line.appendChild(el("small", null, T.sending));
    log.appendChild(line);
    log.scrollTop = log.scrollHeight;
    pending[clientId] = line;
    // Sent only when the server answers: it answers after the message is stored.
    return connection.invoke("Send", clientId, body).then(function (r) {
      if (pending[clientId]) { add({ id: r.id, clientId: clientId, sender: "visitor", body: body, createdAt: r.createdAt }); }
    }, function (e) {
      delete pending[clientId];
      line.remove();
      say(refusal(e), true);
      throw e;
    });
  }

  button.addEventListener("click", function () {
    var open = !wrap.classList.contains("open");
    wrap.classList.toggle("open", open);
    button.setAttribute("aria-expanded", String(open));
    if (open && !connection) { connect().catch(function (e) { say(refusal(e), true); }); }
    if (open) { markRead(); }
  });
  closeButton.addEventListener("click", function () { wrap.classList.remove("open"); button.setAttribute("aria-expanded", "false"); });
  endButton.addEventListener("click", function () { if (conversation) { connection.invoke("End").catch(function () {}); } });
  contact.addEventListener("submit", function (e) {
    e.preventDefault();
    var first = cFirst.value.trim();
    if (!first) { cFirst.focus(); return; }
    connection.invoke("Start", { name: cName.value, email: cEmail.value, phone: cPhone.value, pageUrl: location.href, language: lang })
      .then(function (started) {
        token = started.token;
        conversation = started.conversationId;
        try { localStorage.setItem(storeKey, token); } catch (x) { /* the chat lasts as long as the page */ }
        show(composer);
        say(T.waiting);
        endButton.hidden = false;
        cFirst.value = "";
        return send(first);
      })
      .catch(function (x) { say(refusal(x), true); });
  });
  composer.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = text.value.trim();
    if (!body) { return; }
    text.value = "";
    send(body).catch(function () { text.value = body; });
  });
  text.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); composer.requestSubmit(); }
  });
  text.addEventListener("input", function () {
    if (!isTyping) { isTyping = true; connection.invoke("Typing", true).catch(function () {}); }
    clearTimeout(typingTimer);
    typingTimer = setTimeout(function () { isTyping = false; connection.invoke("Typing", false).catch(function () {}); }, 2500);
  });
  offline.addEventListener("submit", function (e) {
    e.preventDefault();
    connection.invoke("LeaveMessage", { name: oName.value, email: oEmail.value, phone: oPhone.value, message: oMessage.value, language: lang })
      .then(function (number) { offline.reset(); show(null); say(T.left + number); })
      .catch(function (x) { say(refusal(x), true); });
  });
  again.addEventListener("submit", function (e) {
    e.preventDefault();
    // A new conversation: forget the old token and connect afresh.
    try { localStorage.removeItem(storeKey); } catch (x) { /* nothing kept */ }
    token = null;
    var old = connection;
    connection = null;
    old.stop().then(connect).catch(function (x) { say(refusal(x), true); });
  });
  (document.body || document.documentElement).appendChild(host);
  // A visitor with a conversation in progress sees it again after a reload.
  if (token) { button.click(); }
})();
