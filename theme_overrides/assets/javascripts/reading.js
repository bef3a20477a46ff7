/* 阅读工具 (reading tools): font size and high contrast that persist, read-aloud, the
 * print button, and keyboard access to Material's menu button and to wide tables and charts.
 *
 * 朗读 (read aloud) uses the browser's own speech synthesis (window.speechSynthesis), with
 * a Chinese (zh-CN) voice when the system has one: nothing is sent anywhere. It reads the
 * page's own text (the [data-search-body] part: no menus, no footer), a paragraph or so
 * per utterance, since some engines cut long utterances short. Where the browser has no
 * speech synthesis the buttons stay hidden. It is an action, not a saved setting: browsers
 * refuse to start speaking on a new page before the reader has clicked something there.
 *
 * The saved size is applied by head.js, loaded synchronously in <head>, before the
 * first paint; this file only reacts to clicks and keeps aria-pressed in step. Clicks
 * are delegated from document, so it also works if Material's instant navigation
 * swaps the page content later. No request leaves the page; localStorage may be
 * unavailable (private mode, disabled storage): then the choice lasts for this page.
 */
(function () {
  "use strict";
  var KEY = "gk.fontSize";
  var CONTRAST = "gk.contrast";
  var root = document.documentElement;

  function sync() {
    var high = root.getAttribute("data-gk-contrast") === "high";
    var toggles = document.querySelectorAll("[data-gk-contrast-toggle]");
    for (var k = 0; k < toggles.length; k++) {
      toggles[k].setAttribute("aria-pressed", high ? "true" : "false");
    }
    var size = root.getAttribute("data-gk-font") || "m";
    var buttons = document.querySelectorAll("[data-gk-size]");
    for (var i = 0; i < buttons.length; i++) {
      var on = buttons[i].getAttribute("data-gk-size") === size;
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
    // A table or chart that scrolls sideways must be reachable by keyboard to be
    // scrolled (WCAG 2.1.1; axe `scrollable-region-focusable`). Only when it overflows,
    // so narrow ones add no extra Tab stop. Re-checked when size or width changes.
    // (Tables in the generator's div.gk-table-wrap are focusable already.)
    var boxes = document.querySelectorAll(
      "table.gk-status, table.gk-figures, figure.gk-chart");
    for (var j = 0; j < boxes.length; j++) {
      var t = boxes[j];
      if (t.closest(".gk-table-wrap")) continue;
      if (t.scrollWidth > t.clientWidth + 1) t.setAttribute("tabindex", "0");
      else t.removeAttribute("tabindex");
    }
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var sizeButton = target && target.closest("[data-gk-size]");
    if (sizeButton) {
      var size = sizeButton.getAttribute("data-gk-size");
      root.setAttribute("data-gk-font", size);
      try { localStorage.setItem(KEY, size); } catch (e) { /* storage off: this page only */ }
      sync();
      return;
    }
    if (target && target.closest("[data-gk-contrast-toggle]")) {
      var next = root.getAttribute("data-gk-contrast") === "high" ? "normal" : "high";
      root.setAttribute("data-gk-contrast", next);
      try { localStorage.setItem(CONTRAST, next); } catch (e) { /* this page only */ }
      sync();
      return;
    }
    if (target && target.closest("[data-gk-speak]")) {
      speak();
      return;
    }
    if (target && target.closest("[data-gk-speak-stop]")) {
      stop("已停止朗读");
      return;
    }
    if (target && target.closest("[data-gk-print]")) {
      window.print();
    }
  });

  // ---- 朗读 -------------------------------------------------------------------------
  var synth = window.speechSynthesis;
  var canSpeak = !!(synth && window.SpeechSynthesisUtterance);
  var reading = 0; // utterances queued and not yet finished

  function speakState(text) {
    var on = reading > 0;
    var buttons = document.querySelectorAll("[data-gk-speak]");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", on ? "true" : "false");
    }
    var status = document.querySelector("[data-gk-speak-status]");
    if (status && text !== undefined) status.textContent = text;
  }

  // The page's text from its title on (not the breadcrumb or the metadata box above it),
  // block by block — headings, paragraphs, list items, table cells — as shown: hidden
  // blocks and the ¶ of Material's heading permalinks are not read. Blocks are joined
  // into utterances of about 200 characters.
  var BLOCKS = "h1, h2, h3, h4, h5, h6, p, li, dt, dd, th, td, caption, figcaption";

  function blocks() {
    var body = document.querySelector("[data-search-body]");
    if (!body) return [];
    var title = body.querySelector("h1");
    var out = [];
    var all = body.querySelectorAll(BLOCKS);
    for (var i = 0; i < all.length; i++) {
      var el = all[i];
      if (title && el !== title &&
          !(title.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING)) continue;
      if (el.parentElement && el.parentElement.closest(BLOCKS)) continue; // read with its block
      if (!el.getClientRects().length) continue; // not shown
      var text = (el.innerText || "").replace(/\u00b6/g, "").replace(/\s+/g, " ").trim();
      if (text) out.push(text);
    }
    return out;
  }

  function chunks() {
    var lines = blocks();
    var out = [];
    var cur = "";
    for (var i = 0; i < lines.length; i++) {
      if (cur && cur.length + lines[i].length > 200) { out.push(cur); cur = ""; }
      cur = cur ? cur + "\n" + lines[i] : lines[i];
    }
    if (cur) out.push(cur);
    return out;
  }

  function voice() {
    var voices = synth.getVoices ? synth.getVoices() : [];
    var exact = null, near = null;
    for (var i = 0; i < voices.length; i++) {
      var lang = (voices[i].lang || "").replace("_", "-").toLowerCase();
      if (!exact && lang === "zh-cn") exact = voices[i];
      if (!near && lang.indexOf("zh") === 0) near = voices[i];
    }
    return exact || near;
  }

  function speak() {
    if (!canSpeak) return;
    synth.cancel();
    var parts = chunks();
    var v = voice();
    reading = parts.length;
    speakState("正在朗读本页");
    for (var i = 0; i < parts.length; i++) {
      var u = new SpeechSynthesisUtterance(parts[i]);
      u.lang = "zh-CN";
      if (v) u.voice = v;
      u.onend = u.onerror = function () {
        reading = Math.max(0, reading - 1);
        if (!reading) speakState("朗读结束");
      };
      synth.speak(u);
    }
  }

  function stop(message) {
    if (!canSpeak) return;
    reading = 0;
    synth.cancel();
    speakState(message);
  }

  function showSpeech() {
    if (!canSpeak) return; // no speech synthesis: the buttons stay hidden
    var buttons = document.querySelectorAll("[data-gk-speak], [data-gk-speak-stop]");
    for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  }
  // Leaving the page stops reading it (some browsers would carry on).
  window.addEventListener("pagehide", function () { if (canSpeak) synth.cancel(); });

  // Another tab changed the size: follow it, so all open pages agree.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY && /^[sml]$/.test(event.newValue || "")) {
      root.setAttribute("data-gk-font", event.newValue);
      sync();
    }
    if (event.key === CONTRAST) {
      root.setAttribute("data-gk-contrast", event.newValue === "high" ? "high" : "normal");
      sync();
    }
  });

  window.addEventListener("resize", sync);

  // Material's menu button (narrow screens, 200% zoom) is a <label for="__drawer">:
  // a mouse can use it, a keyboard cannot reach it. Make it a button for both, say
  // whether the drawer is open, and let Escape close the drawer again.
  function menu() {
    var drawer = document.getElementById("__drawer");
    var label = document.querySelector('.md-header label[for="__drawer"]');
    if (!drawer || !label || label.hasAttribute("role")) return;
    label.setAttribute("role", "button");
    label.setAttribute("tabindex", "0");
    label.setAttribute("aria-label", "导航菜单");
    var state = function () {
      label.setAttribute("aria-expanded", drawer.checked ? "true" : "false");
    };
    state();
    drawer.addEventListener("change", state);
    label.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" && event.key !== " ") return;
      event.preventDefault();
      drawer.checked = !drawer.checked;
      state();
      if (drawer.checked) {
        var first = document.querySelector(".md-sidebar--primary a[href]");
        if (first) first.focus();
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) {
        drawer.checked = false;
        state();
        label.focus();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", showSpeech);
    document.addEventListener("DOMContentLoaded", sync);
    document.addEventListener("DOMContentLoaded", menu);
  } else {
    showSpeech();
    sync();
    menu();
  }
  // Material's instant navigation (if ever enabled) replaces the page without a load.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(sync);
  }
})();
