/* The two scripts that must run in <head>, before the first paint. They used to be inline
 * <script>s; they live in this file so the page's Content-Security-Policy (main.html) can
 * allow the theme's own files and no inline script at all. Loaded by
 * partials/javascripts/base.html, synchronously (no defer/async): what follows relies on
 * it having run. One small file for every page, cached after the first.
 *
 * 1. Material's storage helpers, which its bundle and its other snippets call:
 *    __md_scope, __md_hash, __md_get, __md_set. Same code as Material 9.8's
 *    partials/javascripts/base.html (and Zensical 0.0.73's, whose two additions are marked
 *    below; both are no-ops for what Material needs). The scope, which Material printed into
 *    the inline script, comes from the tag's data-md-scope (the page's base URL, or
 *    extra.scope); without it, from where this file is (<base>/assets/javascripts/).
 *    Re-check against Material's partial when upgrading it.
 * 2. 字号: the reader's saved font size, set on <html data-gk-font> before <body> is parsed,
 *    so the page never paints at one size and then jumps to another. The attribute also
 *    tells the CSS that JavaScript runs (the toolbar is hidden without it). reading.js
 *    (deferred) handles the buttons.
 * 3. 高对比度: the reader's saved high-contrast choice, set on <html data-gk-contrast>
 *    the same way, so a page never flashes in the normal colours first.
 */
(function () {
  "use strict";
  var me = document.currentScript;
  var scope = me && me.getAttribute("data-md-scope");

  window.__md_scope = scope
    ? new URL(scope, location)
    : new URL("../..", me ? me.src : location.href);
  // Zensical: a scope always ends with a slash.
  if (!window.__md_scope.pathname.endsWith("/")) {
    window.__md_scope = new URL(window.__md_scope.pathname + "/", location);
  }
  window.__md_hash = function (value) {
    return Array.from(value).reduce(function (hash, ch) {
      return (hash << 5) - hash + ch.charCodeAt(0);
    }, 0);
  };
  window.__md_get = function (key, storage, base) {
    storage = storage === undefined ? localStorage : storage;
    base = base === undefined ? window.__md_scope : base;
    return JSON.parse(storage.getItem(base.pathname + "." + key));
  };
  window.__md_set = function (key, value, storage, base) {
    storage = storage === undefined ? localStorage : storage;
    base = base === undefined ? window.__md_scope : base;
    try {
      storage.setItem(base.pathname + "." + key, JSON.stringify(value));
    } catch (e) { /* storage full: Material carries on without it */ }
  };
  // Zensical: its stylesheet shows ⌘K or Ctrl+K by platform.
  document.documentElement.setAttribute("data-platform", navigator.platform);

  var size = "m";
  try { size = localStorage.getItem("gk.fontSize") || "m"; } catch (e) { /* storage off */ }
  if (!/^[sml]$/.test(size)) size = "m";
  document.documentElement.setAttribute("data-gk-font", size);

  var contrast = "normal";
  try { contrast = localStorage.getItem("gk.contrast") || "normal"; } catch (e) { /* off */ }
  document.documentElement.setAttribute(
    "data-gk-contrast", contrast === "high" ? "high" : "normal");
})();
