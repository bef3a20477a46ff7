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

  function render(query, items, total) {
    if (query !== latest) return; // a newer query is on its way
    list.textContent = "";
    items.forEach(function (data) {
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
    show(total ? "找到 " + total + " 个页面" + (total > items.length ? "，显示前 " + items.length + " 个" : "")
               : "没有找到与“" + query + "”相关的页面");
  }

  function run(query) {
    latest = query;
    if (!query) {
      panel.hidden = true;
      return;
    }
    show("正在搜索…");
    load().then(function (pf) {
      return pf.search(query).then(function (found) {
        var top = found.results.slice(0, 10);
        return Promise.all(top.map(function (r) { return r.data(); })).then(function (items) {
          render(query, items, found.results.length);
        });
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
