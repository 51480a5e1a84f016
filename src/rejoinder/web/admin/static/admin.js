// Keyboard shortcuts and selection for the moderation queue. Progressive: every action is a
// plain form button that works without this file; the keys only find and click those buttons.
(function () {
  "use strict";

  function comments() {
    return Array.prototype.slice.call(document.querySelectorAll("li.comment"));
  }

  function current() {
    return document.querySelector("li.comment.current");
  }

  function focusComment(el) {
    var old = current();
    if (old) { old.classList.remove("current"); }
    if (!el) { return; }
    el.classList.add("current");
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var list = comments();
    if (!list.length) { return; }
    var index = list.indexOf(current());
    var next = index < 0 ? 0 : Math.min(list.length - 1, Math.max(0, index + step));
    focusComment(list[next]);
  }

  function selected() {
    return document.querySelectorAll("#queue input[name=ids]:checked");
  }

  function toggleSelect() {
    var el = current();
    if (!el) { return; }
    var box = el.querySelector("input[name=ids]");
    box.checked = !box.checked;
    el.classList.toggle("selected", box.checked);
  }

  function selectAll(state) {
    comments().forEach(function (el) {
      var box = el.querySelector("input[name=ids]");
      box.checked = state;
      el.classList.toggle("selected", state);
    });
    var all = document.getElementById("select-all");
    if (all) { all.checked = state; }
  }

  // One key, one action: on the ticked comments if any, else on the current one.
  function act(action) {
    var button;
    if (selected().length) {
      button = document.querySelector("button[data-bulk=" + action + "]");
    } else {
      var el = current();
      button = el && el.querySelector("button[data-act=" + action + "]");
    }
    if (button) { button.click(); }
  }

  var KEYS = { a: "approve", s: "spam", d: "delete", r: "restore" };

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "input" || tag === "textarea" || tag === "select" || event.target.isContentEditable) {
      if (event.key === "Escape") { event.target.blur(); }
      return;
    }
    var key = event.key;
    if (key === "j") { move(1); }
    else if (key === "k") { move(-1); }
    else if (key === "x") { toggleSelect(); }
    else if (key === "*") { selectAll(selected().length !== comments().length); }
    else if (KEYS[key]) { act(KEYS[key]); }
    else if (key === "e") { openReply(); }
    else if (key === "u") {
      var undo = document.getElementById("undo");
      if (undo) { undo.click(); }
    } else if (key === "/") {
      var search = document.getElementById("search");
      if (search) {
        var details = search.closest("details");
        if (details) { details.open = true; }
        search.focus();
      }
    } else if (key === "?") { toggleHelp(); }
    else { return; }
    event.preventDefault();
  });

  // Reply as the site to the current comment: open its reply box and put the cursor in it.
  function openReply() {
    var el = current();
    var details = el && el.querySelector("details.reply");
    if (!details) { return; }
    details.open = true;
    details.querySelector("textarea").focus();
  }

  function toggleHelp() {
    var help = document.getElementById("keys-help");
    if (help) { help.hidden = !help.hidden; }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var all = document.getElementById("select-all");
    if (all) { all.addEventListener("change", function () { selectAll(all.checked); }); }
    var helpButton = document.querySelector(".help-toggle");
    if (helpButton) { helpButton.addEventListener("click", toggleHelp); }
    comments().forEach(function (el) {
      el.addEventListener("click", function (event) {
        if (event.target.closest("button, a, input, textarea, summary, label")) { return; }
        focusComment(el);
      });
      var box = el.querySelector("input[name=ids]");
      box.addEventListener("change", function () { el.classList.toggle("selected", box.checked); });
    });
    document.body.classList.add("js");
  });
})();
