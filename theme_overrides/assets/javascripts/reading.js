/* 阅读工具 (reading tools): font size that persists, the print button, and keyboard
 * access to Material's menu button and to wide tables and charts.
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
  var root = document.documentElement;

  function sync() {
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
    if (target && target.closest("[data-gk-print]")) {
      window.print();
    }
  });

  // Another tab changed the size: follow it, so all open pages agree.
  window.addEventListener("storage", function (event) {
    if (event.key === KEY && /^[sml]$/.test(event.newValue || "")) {
      root.setAttribute("data-gk-font", event.newValue);
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
    document.addEventListener("DOMContentLoaded", sync);
    document.addEventListener("DOMContentLoaded", menu);
  } else {
    sync();
    menu();
  }
  // Material's instant navigation (if ever enabled) replaces the page without a load.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(sync);
  }
})();
