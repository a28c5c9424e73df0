/* Triage: an editor marks each finding accepted (a real error, to fix) or dismissed (a
   false alarm), with an optional note, by keyboard or mouse. The marks are kept in
   localStorage under the report's signature and document id (a run with another
   configuration starts afresh; a finding still present by fingerprint gets its mark back)
   and exported, with no network, as a baseline file for `mtqa check --baseline FILE` (the
   dismissed fingerprints hide their findings; `triage` records every mark) and as CSV.
   Every piece of text goes into the page as text (textContent), never as markup. */
(function () {
  "use strict";
  var root = document.getElementById("triage");
  if (!root) { return; }
  var docId = root.getAttribute("data-document") || "";
  var signature = root.getAttribute("data-signature") || "";
  var KEY = "mtqa.triage/1\u001f" + signature + "\u001f" + docId;
  var MAX_NOTE = 2000;  /* suppression.MAX_NOTE_CHARS: the reader refuses a longer note */
  var FINGERPRINT = /^[0-9a-f]{16}$/;
  var CODE = /^[A-Z][0-9]{3}$/;
  var LABELS = {accepted: "accepted", dismissed: "dismissed", "": "open"};
  var panel = document.getElementById("triage-current");
  var state = document.getElementById("triage-state");
  var note = document.getElementById("triage-note");
  var form = document.getElementById("triage-note-form");
  var said = document.getElementById("triage-said");
  var counts = document.getElementById("triage-counts");
  var entries = {};  /* finding number -> its li.entry */
  var prints = {};  /* finding number -> fingerprint */
  var numbers = [];  /* the findings' numbers, in the report's order */
  var current = null;  /* the selected finding's number */
  var editing = null;  /* the finding whose note is being written */
  var returnTo = null;  /* where focus goes back to after the note */

  function say(text) { said.textContent = text; }

  /* A note as the baseline reader takes it: no controls but tab and line breaks, no lone
     surrogates, at most MAX_NOTE characters (code points, as Python counts them). */
  function clean(text) {
    return Array.from(String(text)).filter(function (c) {
      if (c.length === 2) { return true; }
      var n = c.charCodeAt(0);
      return !(n < 9 || n === 11 || n === 12 || (n > 13 && n < 32) ||
               (n >= 127 && n <= 159) || (n >= 0xd800 && n <= 0xdfff));
    }).slice(0, MAX_NOTE).join("");
  }

  function text(value, limit) {
    return typeof value === "string" ? value.slice(0, limit) : "";
  }

  var storage = null;
  try {
    storage = window.localStorage;
    storage.getItem(KEY);
  } catch (error) {
    storage = null;
  }

  /* What localStorage holds for this report, checked field by field: it is input too. */
  function load() {
    var marks = Object.create(null);
    var data = null;
    try { data = storage ? JSON.parse(storage.getItem(KEY) || "null") : null; } catch (e) {
      data = null;
    }
    if (!data || typeof data !== "object" || !data.marks || typeof data.marks !== "object") {
      return marks;
    }
    Object.keys(data.marks).forEach(function (fp) {
      var m = data.marks[fp];
      if (!FINGERPRINT.test(fp) || !m || typeof m !== "object") { return; }
      var status = m.status === "accepted" || m.status === "dismissed" ? m.status : "";
      var written = typeof m.note === "string" ? clean(m.note) : "";
      if (!status && !written) { return; }
      marks[fp] = {
        status: status,
        note: written,
        code: typeof m.code === "string" && CODE.test(m.code) ? m.code : "",
        severity: text(m.severity, 20),
        text: text(m.text, 1000)
      };
    });
    return marks;
  }
  var marks = load();

  function save() {
    if (!storage) { return; }
    try {
      storage.setItem(KEY, JSON.stringify({
        schema: "mtqa.triage/1", document: docId, signature: signature, marks: marks
      }));
    } catch (error) {
      say("This browser did not keep the marks (" + error.name + "): export them now.");
    }
  }

  function flaggedText(n) {
    var detail = document.getElementById("detail-" + n);
    var q = detail ? detail.content.querySelector("q.flagged") : null;
    return q ? q.textContent : "";
  }

  function markOf(n) {
    var fp = prints[n];
    return fp && marks[fp] ? marks[fp] : {status: "", note: ""};
  }

  function describe(n) {
    var entry = entries[n];
    return "Finding " + (Number(n) + 1) + " (" + entry.getAttribute("data-code") + ")";
  }

  function draw(n) {
    var mark = markOf(n);
    var entry = entries[n];
    ["accepted", "dismissed"].forEach(function (status) {
      var on = mark.status === status;
      entry.classList.toggle("t-" + status, on);
      document.querySelectorAll('#target mark.hl[data-finding="' + n + '"]').forEach(
        function (m) { m.classList.toggle("t-" + status, on); });
      entry.querySelectorAll('button[data-act="' + status + '"]').forEach(function (b) {
        b.setAttribute("aria-pressed", String(on));
      });
    });
    entry.querySelector(".triage-status").textContent = LABELS[mark.status];
    var shown = entry.querySelector(".triage-note-text");
    shown.textContent = mark.note ? "Note: " + mark.note : "";
    shown.hidden = !mark.note;
    if (n === current) { drawCurrent(); }
  }

  function drawCurrent() {
    var mark = markOf(current);
    panel.hidden = false;
    state.textContent = LABELS[mark.status];
    panel.querySelectorAll("button[data-act]").forEach(function (b) {
      var act = b.getAttribute("data-act");
      if (act !== "clear") { b.setAttribute("aria-pressed", String(mark.status === act)); }
    });
    if (editing === null) { note.value = mark.note; }
  }

  function count() {
    var tally = {accepted: 0, dismissed: 0, "": 0};
    var present = Object.create(null);
    numbers.forEach(function (n) {
      tally[markOf(n).status] += 1;
      present[prints[n]] = true;
    });
    var elsewhere = Object.keys(marks).filter(function (fp) { return !present[fp]; }).length;
    var line = tally.accepted + " accepted, " + tally.dismissed + " dismissed, " +
      tally[""] + " open of " + numbers.length + " findings";
    if (elsewhere) {
      line += "; " + elsewhere + " mark(s) of findings not in this report (hidden by a " +
        "baseline, or gone) are kept and exported";
    }
    counts.textContent = line + ".";
  }

  /* Set (or, with toggle, flip) finding n's status; "clear" removes its mark and note. */
  function act(n, what, toggle) {
    if (n === null || !entries[n]) { say("Select a finding first (j or k, or click one)."); return; }
    var fp = prints[n];
    if (!fp) { say(describe(n) + " has no fingerprint and cannot be marked."); return; }
    var old = markOf(n);
    if (what === "clear") {
      delete marks[fp];
      say(describe(n) + ": mark cleared.");
    } else {
      var status = toggle && old.status === what ? "" : what;
      setMark(n, status, old.note);
      say(describe(n) + ": " + LABELS[status] + ".");
    }
    save();
    draw(n);
    count();
  }

  function setMark(n, status, written) {
    var fp = prints[n];
    if (!status && !written) { delete marks[fp]; return; }
    var entry = entries[n];
    marks[fp] = {
      status: status,
      note: written,
      code: CODE.test(entry.getAttribute("data-code")) ? entry.getAttribute("data-code") : "",
      severity: entry.getAttribute("data-severity") || "",
      text: flaggedText(n).slice(0, 1000)
    };
  }

  function select(n) { document.dispatchEvent(new CustomEvent("mtqa:show", {detail: n})); }

  function openNote(n) {
    if (n === null || !entries[n]) { say("Select a finding first (j or k, or click one)."); return; }
    if (!prints[n]) { say(describe(n) + " has no fingerprint and cannot be marked."); return; }
    if (n !== current) { select(n); }
    returnTo = document.activeElement;
    editing = n;
    drawCurrent();
    note.value = markOf(n).note;
    note.focus();
  }

  function closeNote(keep) {
    var n = editing;
    if (n === null) { return; }
    if (keep) {
      var written = clean(note.value.trim());
      setMark(n, markOf(n).status, written);
      save();
      say(describe(n) + (written ? ": note saved." : ": note removed."));
    }
    editing = null;
    draw(n);
    count();
    note.value = markOf(n).note;
    var back = returnTo && document.contains(returnTo) && returnTo !== note ? returnTo :
      document.getElementById("m-" + n);
    returnTo = null;
    if (back && back.focus) { back.focus({preventScroll: true}); }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (editing === null && current !== null) { editing = current; }
    closeNote(true);
  });
  document.getElementById("triage-note-cancel").addEventListener("click", function () {
    closeNote(false);
  });
  note.addEventListener("focus", function () {
    if (editing === null && current !== null) { editing = current; }
  });
  note.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) {
      event.preventDefault();
      closeNote(true);
    } else if (event.key === "Escape") {
      event.preventDefault();
      closeNote(false);
    }
  });

  document.addEventListener("mtqa:shown", function (event) {
    var n = String(event.detail);
    if (editing !== null && editing !== n) {  /* a note left unsaved keeps what was typed */
      var written = clean(note.value.trim());
      if (written !== markOf(editing).note) {
        setMark(editing, markOf(editing).status, written);
        save();
        draw(editing);
        count();
      }
      editing = null;
      returnTo = null;
    }
    if (current !== null && entries[current]) { entries[current].classList.remove("current"); }
    current = entries[n] ? n : null;
    if (current === null) { panel.hidden = true; return; }
    entries[current].classList.add("current");
    if (prints[current]) { drawCurrent(); } else { panel.hidden = true; }
  });

  /* the findings in the order of the text, skipping those the filters hide */
  function move(step) {
    var firsts = Array.prototype.filter.call(
      document.querySelectorAll('#target mark.hl[id^="m-"]'),
      function (m) { return !m.classList.contains("off"); });
    if (!firsts.length) { say("No finding is shown: check the filters."); return; }
    var at = -1;
    firsts.forEach(function (m, i) { if (m.getAttribute("data-finding") === current) { at = i; } });
    var next = at < 0 ? (step > 0 ? 0 : firsts.length - 1) :
      Math.min(firsts.length - 1, Math.max(0, at + step));
    firsts[next].scrollIntoView({block: "center"});
    firsts[next].focus({preventScroll: true});
  }

  function typing(target) {
    if (!target || !target.tagName) { return false; }
    if (target.isContentEditable || target.tagName === "TEXTAREA" || target.tagName === "SELECT") {
      return true;
    }
    return target.tagName === "INPUT" &&
      !/^(checkbox|radio|button|submit|reset)$/.test(target.type);
  }

  function onFinding(target) {
    return target && target.closest ? target.closest("#target mark.hl, li.entry") !== null : false;
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
    if (typing(event.target)) { return; }
    var key = event.key;
    if (key === "j" || (key === "ArrowDown" && onFinding(event.target))) {
      move(1);
    } else if (key === "k" || (key === "ArrowUp" && onFinding(event.target))) {
      move(-1);
    } else if (key === "a") {
      act(current, "accepted", false);
    } else if (key === "d") {
      act(current, "dismissed", false);
    } else if (key === "u") {
      act(current, "clear", false);
    } else if (key === "n") {
      openNote(current);
    } else {
      return;
    }
    event.preventDefault();
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button[data-act]") : null;
    if (!button) { return; }
    var entry = button.closest("li.entry");
    var n = entry ? entry.getAttribute("data-entry") : current;
    if (entry && n !== current) { select(n); }
    var what = button.getAttribute("data-act");
    if (what === "note") { openNote(n); } else { act(n, what, what !== "clear"); }
  });

  /* focus in the list selects that finding, so that the keys act on what has focus */
  document.addEventListener("focusin", function (event) {
    var entry = event.target.closest ? event.target.closest("li.entry") : null;
    if (entry && entry.getAttribute("data-entry") !== current) {
      select(entry.getAttribute("data-entry"));
    }
  });

  function tools(n) {
    var entry = entries[n];
    var code = entry.getAttribute("data-code");
    var box = document.createElement("span");
    box.className = "triage-tools";
    var status = document.createElement("span");
    status.className = "triage-status";
    box.appendChild(status);
    [["accepted", "Accept"], ["dismissed", "Dismiss"], ["note", "Note"], ["clear", "Clear"]]
      .forEach(function (item) {
        var button = document.createElement("button");
        button.type = "button";
        button.textContent = item[1];
        button.setAttribute("data-act", item[0]);
        button.setAttribute("aria-label", item[1] + " finding " + (Number(n) + 1) + ", " + code);
        button.setAttribute("aria-describedby", "sum-" + n);
        if (item[0] === "accepted" || item[0] === "dismissed") {
          button.setAttribute("aria-pressed", "false");
        }
        box.appendChild(button);
      });
    entry.appendChild(box);
    var shown = document.createElement("p");
    shown.className = "triage-note-text";
    shown.hidden = true;
    entry.appendChild(shown);
  }

  document.querySelectorAll("li.entry[data-entry]").forEach(function (entry) {
    var n = entry.getAttribute("data-entry");
    var fp = entry.getAttribute("data-fingerprint") || "";
    entries[n] = entry;
    numbers.push(n);
    if (FINGERPRINT.test(fp)) {
      prints[n] = fp;
      tools(n);
      draw(n);
    }
  });
  numbers.sort(function (a, b) { return a - b; });

  /* --- exports: a download of a Blob, nothing leaves the machine --- */

  function stem() {
    var name = "";
    try { name = decodeURIComponent(location.pathname.split("/").pop() || ""); } catch (e) {
      name = "";
    }
    name = name.replace(/\.html?$/i, "").replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^[._]+/, "");
    return name || "mtqa-report";
  }

  function download(name, type, content) {
    var url = URL.createObjectURL(new Blob([content], {type: type}));
    var link = document.createElement("a");
    link.href = url;
    link.download = name;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
    say("Exported " + name + ".");
  }

  /* the marks to export: this report's findings in its order, then the marks kept for
     findings it no longer has (a baseline hid them, or the text changed) */
  function exported() {
    var rows = [];
    var seen = Object.create(null);
    numbers.forEach(function (n) {
      var fp = prints[n] || "";
      if (fp) { seen[fp] = true; }
      var mark = markOf(n);
      rows.push({
        fp: fp, status: mark.status, note: mark.note,
        code: entries[n].getAttribute("data-code") || "",
        severity: entries[n].getAttribute("data-severity") || "",
        text: flaggedText(n)
      });
    });
    Object.keys(marks).sort().forEach(function (fp) {
      if (seen[fp]) { return; }
      var m = marks[fp];
      rows.push({fp: fp, status: m.status, note: m.note, code: m.code, severity: m.severity,
                 text: m.text});
    });
    return rows;
  }

  function exportBaseline() {
    var dismissed = [];
    var triage = Object.create(null);
    exported().forEach(function (row) {
      if (!row.fp || !row.status) { return; }
      if (row.status === "dismissed") { dismissed.push(row.fp); }
      var mark = {status: row.status, note: row.note};
      if (CODE.test(row.code)) { mark.code = row.code; }
      triage[row.fp] = mark;
    });
    dismissed.sort();
    var documents = Object.create(null);
    documents[docId] = dismissed;
    var marked = Object.create(null);
    marked[docId] = triage;
    var data = {schema: "mtqa.baseline/1", documents: documents, triage: marked,
                signature: signature};
    download(stem() + ".baseline.json", "application/json",
             JSON.stringify(data, null, 1) + "\n");
  }

  /* A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return) as a
     formula: such a cell gets a leading apostrophe, and every cell is quoted. */
  function cell(value) {
    var content = value === null || value === undefined ? "" : String(value);
    if (/^[=+\-@\t\r]/.test(content)) { content = "'" + content; }
    return '"' + content.replace(/"/g, '""') + '"';
  }

  function exportCsv() {
    var lines = [["document", "code", "severity", "text", "status", "note", "fingerprint"]];
    exported().forEach(function (row) {
      lines.push([docId, row.code, row.severity, row.text, LABELS[row.status], row.note,
                  row.fp]);
    });
    var content = lines.map(function (line) { return line.map(cell).join(","); })
      .join("\r\n") + "\r\n";
    download(stem() + ".triage.csv", "text/csv;charset=utf-8", "\ufeff" + content);
  }

  document.getElementById("export-baseline").addEventListener("click", exportBaseline);
  document.getElementById("export-csv").addEventListener("click", exportCsv);

  root.hidden = false;
  count();
  /* a finding selected before this script ran (a link to #m-N) */
  var selected = document.querySelector("#target mark.hl.current");
  if (selected) { select(selected.getAttribute("data-finding")); }
  if (!storage) {
    say("This browser keeps no marks for a page opened from disk here: export them before " +
        "closing it.");
  }
})();
