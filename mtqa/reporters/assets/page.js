(function () {
  "use strict";
  var panel = document.getElementById("details-body");
  function marksOf(id) {
    return document.querySelectorAll('#target mark.hl[data-finding="' + id + '"]');
  }
  function show(id) {
    var detail = document.getElementById("detail-" + id);
    if (!detail) { return; }
    var content = detail.content.cloneNode(true);
    var code = detail.getAttribute("data-code");
    var doc = document.getElementById("doc-" + code);
    panel.replaceChildren(content);
    if (doc) { panel.appendChild(doc.content.cloneNode(true)); }
    document.querySelectorAll("#target mark.current").forEach(function (m) {
      m.classList.remove("current");
    });
    marksOf(id).forEach(function (m) { m.classList.add("current"); });
    /* triage.js follows the selected finding */
    document.dispatchEvent(new CustomEvent("mtqa:shown", {detail: String(id)}));
  }
  /* and asks for a finding to be shown (a triage button of the list) */
  document.addEventListener("mtqa:show", function (event) { show(String(event.detail)); });
  function markOf(node) {
    var mark = node && node.closest ? node.closest("mark.hl") : null;
    while (mark && mark.classList.contains("off")) {  /* filtered out: the mark around it */
      mark = mark.parentElement ? mark.parentElement.closest("mark.hl") : null;
    }
    return mark;
  }
  document.addEventListener("focusin", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark.getAttribute("data-finding")); }
  });
  document.addEventListener("click", function (event) {
    var mark = markOf(event.target);
    if (mark) { show(mark.getAttribute("data-finding")); return; }
    var go = event.target.closest ? event.target.closest("button.goto") : null;
    if (go) {
      var first = document.getElementById("m-" + go.getAttribute("data-goto"));
      if (first && !first.classList.contains("off")) {
        first.scrollIntoView({block: "center"});
        first.focus({preventScroll: true});
      }
    }
  });
  var inputs = document.querySelectorAll("input[data-filter]");
  function apply() {
    var off = {severity: {}, category: {}, origin: {}};
    inputs.forEach(function (input) {
      if (!input.checked) { off[input.getAttribute("data-filter")][input.value] = true; }
    });
    function hidden(el) {
      return off.severity[el.getAttribute("data-severity")] === true ||
        off.category[el.getAttribute("data-category")] === true ||
        off.origin[el.getAttribute("data-origin")] === true;
    }
    var shown = {};
    document.querySelectorAll("#target mark.hl").forEach(function (mark) {
      var hide = hidden(mark);
      mark.classList.toggle("off", hide);
      mark.tabIndex = hide ? -1 : 0;
      if (!hide) { shown[mark.getAttribute("data-finding")] = true; }
    });
    document.querySelectorAll("li.entry").forEach(function (entry) {
      entry.hidden = hidden(entry);
    });
    document.querySelectorAll("li.group").forEach(function (group) {
      group.hidden = group.querySelector("li.entry:not([hidden])") === null;
    });
    var count = document.getElementById("shown");
    if (count) { count.textContent = String(Object.keys(shown).length); }
  }
  inputs.forEach(function (input) { input.addEventListener("change", apply); });
  apply();
  function fromHash() {
    var mark = /^#m-[0-9]+$/.test(location.hash) ?
      document.getElementById(location.hash.slice(1)) : null;
    if (mark) { show(mark.getAttribute("data-finding")); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
