/* 站内搜索: the site's own static index (search-index/, written by
   generator/search_index.py). Same origin only; no framework, no WebAssembly.

   Chinese is looked up as character pairs, as the index holds it, so the browser's own
   word segmenter never decides what is searched (issue 15):
   - a Chinese word of two or more characters is a phrase: every pair of it must be in one
     document (a page, or one part of a very long page), and the text is checked to hold it
     before the page is shown;
   - one Chinese character finds every page holding it;
   - words separated by spaces must all be on the page, in any order; a quoted query is
     one exact phrase;
   - a word that mixes scripts or holds punctuation (2020年, 100%) is looked up piece by
     piece, then each page is checked against its text before it is shown.
   What a query fetches: meta.json (≈ 0.2 KB), one bucket (≤ 12 KB) per term, one small
   document per result shown: the same at 50 pages or 50,000.
   window.gkSearch is the engine (the results page and bench/search_eval.py use it); the
   header box shows the first ten pages, and Enter opens the results page. */
(function () {
  "use strict";
  var HAN = /^[\u4e00-\u9fff]/;
  // A Chinese run, or a run of letters/digits of any other script (search_text.PIECES).
  var PIECES = /[\u4e00-\u9fff]+|(?:(?![\u4e00-\u9fff])[\p{L}\p{N}])+/gu;
  var FILTER_MARK = "\u0001";
  // Each term costs one bucket (≤ 12 KB); a longer phrase is looked up by its first
  // pairs and the rest is checked against the text (≤ 250 KB per query).
  var MAX_TERMS = 12;

  // The index's folder, from the header box (it knows the site's root, also under a
  // sub-path); else beside the site root this script is served from.
  var script = document.currentScript;
  var box = document.querySelector(".gk-search");
  var base = box && box.getAttribute("data-index")
    ? new URL(box.getAttribute("data-index"), location.href)
    : new URL("../../search-index/", script ? script.src : location.href);
  var siteBase = new URL("..", base);

  function squash(text) {
    return text.replace(/\s+/g, "").toLowerCase();
  }

  // ---- files ------------------------------------------------------------------------------

  var metaP = null;
  function meta() {
    if (!metaP) {
      metaP = fetch(new URL("meta.json", base)).then(function (r) {
        if (!r.ok) throw new Error("search-index/meta.json: " + r.status);
        return r.json();
      });
      metaP.catch(function () { metaP = null; }); // not there yet (a preview): ask again later
    }
    return metaP;
  }

  var bucketP = new Map();
  function bucket(i) {
    if (!bucketP.has(i)) {
      bucketP.set(i, fetch(new URL("b/" + i + ".bin", base)).then(function (r) {
        if (!r.ok) throw new Error("search-index bucket " + i + ": " + r.status);
        return r.arrayBuffer();
      }).then(function (buf) { return new Uint8Array(buf); }));
      bucketP.get(i).catch(function () { bucketP.delete(i); });
    }
    return bucketP.get(i);
  }

  // A document: {u, t, x, p}. Fetched gzipped and inflated with DecompressionStream
  // (Chrome 80, Firefox 113, Safari 16.4); older browsers fetch the plain copy. A host that
  // labels the file gzip-encoded has fetch inflate it already: the first two bytes tell.
  var docP = new Map();
  // At most this many documents in flight: all() over thousands of pages (bench) must not
  // open thousands of connections at once.
  var PARALLEL = 8;
  var running = 0;
  var waiting = [];
  function limited(task) {
    return new Promise(function (resolve, reject) {
      waiting.push(function () {
        running++;
        task().then(resolve, reject).finally(function () {
          running--;
          if (waiting.length) waiting.shift()();
        });
      });
      if (running < PARALLEL) waiting.shift()();
    });
  }
  var INFLATE = typeof DecompressionStream === "function";
  function doc(id) {
    if (!docP.has(id)) {
      var name = "d/" + id + (INFLATE ? ".gz" : ".json");
      docP.set(id, limited(function () { return fetch(new URL(name, base)); }).then(function (r) {
        if (!r.ok) throw new Error("search-index document " + id + ": " + r.status);
        return r.arrayBuffer();
      }).then(function (buf) {
        var head = new Uint8Array(buf, 0, 2);
        if (head[0] !== 0x1f || head[1] !== 0x8b) return new Response(buf).json();
        var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
        return new Response(stream).json();
      }));
    }
    return docP.get(id);
  }

  // ---- terms and postings -----------------------------------------------------------------

  var encoder = new TextEncoder();

  function fnv1a(bytes) {
    var h = 0x811c9dc5;
    for (var i = 0; i < bytes.length; i++) {
      h ^= bytes[i];
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h >>> 0;
  }

  function Reader(bytes) {
    this.b = bytes;
    this.at = 0;
  }
  Reader.prototype.varint = function () {
    var n = 0;
    var shift = 0;
    var byte;
    do {
      byte = this.b[this.at++];
      n += (byte & 0x7f) * Math.pow(2, shift);
      shift += 7;
    } while (byte & 0x80);
    return n;
  };
  Reader.prototype.deltas = function (into) { // into: a bitset, or null to skip
    var n = this.varint();
    var last = 0;
    for (var i = 0; i < n; i++) {
      last += this.varint();
      if (into) into[last >> 3] |= 1 << (last & 7);
    }
  };

  function bitset(m) {
    return new Uint8Array(Math.ceil(m.docs / 8));
  }

  function same(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  // {docs, titled}: bitsets of the documents holding `term`, and of the pages whose title
  // holds it; both empty when the term is nowhere.
  function lookup(m, term) {
    var key = encoder.encode(term);
    return bucket(fnv1a(key) % m.buckets).then(function (bytes) {
      var docs = bitset(m);
      var titled = bitset(m);
      var r = new Reader(bytes);
      var width = docs.length;
      while (r.at < bytes.length) {
        var len = r.varint();
        var hit = same(bytes.subarray(r.at, r.at + len), key);
        r.at += len;
        [docs, titled].forEach(function (into) { // each list: deltas, or a bitmap
          if (bytes[r.at++] === 1) {
            if (hit) into.set(bytes.subarray(r.at, r.at + width));
            r.at += width;
          } else {
            r.deltas(hit ? into : null);
          }
        });
        if (hit) break;
      }
      return { docs: docs, titled: titled };
    });
  }

  function and(a, b) {
    var out = new Uint8Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] & b[i];
    return out;
  }

  function or(a, b) {
    var out = new Uint8Array(a.length);
    for (var i = 0; i < a.length; i++) out[i] = a[i] | b[i];
    return out;
  }

  function members(bits) {
    var out = [];
    for (var i = 0; i < bits.length; i++) {
      if (!bits[i]) continue;
      for (var j = 0; j < 8; j++) if (bits[i] & (1 << j)) out.push(i * 8 + j);
    }
    return out;
  }

  // The page a document belongs to: its own id below `pages`, else the range it is in.
  function pageOf(m, d) {
    if (d < m.pages) return d;
    var lo = 0;
    var hi = m.extra.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (m.extra[mid][0] <= d) lo = mid; else hi = mid - 1;
    }
    return m.extra[lo][1];
  }

  // ---- the query --------------------------------------------------------------------------

  // {words, pieces: [[terms of each word]], terms, loose, proved}: words must each be in
  // the text shown; each word's terms must be in one document. loose: the terms may miss
  // much (mixed script, punctuation, a phrase longer than the budget), so only pages
  // checked count; proved: the terms alone prove the words (no phrase of three or more
  // characters, whose pairs could stand apart), so the candidates are the pages.
  function parse(query) {
    var q = query.trim();
    var quoted = /^["“].+["”]$/.test(q);
    var words = (quoted ? [squash(q.slice(1, -1))] : q.split(/\s+/).map(squash)).filter(Boolean);
    var loose = false;
    var proved = true; // the terms alone prove every word (no phrase of 3+ characters)
    var all = new Set();
    var perWord = words.map(function (word) {
      var pieces = word.match(PIECES) || [];
      if (pieces.length !== 1 || pieces[0] !== word) loose = true;
      var mine = [];
      pieces.forEach(function (piece) {
        if (!HAN.test(piece)) return mine.push(piece);
        if (piece.length === 1) return mine.push(piece);
        for (var i = 0; i + 1 < piece.length; i++) mine.push(piece.slice(i, i + 2));
      });
      // Past the budget a word keeps its first term only (each word needs one to be found).
      mine = mine.filter(function (t, n) {
        if (all.has(t)) return true;
        if (all.size >= MAX_TERMS && n > 0) { loose = true; return false; }
        all.add(t);
        return true;
      });
      if (pieces.some(function (p) { return HAN.test(p) && p.length > 2; })) proved = false;
      return mine;
    });
    return { words: words, pieces: perWord, terms: Array.from(all), loose: loose, proved: proved && !loose };
  }

  function filterTerms(filters) {
    var out = [];
    Object.keys(filters || {}).forEach(function (name) {
      var values = [].concat(filters[name]).filter(function (v) { return v !== "" && v != null; });
      if (values.length) {
        out.push(values.map(function (v) { return FILTER_MARK + name + "=" + v; }));
      }
    });
    return out;
  }

  // Candidate pages: [{page, docs: [[documents of the page holding word i]]}], pages whose
  // title holds every term first, then in the index's rank order.
  function candidates(m, parsed, filters) {
    var groups = filterTerms(filters);
    var wanted = parsed.terms.concat.apply(parsed.terms, groups);
    if (!parsed.terms.length) return Promise.resolve([]);
    return Promise.all(wanted.map(function (t) { return lookup(m, t); })).then(function (found) {
      var by = new Map();
      wanted.forEach(function (t, i) { by.set(t, found[i]); });
      var allowed = null; // documents of pages the filters keep
      groups.forEach(function (values) {
        var any = values.map(function (v) { return by.get(v).docs; }).reduce(or);
        allowed = allowed ? and(allowed, any) : any;
      });
      var perWord = parsed.pieces.map(function (terms) {
        var bits = terms.map(function (t) { return by.get(t).docs; }).reduce(and);
        if (allowed) bits = and(bits, allowed);
        var pages = new Map();
        members(bits).forEach(function (d) {
          var p = pageOf(m, d);
          if (!pages.has(p)) pages.set(p, []);
          pages.get(p).push(d);
        });
        return pages;
      });
      var titled = parsed.terms.map(function (t) { return by.get(t).titled; }).reduce(and);
      var list = [];
      perWord[0].forEach(function (docs, page) {
        if (perWord.every(function (pages) { return pages.has(page); })) {
          list.push({
            page: page,
            title: !!(titled[page >> 3] & (1 << (page & 7))),
            docs: perWord.map(function (pages) { return pages.get(page); }),
          });
        }
      });
      list.sort(function (a, b) { return (b.title - a.title) || (a.page - b.page); });
      return list;
    });
  }

  // ---- a search ---------------------------------------------------------------------------

  function Search(m, query, filters) {
    this.parsed = parse(query);
    this.query = query;
    this.checked = []; // {url, title, text} in order
    this.next = 0; // the next candidate to check
    this.ready = candidates(m, this.parsed, filters).then(function (list) {
      this.list = list;
      return this;
    }.bind(this));
  }

  Search.prototype.holds = function (text) {
    var flat = squash(text);
    return this.parsed.words.every(function (w) { return flat.indexOf(w) >= 0; });
  };

  // Fetch a candidate's documents, the first holding each word, then (long pages only)
  // the next ones for a word not yet proved; resolves to a result or null.
  Search.prototype.check = function (cand) {
    var self = this;
    var tried = cand.docs.map(function () { return 0; });
    var texts = new Map();
    function round() {
      var need = new Set();
      cand.docs.forEach(function (docs, i) { if (tried[i] < docs.length) need.add(docs[tried[i]]); });
      var ids = Array.from(need).filter(function (d) { return !texts.has(d); });
      return Promise.all(ids.map(doc)).then(function (got) {
        ids.forEach(function (d, i) { texts.set(d, got[i]); });
        var first = texts.get(cand.docs[0][0]) || got[0];
        var shown = [];
        var failing = [];
        self.parsed.words.forEach(function (w, i) {
          var d = cand.docs[i][tried[i]];
          var text = d === undefined ? "" : texts.get(d).x;
          if (d !== undefined && squash(text).indexOf(w) >= 0) {
            if (shown.indexOf(text) < 0) shown.push(text);
          } else {
            failing.push(i);
          }
        });
        if (!failing.length) {
          return { url: new URL(first.u, siteBase).href, title: first.t, text: shown.join("\n") };
        }
        // A word's next document, while it has one (only long pages have several).
        failing.forEach(function (i) { tried[i]++; });
        var more = failing.every(function (i) { return tried[i] < cand.docs[i].length; });
        return more ? round() : null;
      });
    }
    return round();
  };

  // Resolves once `count` results are checked, or the candidates ran out, or (a loose
  // query, whose candidates may mostly fail) FAILS_PER_TEN failed the check for every ten
  // results asked: the documents fetched stay bounded, and the total says 至少.
  var FAILS_PER_TEN = 40;
  Search.prototype.upTo = function (count) {
    var self = this;
    var failed = self.next - self.checked.length;
    var budget = FAILS_PER_TEN * Math.ceil(count / 10);
    if (self.checked.length >= count || self.next >= self.list.length || failed >= budget) {
      return Promise.resolve(self.checked.slice(0, count));
    }
    var batch = self.list.slice(self.next, self.next + Math.max(count - self.checked.length, 4));
    self.next += batch.length;
    return Promise.all(batch.map(function (c) { return self.check(c); })).then(function (items) {
      items.forEach(function (item) { if (item) self.checked.push(item); });
      return self.upTo(count);
    });
  };

  // {count, exact, approx}: exact once every candidate is checked, or when the terms prove
  // the words; approx (约) when a phrase's candidates are not all checked (they hold its
  // pairs, nearly always the phrase: an upper bound); otherwise (loose) the pages proved
  // so far, a lower bound (至少).
  Search.prototype.total = function () {
    var all = this.next >= this.list.length;
    if (this.parsed.loose) return { count: this.checked.length, exact: all, approx: false };
    if (all) return { count: this.checked.length, exact: true, approx: false };
    return { count: this.list.length, exact: this.parsed.proved, approx: !this.parsed.proved };
  };

  // ---- snippets -----------------------------------------------------------------------------

  function snippet(text, words, title, size) {
    size = size || 90;
    // No look-behind in the pattern: Safari before 16.4 would refuse the whole script.
    var sentences = text.replace(/([。！？；])/g, "$1\n").split("\n").map(function (s) { return s.trim(); })
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

  function pathOf(url) {
    return new URL(url, location.href).pathname;
  }

  window.gkSearch = {
    parse: parse,
    snippet: snippet,
    snippetNode: snippetNode,
    // new Search over the index: .ready, .upTo(n), .total()
    start: function (query, filters) {
      return meta().then(function (m) { return new Search(m, query, filters).ready; });
    },
    // {区县: {黔江区: pages, …}, 镇街: …, 年度: …}, fetched only when asked
    filters: function () {
      return fetch(new URL("filters.json", base)).then(function (r) {
        if (!r.ok) throw new Error("search-index/filters.json: " + r.status);
        return r.json();
      });
    },
    // Every page found, as the interface counts it (bench/search_eval.py): the candidates
    // when the terms prove the words, else every candidate checked.
    all: function (query, filters) {
      return window.gkSearch.start(query, filters).then(function (s) {
        if (!s.parsed.loose) {
          return Promise.all(s.list.map(function (c) { return doc(c.page); })).then(function (ds) {
            return ds.map(function (d) { return pathOf(new URL(d.u, siteBase)); });
          });
        }
        return s.upTo(Infinity).then(function (items) {
          return items.map(function (d) { return pathOf(d.url); });
        });
      });
    },
    // Every page found, each checked against its text (bench: the candidates' precision).
    checked: function (query, filters) {
      return window.gkSearch.start(query, filters).then(function (s) {
        return s.upTo(Infinity).then(function (items) {
          return items.map(function (d) { return pathOf(d.url); });
        });
      });
    },
    // "找到 N 个" / "约 N 个" / "至少 N 个": a total as the box and the results page say it.
    counted: function (total) {
      return (total.exact ? "找到 " : total.approx ? "约 " : "至少 ") + total.count + " 个";
    },
    resultsUrl: null,
  };

  // ---- the header box ---------------------------------------------------------------------

  if (!box) return;
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
      show(window.gkSearch.counted(total) + "含" + q + "的页面" +
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
      show("搜索暂不可用：搜索索引还没有建好或没有载入。本地预览保存后稍等片刻再试 (search index not available)");
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    var query = input.value.trim();
    timer = setTimeout(function () { run(query); }, 150);
  });
  input.addEventListener("focus", function () { meta().catch(function () {}); }, { once: true });
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
