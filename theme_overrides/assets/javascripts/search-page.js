/* 搜索结果 page (search/?q=…&district=…&town=…&year=…&page=N): every page found, ten
   at a time, with the total and filters by 区县, 镇街 and 年度 (filters.json and filter
   terms of the index, written by generator/search_index.py). The engine is
   window.gkSearch (search.js, loaded first). */
(function () {
  "use strict";
  var root = document.querySelector(".gk-results");
  if (!root || !window.gkSearch) return;
  var PER = 10;
  var FILTERS = [["district", "区县"], ["town", "镇街"], ["year", "年度"]];
  var params = new URLSearchParams(location.search);
  var query = (params.get("q") || "").trim();
  var pageNo = Math.max(1, parseInt(params.get("page") || "1", 10) || 1);
  var status = root.querySelector(".gk-results__status");
  var list = root.querySelector(".gk-results__list");
  var pager = root.querySelector(".gk-results__pages");
  root.querySelector("#gk-results-q").value = query;
  var chosen = {};
  FILTERS.forEach(function (f) {
    var value = params.get(f[0]);
    if (value) chosen[f[1]] = value;
  });

  // The filter lists: every value in the index (years newest first), the chosen one kept.
  function fillFilters(all) {
    FILTERS.forEach(function (f) {
      var select = root.querySelector("#gk-results-" + f[0]);
      var values = Object.keys(all[f[1]] || {}).sort();
      if (f[0] === "year") values.reverse();
      values.forEach(function (value) {
        var option = document.createElement("option");
        option.value = value;
        option.textContent = value;
        option.selected = chosen[f[1]] === value;
        select.appendChild(option);
      });
    });
  }

  function href(page) {
    var url = new URL(location.href);
    url.searchParams.set("page", String(page));
    return url.pathname + url.search;
  }

  function pageLink(page, text, current) {
    var node = document.createElement(current ? "span" : "a");
    node.textContent = text;
    if (current) node.setAttribute("aria-current", "page");
    else node.href = href(page);
    return node;
  }

  function renderPager(pages, more) {
    pager.textContent = "";
    if (pages <= 1 && !more) return;
    if (pageNo > 1) pager.appendChild(pageLink(pageNo - 1, "上一页", false));
    for (var p = Math.max(1, pageNo - 4); p <= Math.min(pages, pageNo + 4); p++) {
      pager.appendChild(pageLink(p, "第 " + p + " 页", p === pageNo));
    }
    if (pageNo < pages || more) pager.appendChild(pageLink(pageNo + 1, "下一页", false));
  }

  function render(search, items) {
    var shown = items.slice((pageNo - 1) * PER);
    list.textContent = "";
    shown.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      a.textContent = item.title;
      var p = document.createElement("p");
      p.appendChild(window.gkSearch.snippetNode(item.text, search.parsed.words, item.title));
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    var total = search.total();
    var pages = Math.max(1, Math.ceil(total.count / PER));
    var q = "“" + query + "”";
    if (!total.count) {
      status.textContent = "没有找到含" + q + "的页面";
    } else {
      // 约 N: a phrase's candidates, not all checked; 至少 N: the pages proved so far, and
      // 下一页 while candidates remain.
      status.textContent = window.gkSearch.counted(total) + "含" + q + "的页面，第 " + pageNo +
        " 页" + (total.exact ? "，共 " + pages + " 页" : "");
    }
    renderPager(pages, !total.exact && !total.approx && items.length >= pageNo * PER);
  }

  window.gkSearch.filters().then(fillFilters).catch(function () {});
  if (!query) return;
  status.textContent = "正在搜索…";
  window.gkSearch.start(query, chosen).then(function (search) {
    return search.upTo(pageNo * PER).then(function (items) { render(search, items); });
  }).catch(function () {
    status.textContent = "搜索暂不可用：搜索索引还没有建好或没有载入，请稍后刷新 (search index not available)";
  });
})();
