/* 站内搜索 with Pagefind. Same origin only; no framework.

   The index holds Chinese as overlapping character pairs, each written as one word of
   letters (generator/search_index.py: 网格员 → 网格 格员, each pair 8 letters, and each
   run's last character alone, 4 letters). This file encodes the query the same way, so the
   browser's own word segmenter never decides what is searched (issue 15):
   - a Chinese word of two or more characters is the exact phrase of its pairs;
   - one character matches every pair it begins (a prefix) or a run it ends;
   - words separated by spaces must all be on the page, in any order; a quoted query is
     one exact phrase;
   - a word that mixes scripts or holds punctuation (2020年, 100%) is looked up piece by
     piece, then each page is checked against the decoded text before it is shown.
   window.gkSearch is the engine (the results page and bench/search_eval.py use it); the
   header box shows the first ten pages, and Enter opens the results page. */
(function () {
  "use strict";
  var LETTERS = "abcdefghijklmnopqrstuvwxyz";
  var HAN_FIRST = 0x4e00;
  var HAN_COUNT = 0x9fff - 0x4e00 + 1;
  var PIECES = /[\u4e00-\u9fff]+|[\p{L}\p{N}]+/gu;
  var HAN = /^[\u4e00-\u9fff]/;
  var BLOCK_END = "¶";

  function code(ch) {
    var n = ch.codePointAt(0) - HAN_FIRST;
    var out = "";
    for (var i = 0; i < 4; i++) {
      out = LETTERS[n % 26] + out;
      n = Math.floor(n / 26);
    }
    return out;
  }

  function char(letters) {
    var n = 0;
    for (var i = 0; i < letters.length; i++) n = n * 26 + LETTERS.indexOf(letters[i]);
    return n < HAN_COUNT ? String.fromCodePoint(HAN_FIRST + n) : null;
  }

  // The page's text back from its encoded copy: a pair that continues the previous one
  // adds its second character; a single character right after the pair it ends closes the
  // run. Spaces around Chinese text are the encoding's, so they are dropped.
  function decode(content) {
    var out = [];
    var last = null; // last character of the run being decoded
    var chinese = false; // whether the previous piece was Chinese
    (content || "").split(/\s+/).forEach(function (tok) {
      var a = /^[a-z]{8}$/.test(tok) ? char(tok.slice(0, 4)) : null;
      var b = a ? char(tok.slice(4)) : null;
      var one = /^[a-z]{4}$/.test(tok) ? char(tok) : null;
      if (a && b) {
        out.push(last === a ? b : a + b);
        last = b;
        chinese = true;
      } else if (one) {
        if (last !== one) out.push(one);
        last = null;
        chinese = true;
      } else if (tok) {
        out.push(tok === BLOCK_END ? "\n" : (chinese || !out.length ? "" : " ") + tok);
        last = null;
        chinese = false;
      }
    });
    return out.join("").replace(/ ?\n ?/g, "\n");
  }

  function squash(text) {
    return text.replace(/\s+/g, "").toLowerCase();
  }

  // Every index word looked up costs one piece of the index (about 23 KB), so a query asks
  // for at most this many; a longer phrase is asked by its first pairs and the rest is
  // checked against each page's text (issue 15: ≤ 250 KB per query).
  var MAX_LOOKUPS = 4;

  // How many pairs each Chinese piece may look up: one each at least, then the rest of
  // the budget shared out one at a time, longest pieces first.
  function shares(pieces) {
    var want = pieces.map(function (p) { return HAN.test(p) ? Math.max(p.length - 1, 1) : 1; });
    var got = want.map(function () { return 1; });
    var left = MAX_LOOKUPS - got.length;
    for (var more = true; left > 0 && more;) {
      more = false;
      for (var i = 0; i < got.length && left > 0; i++) {
        if (got[i] < want[i]) { got[i]++; left--; more = true; }
      }
    }
    return got;
  }

  // {words, terms, loose}: words must each be in a page's text; terms are what Pagefind
  // is asked, one search each; loose says the terms alone do not prove the words.
  function parse(query) {
    var q = query.trim();
    var quoted = /^["“].+["”]$/.test(q);
    var words = quoted ? [squash(q.slice(1, -1))] : q.split(/\s+/).map(squash);
    var terms = [];
    var loose = false;
    var all = [];
    words.forEach(function (word) {
      var pieces = word.match(PIECES) || [];
      if (pieces.length !== 1 || pieces[0] !== word) loose = true;
      all = all.concat(pieces);
    });
    var share = shares(all);
    all.forEach(function (piece, n) {
      if (!HAN.test(piece)) return terms.push(piece);
      if (piece.length === 1) return terms.push(code(piece));
      var pairs = [];
      for (var i = 0; i + 1 < piece.length; i++) pairs.push(code(piece[i]) + code(piece[i + 1]));
      if (pairs.length > share[n]) loose = true;
      terms.push('"' + pairs.slice(0, share[n]).join(" ") + '"');
    });
    return { words: words.filter(Boolean), terms: terms, loose: loose };
  }

  var engineUrl = null;
  var engine = null;

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

  // Pages that hold every term, best first (the sum of Pagefind's scores).
  function candidates(pf, parsed, filters) {
    if (!parsed.terms.length) return Promise.resolve([]);
    return Promise.all(parsed.terms.map(function (term) {
      return pf.search(term, { filters: filters || {} });
    })).then(function (all) {
      var kept = new Map();
      all[0].results.forEach(function (r) { kept.set(r.id, { result: r, score: r.score }); });
      all.slice(1).forEach(function (found) {
        var here = new Map(found.results.map(function (r) { return [r.id, r.score]; }));
        kept.forEach(function (entry, id) {
          if (here.has(id)) entry.score += here.get(id);
          else kept.delete(id);
        });
      });
      return Array.from(kept.values())
        .sort(function (x, y) { return y.score - x.score; })
        .map(function (entry) { return entry.result; });
    });
  }

  // One search: its candidates, and pages of checked results fetched as they are needed.
  function Search(pf, query, filters) {
    this.parsed = parse(query);
    this.query = query;
    this.checked = []; // {url, title, text} in order
    this.next = 0; // the next candidate to check
    this.ready = candidates(pf, this.parsed, filters).then(function (list) {
      this.list = list;
      return this;
    }.bind(this));
  }

  Search.prototype.holds = function (text) {
    var flat = squash(text);
    return this.parsed.words.every(function (w) { return flat.indexOf(w) >= 0; });
  };

  // Resolves once `count` results are checked (or the candidates ran out).
  Search.prototype.upTo = function (count) {
    var self = this;
    if (self.checked.length >= count || self.next >= self.list.length) {
      return Promise.resolve(self.checked.slice(0, count));
    }
    var batch = self.list.slice(self.next, self.next + Math.max(count - self.checked.length, 4));
    self.next += batch.length;
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (items) {
      items.forEach(function (d) {
        var text = decode(d.content);
        if (self.holds(text)) {
          self.checked.push({ url: d.url, title: (d.meta && d.meta.title) || d.url, text: text });
        }
      });
      return self.upTo(count);
    });
  };

  // The number of pages found: exact once every candidate is checked, or when the terms
  // prove the words (a phrase of pairs); otherwise the pages proved so far, a lower bound
  // (candidates can be far more than the pages that hold the words: never shown as a total).
  Search.prototype.total = function () {
    if (this.next >= this.list.length || !this.parsed.loose) {
      return { count: this.parsed.loose ? this.checked.length : this.list.length, exact: true };
    }
    return { count: this.checked.length, exact: false };
  };

  // The sentence (or table cell, heading) holding most of the words, the page's title
  // left aside, cut around the first word to `size` characters; words marked.
  function snippet(text, words, title, size) {
    size = size || 90;
    var sentences = text.split(/(?<=[。！？；])|\n/).map(function (s) { return s.trim(); })
      .filter(function (s) { return s && s !== title; });
    var best = sentences[0] || "";
    var most = 0;
    sentences.forEach(function (s) {
      var flat = squash(s);
      var n = words.filter(function (w) { return flat.indexOf(w) >= 0; }).length;
      if (n > most) { most = n; best = s; }
    });
    var hit = best;
    if (hit.length > size) {
      var first = words.map(function (w) { return hit.toLowerCase().indexOf(w); })
        .filter(function (j) { return j >= 0; });
      var at = Math.max(0, (first.length ? Math.min.apply(null, first) : 0) - 20);
      hit = (at > 0 ? "…" : "") + hit.slice(at, at + size) + "…";
    }
    var parts = [];
    var lower = hit.toLowerCase();
    var i = 0;
    while (i < hit.length) {
      var next = -1;
      var len = 0;
      words.forEach(function (w) {
        var j = w ? lower.indexOf(w, i) : -1;
        if (j >= 0 && (next < 0 || j < next)) { next = j; len = w.length; }
      });
      if (next < 0) { parts.push({ text: hit.slice(i), mark: false }); break; }
      if (next > i) parts.push({ text: hit.slice(i, next), mark: false });
      parts.push({ text: hit.slice(next, next + len), mark: true });
      i = next + len;
    }
    return parts;
  }

  function snippetNode(text, words, title) {
    var out = document.createElement("span");
    snippet(text, words, title).forEach(function (part) {
      var node = part.mark ? document.createElement("mark") : document.createElement("span");
      node.textContent = part.text;
      out.appendChild(node);
    });
    return out;
  }

  window.gkSearch = {
    parse: parse,
    decode: decode,
    snippetNode: snippetNode,
    // new Search over the loaded engine: .ready, .upTo(n), .total()
    start: function (query, filters) {
      return load().then(function (pf) { return new Search(pf, query, filters).ready; });
    },
    filters: function () {
      return load().then(function (pf) { return pf.filters(); });
    },
    // Every page found, checked as the interface counts it (bench/search_eval.py).
    all: function (query) {
      return window.gkSearch.start(query).then(function (s) {
        if (!s.parsed.loose) {
          return Promise.all(s.list.map(function (r) { return r.data(); }))
            .then(function (items) { return items.map(function (d) { return new URL(d.url, location.href).pathname; }); });
        }
        return s.upTo(Infinity).then(function (items) {
          return items.map(function (d) { return new URL(d.url, location.href).pathname; });
        });
      });
    },
    resultsUrl: null,
  };

  // ---- the header box ---------------------------------------------------------------------

  var box = document.querySelector(".gk-search");
  if (!box) return;
  engineUrl = new URL(box.getAttribute("data-pagefind"), location.href);
  window.gkSearch.resultsUrl = new URL(box.getAttribute("data-results"), location.href);
  var input = box.querySelector("input");
  var panel = box.querySelector(".gk-search__results");
  var status = box.querySelector(".gk-search__status");
  var list = box.querySelector(".gk-search__list");
  var more = box.querySelector(".gk-search__more");
  var SHOW = 10;
  var timer = 0;
  var latest = "";

  function show(text) {
    panel.hidden = false;
    status.textContent = text;
  }

  function resultsLink(query) {
    var url = new URL(window.gkSearch.resultsUrl);
    url.searchParams.set("q", query);
    return url.href;
  }

  function render(search, items) {
    if (search.query !== latest) return; // a newer query is on its way
    list.textContent = "";
    items.forEach(function (item) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = item.url;
      var title = document.createElement("strong");
      title.textContent = item.title;
      a.appendChild(title);
      a.appendChild(snippetNode(item.text, search.parsed.words, item.title));
      li.appendChild(a);
      list.appendChild(li);
    });
    var total = search.total();
    var q = "“" + search.query + "”";
    if (!items.length) {
      show("没有找到含" + q + "的页面");
    } else {
      show((total.exact ? "找到 " : "至少 ") + total.count + " 个含" + q + "的页面" +
           (!total.exact || total.count > items.length ? "，显示前 " + items.length + " 个" : ""));
    }
    more.hidden = !items.length;
    more.querySelector("a").href = resultsLink(search.query);
  }

  function run(query) {
    latest = query;
    if (!query) {
      panel.hidden = true;
      return;
    }
    show("正在搜索…");
    window.gkSearch.start(query).then(function (search) {
      return search.upTo(SHOW).then(function (items) { render(search, items); });
    }).catch(function () {
      list.textContent = "";
      more.hidden = true;
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
    } else if (event.key === "Enter" && document.activeElement === input && input.value.trim()) {
      location.href = resultsLink(input.value.trim()); // 全部结果: the results page
      event.preventDefault();
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
