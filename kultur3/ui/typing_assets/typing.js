// A text field that loses no typed word (kultur3/ui/typing_field.py; issue 25 §1).
//
// Sends its text after a pause in typing and when it is left; keeps every unconfirmed draft
// in localStorage ("k3.draft.<what it edits>": the text, the saved version it was based on
// and the draft's key) until the server confirms that text; sends it again while it is not
// confirmed, after a reconnect, a reload or a server restart. The server applies it by the
// version it was based on (someone else's newer text is a conflict, shown by the page) and
// knows a re-send by the draft's key. Under the field: saved at, or not yet. On the page:
// a banner while the server cannot be reached, and when it is back.
//
// Figures: PAUSE_MS 1.2 s after the last key (typing pauses between words are 0.2–0.6 s, so
// a save lands per phrase, not per word); a send unconfirmed after ACK_MS 4 s is «not saved
// yet» (a save's round trip on the demo is 0.05–0.3 s, a phase change's rerun under 1 s);
// RETRY_MS 3 s between re-sends; PING_MS: the health check every 5 s (2 s while down) is
// 0.2 requests a second a phone, an empty 200 from Streamlit's own route.

const PAUSE_MS = 1200;
const ACK_MS = 4000;
const RETRY_MS = 3000;
const PING_MS = 5000;
const PING_DOWN_MS = 2000;
const BACK_SHOWN_MS = 4000;
const PREFIX = "k3.draft.";
// A draft the server never confirmed is kept no longer than the server keeps its receipt
// (kultur3/store/drafts.py KEEP, 30 days): a conflict nobody settled, a field since closed.
const DRAFT_DAYS = 30;

const fields = new Map(); // doc -> field state, for the page's lifetime
const conn = { up: true, timer: null, texts: null, hideTimer: null };

function newKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes); // also outside a secure context (http on a venue LAN)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function loadDraft(doc) {
  try {
    const raw = localStorage.getItem(PREFIX + doc);
    const kept = raw ? JSON.parse(raw) : null;
    if (kept && !(Date.now() - (kept.at || 0) < DRAFT_DAYS * 86400000)) {
      localStorage.removeItem(PREFIX + doc);
      return null;
    }
    return kept;
  } catch (e) {
    return null;
  }
}

function storeDraft(f) {
  try {
    localStorage.setItem(PREFIX + f.doc, JSON.stringify(
      { text: f.area.value, base: f.base, draft: f.draft, seq: f.seq, at: Date.now() }));
  } catch (e) { /* storage full or blocked: the server copy is all there is */ }
}

function dropDraft(doc) {
  try { localStorage.removeItem(PREFIX + doc); } catch (e) { /* nothing kept */ }
}

function banner() {
  let el = document.getElementById("k3-connection");
  if (!el) {
    el = document.createElement("div");
    el.id = "k3-connection";
    el.className = "k3-connection";
    el.setAttribute("role", "status");
    el.setAttribute("aria-live", "assertive");
    el.hidden = true;
    document.body.appendChild(el);
  }
  return el;
}

function showConnection(up) {
  const el = banner();
  const texts = conn.texts || {};
  clearTimeout(conn.hideTimer);
  if (!up) {
    el.textContent = texts.lost || "";
    el.dataset.state = "lost";
    el.hidden = false;
  } else {
    el.textContent = texts.back || "";
    el.dataset.state = "back";
    el.hidden = false;
    conn.hideTimer = setTimeout(() => { el.hidden = true; }, BACK_SHOWN_MS);
  }
}

async function ping() {
  let ok = false;
  try {
    const ctl = new AbortController();
    const t = setTimeout(() => ctl.abort(), PING_DOWN_MS);
    const res = await fetch(new URL("_stcore/health", document.baseURI.replace(/[^/]*$/, "")),
      { cache: "no-store", signal: ctl.signal });
    clearTimeout(t);
    ok = res.ok;
  } catch (e) {
    ok = false;
  }
  if (ok !== conn.up) {
    conn.up = ok;
    showConnection(ok);
    if (ok) fields.forEach((f) => { if (isDirty(f)) send(f); });
  }
  conn.timer = setTimeout(ping, conn.up ? PING_MS : PING_DOWN_MS);
}

function isDirty(f) {
  return f.area.value !== f.confirmed;
}

function setStatus(f, kind, text) {
  f.status.dataset.state = kind;
  f.status.textContent = text || "";
}

function send(f) {
  clearTimeout(f.pauseTimer);
  if (f.blocked || f.area.disabled || !f.trigger) return;
  const text = f.area.value;
  if (!isDirty(f) || !text.trim()) return; // an empty answer is not saved (the server says so)
  f.seq += 1; // numbered: a send that arrives late is not saved over newer words
  f.sent = { seq: f.seq, text, at: Date.now() };
  storeDraft(f);
  f.trigger("save", { text, base: f.base, draft: f.draft, seq: f.seq });
  clearTimeout(f.ackTimer);
  f.ackTimer = setTimeout(() => unconfirmed(f), ACK_MS);
}

function unconfirmed(f) {
  if (!isDirty(f) || f.blocked) return;
  setStatus(f, "retry", f.texts.retry);
  f.retryTimer = setTimeout(() => { send(f); }, RETRY_MS);
}

function onInput(f) {
  if (!f.draft) f.draft = newKey();
  storeDraft(f);
  if (f.status.dataset.state === "saved") setStatus(f, "typing", f.texts.typing);
  clearTimeout(f.pauseTimer);
  f.pauseTimer = setTimeout(() => send(f), PAUSE_MS);
}

function build(parent, data) {
  const wrap = document.createElement("div");
  wrap.className = "k3-typing";
  const id = "k3t-" + data.doc.replace(/[^A-Za-z0-9_-]/g, "-");
  const label = document.createElement("label");
  label.htmlFor = id;
  label.textContent = data.label;
  const area = document.createElement("textarea");
  area.id = id;
  area.rows = data.rows || 5;
  if (data.placeholder) area.placeholder = data.placeholder;
  const status = document.createElement("p");
  status.className = "k3-typing-status";
  status.id = id + "-status";
  status.setAttribute("role", "status");
  status.setAttribute("aria-live", "polite");
  area.setAttribute("aria-describedby", status.id);
  wrap.append(label, area, status);
  parent.appendChild(wrap);
  const f = { doc: data.doc, wrap, label, area, status, seq: 0, base: data.version,
              confirmed: data.text, draft: null, lastAck: null, reset: data.reset,
              blocked: false, texts: data.texts };
  area.value = data.text;
  const kept = loadDraft(data.doc);
  if (kept && kept.text !== data.text) {
    // A draft the server never confirmed (a reload, a restart, a lost network): back in
    // the field, sent again from the version it was based on.
    area.value = kept.text;
    f.base = kept.base;
    f.draft = kept.draft || newKey();
    f.seq = kept.seq || 0;
    setStatus(f, "retry", data.texts.retry);
    setTimeout(() => send(f), 0);
  } else {
    if (kept) dropDraft(data.doc);
    setStatus(f, data.saved_label ? "saved" : "none", data.saved_label);
  }
  area.addEventListener("input", () => onInput(f));
  area.addEventListener("blur", () => send(f));
  return f;
}

function apply(f, data) {
  f.texts = data.texts;
  f.label.textContent = data.label;
  f.area.maxLength = data.max;
  f.area.disabled = !!data.disabled;
  if (data.reset !== f.reset) { // the person chose the other text of a conflict
    f.reset = data.reset;
    f.area.value = data.text;
    f.base = data.version;
    f.confirmed = data.text;
    f.blocked = false;
    dropDraft(f.doc);
    setStatus(f, "saved", data.saved_label);
  }
  const ack = data.ack;
  if (ack && ack.n !== f.lastAck) {
    f.lastAck = ack.n;
    clearTimeout(f.ackTimer);
    clearTimeout(f.retryTimer);
    if (ack.ok) {
      // ack.sent is the text this send carried (the server may store it trimmed: ack.text)
      f.base = ack.version;
      f.confirmed = ack.sent;
      f.blocked = false;
      if (f.area.value === ack.sent) {
        dropDraft(f.doc);
        setStatus(f, "saved", ack.label);
      } else {
        storeDraft(f); // newer words typed meanwhile: still a draft, on the new version
        clearTimeout(f.pauseTimer);
        f.pauseTimer = setTimeout(() => send(f), PAUSE_MS);
      }
    } else if (ack.conflict) {
      f.blocked = true; // the page shows both texts and asks; the draft stays kept
      setStatus(f, "conflict", ack.label);
    } else {
      setStatus(f, "error", ack.label); // a plain message; the draft stays kept
    }
  } else if (data.version !== f.base && !isDirty(f) && !f.blocked) {
    // Someone else saved, and nothing is typed here: show their text.
    f.area.value = data.text;
    f.base = data.version;
    f.confirmed = data.text;
  }
}

export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  conn.texts = data.texts;
  let f = fields.get(data.doc);
  if (!f) {
    f = build(parentElement, data);
    fields.set(data.doc, f);
  } else if (f.wrap.parentNode !== parentElement) {
    // A remount (Streamlit renders an expander's content anew): the same field, its text,
    // timers, focus and caret, so a word typed meanwhile lands where it was going.
    const focused = document.activeElement === f.area;
    const [start, end] = [f.area.selectionStart, f.area.selectionEnd];
    parentElement.appendChild(f.wrap);
    if (focused) {
      f.area.focus({ preventScroll: true });
      f.area.setSelectionRange(start, end);
    }
  }
  f.trigger = setTriggerValue;
  apply(f, data);
  if (conn.timer === null) conn.timer = setTimeout(ping, PING_MS);
  if (isDirty(f) && !f.sent) send(f);
  return () => {};
}
