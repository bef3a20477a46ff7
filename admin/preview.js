// The preview beside the form: the report as the site lays it out, with the site's own
// stylesheet (theme_overrides/assets/stylesheets/disclosure.css, served by `edit` under
// site/): the disclosure box (信息公开属性), headings numbered 一、（一）1.（1）by the
// site's own spelling (GKGEN_SHAPE.numbering, generated from generator/numbering.py),
// enumerations with 一是、二是…, tables and the 落款. Text is always text: React escapes it.
//
// It is a likeness for editing, not the page itself: the live preview (`serve`, printed
// by `edit`) renders the real page from the saved file.

(function () {
  "use strict";
  var CMS = window.CMS;
  var h = window.h;
  var SHAPE = window.GKGEN_SHAPE;

  function get(data, path) {
    return path.split(".").reduce(function (v, k) { return v == null ? v : v[k]; }, data);
  }

  function list(value) {
    if (value == null || value === "") return [];
    return Array.isArray(value) ? value : [value];
  }

  function metaBox(data) {
    var rows = SHAPE.meta_rows.map(function (row) {
      var value = list(get(data, row[1])).join("、");
      var wide = row[0] === "文件标题" ? " gk-meta__item--wide" : "";
      return h("div", { key: row[0], className: "gk-meta__item" + wide },
        h("dt", null, row[0]),
        h("dd", null, value || h("span", { className: "gk-meta__empty" }, "未注明")));
    });
    return h("section", { className: "gk-meta", "aria-label": "信息公开属性" },
      h("dl", { className: "gk-meta__list" }, rows));
  }

  function block(item, key) {
    if (!item) return null;
    if (typeof item === "string") return h("p", { key: key }, item);
    if (item.kind === "paragraph") return h("p", { key: key }, item.text || "");
    if (item.kind === "table") {
      var header = list(item.header).map(function (c, i) { return h("th", { key: i, scope: "col" }, c); });
      var rows = list(item.rows).map(function (row, r) {
        return h("tr", { key: r }, list(row.cells || row).map(function (c, i) { return h("td", { key: i }, c); }));
      });
      return h("div", { key: key, className: "gk-table-wrap" },
        h("table", { className: "gk-figures gk-data" },
          item.caption ? h("caption", null, item.caption) : null,
          h("thead", null, h("tr", null, header)),
          h("tbody", null, rows)));
    }
    var items = list(item.items).map(function (text, i) {
      return h("span", { key: i }, h("strong", null, SHAPE.numbering.markers[i] || ""), text);
    });
    return h("p", { key: key }, item.lead || "", items, item.tail || "");
  }

  function section(sec, level, n, key) {
    var label = (SHAPE.numbering.headings[level - 1] || [])[n] || "";
    var tag = "h" + Math.min(level + 1, 6);
    var children = list(sec.sections).map(function (s, i) { return section(s, level + 1, i, i); });
    return h("div", { key: key },
      h(tag, null, label + (sec.title || "")),
      list(sec.body).map(block),
      children);
  }

  var ReportPreview = window.createClass({
    render: function () {
      var data = this.props.entry.get("data").toJS();
      var signature = data.signature || {};
      return h("article", { className: "md-typeset gk-preview" },
        metaBox(data),
        h("h1", null, data.title || ""),
        data.recipient ? h("p", { className: "gk-recipient" }, data.recipient + "：") : null,
        list(data.preamble).map(function (p, i) { return h("p", { key: i }, p); }),
        list(data.sections).map(function (s, i) { return section(s, 1, i, i); }),
        data.closing ? h("p", null, data.closing) : null,
        h("p", { className: "gk-signature" },
          list(signature.issuer).map(function (name, i) { return h("span", { key: i }, name, h("br")); }),
          signature.date || ""));
    },
  });

  CMS.registerPreviewStyle("site/disclosure.css");
  CMS.registerPreviewTemplate("reports", ReportPreview);
})();
