/* 站内搜索 with Pagefind: loads the engine on first use, shows the top results under the
   header box. Same origin only; no framework. Results are links, so Tab and Enter work;
   ArrowDown moves from the box into the list and Escape closes it. */
(function () {
  "use strict";
  var box = document.querySelector(".gk-search");
  if (!box) return;
  var input = box.querySelector("input");
  var panel = box.querySelector(".gk-search__results");
  var status = box.querySelector(".gk-search__status");
  var list = box.querySelector(".gk-search__list");
  var engineUrl = new URL(box.getAttribute("data-pagefind"), location.href);
  var engine = null;
  var timer = 0;
  var latest = "";

  function load() {
    if (!engine) {
      engine = import(engineUrl.href).then(function (pf) {
        // Result URLs are site-relative to where the index lives (works under a subpath).
        return pf.options({ baseUrl: new URL("..", engineUrl).pathname }).then(function () {
          return pf;
        });
      });
    }
    return engine;
  }

  // Pagefind excerpts are HTML with <mark> around hits: keep only text and <mark>.
  function excerpt(html) {
    var tpl = document.createElement("template");
    var out = document.createElement("span");
    tpl.innerHTML = html;
    tpl.content.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function show(text) {
    panel.hidden = false;
    status.textContent = text;
  }

  function render(query, found) {
    if (query !== latest) return; // a newer query is on its way
    list.textContent = "";
    found.items.forEach(function (data) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = data.url;
      var title = document.createElement("strong");
      title.textContent = (data.meta && data.meta.title) || data.url;
      a.appendChild(title);
      a.appendChild(excerpt(data.excerpt || ""));
      li.appendChild(a);
      list.appendChild(li);
    });
    var n = found.items.length;
    if (!n) {
      show("没有找到含“" + query + "”的页面");
    } else if (found.more) {
      show("显示前 " + n + " 个含“" + query + "”的页面");
    } else {
      show("找到 " + found.total + " 个" + (found.exact ? "含“" + query + "”的" : "") + "页面" +
           (found.total > n ? "，显示前 " + n + " 个" : ""));
    }
  }

  // Pagefind cuts Chinese into words when indexing but matches a Chinese query loosely:
  // 合法性审查 may find almost nothing, and a phrase that is on no page may still "find"
  // pages sharing a character. So for a Chinese query: if it finds fewer than 3 pages,
  // also try it cut into two or three words (合法 性 审查); then keep, in Pagefind's
  // order, the pages whose text really contains the query — checking at most CHECK
  // pages, whose fragments (a few KB each) are fetched anyway to show results.
  var HAN = /[\u4e00-\u9fff]/;
  var SHOW = 10;
  var CHECK = 24;

  function cuts(query) {
    var out = [];
    for (var i = 1; i < query.length; i++) {
      out.push(query.slice(0, i) + " " + query.slice(i));
      for (var j = i + 1; j < query.length; j++) {
        out.push(query.slice(0, i) + " " + query.slice(i, j) + " " + query.slice(j));
      }
    }
    return out;
  }

  function candidates(pf, query) {
    return pf.search(query).then(function (found) {
      var short = found.results.length < 3 && query.length >= 3 && query.length <= 12;
      if (!short || !HAN.test(query) || /\s/.test(query)) return found.results;
      return Promise.all(cuts(query).map(function (q) { return pf.search(q); }))
        .then(function (tries) {
          var best = tries.reduce(function (a, t) {
            return t.results.length > a.results.length ? t : a;
          }, found);
          return best.results;
        });
    });
  }

  function squash(text) {
    return text.replace(/\s+/g, "");
  }

  // Returns {items, total, exact}: items to show; exact tells whether they were checked.
  function pick(results, query) {
    if (!HAN.test(query)) {
      return Promise.all(results.slice(0, SHOW).map(function (r) { return r.data(); }))
        .then(function (items) { return { items: items, total: results.length, exact: false }; });
    }
    var want = squash(query);
    return Promise.all(results.slice(0, CHECK).map(function (r) { return r.data(); }))
      .then(function (items) {
        var hits = items.filter(function (d) { return squash(d.content || "").indexOf(want) >= 0; });
        var more = results.length > CHECK && hits.length >= SHOW;
        return { items: hits.slice(0, SHOW), total: hits.length, exact: true, more: more };
      });
  }

  function run(query) {
    latest = query;
    if (!query) {
      panel.hidden = true;
      return;
    }
    show("正在搜索…");
    load().then(function (pf) {
      return candidates(pf, query).then(function (results) {
        return pick(results, query);
      }).then(function (found) {
        render(query, found);
      });
    }).catch(function () {
      list.textContent = "";
      show("搜索暂不可用：本地预览没有搜索索引，请用 make site 构建后查看 (search index not built)");
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    timer = setTimeout(function () { run(query); }, 150);
  });
  input.addEventListener("focus", load, { once: true });
  box.addEventListener("keydown", function (event) {
    var links = Array.prototype.slice.call(list.querySelectorAll("a"));
    var at = links.indexOf(document.activeElement);
    if (event.key === "Escape") {
      panel.hidden = true;
      input.focus();
    } else if (event.key === "ArrowDown" && links.length) {
      links[Math.min(at + 1, links.length - 1)].focus();
      event.preventDefault();
    } else if (event.key === "ArrowUp" && at >= 0) {
      (at === 0 ? input : links[at - 1]).focus();
      event.preventDefault();
    }
  });
  box.addEventListener("focusout", function (event) {
    if (!box.contains(event.relatedTarget)) panel.hidden = true;
  });
  input.addEventListener("focus", function () {
    if (input.value.trim() && list.childNodes.length) panel.hidden = false;
  });
})();
