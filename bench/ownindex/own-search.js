/* 站内搜索原型：自建静态索引 (issue 15/16). Prototype engine over gk-index/ built by
   bench/ownindex/build_index.py; same API shape as window.gkSearch in search.js, so it
   can replace Pagefind there later. No framework, no wasm, same origin only.

   Semantics kept from search.js:
   - a Chinese word of two or more characters is an exact phrase: every pair of it must be
     in one document (a page, or one part of a very long page), and the text shown is
     checked to hold it;
   - one Chinese character finds every page holding it;
   - words separated by spaces must all be on the page, in any order; a quoted query is
     one exact phrase;
   - a word that mixes scripts or holds punctuation (2020年, 100%) is looked up piece by
     piece, then each page is checked against its text before it is shown (loose).
   What a query fetches: meta.json (≈0.2 KB), one bucket (≤ 12 KB) per term, and one
   gzip document (≈ 1–3 KB) per result shown: flat in the number of pages. */
(function () {
  "use strict";
  var HAN = /^[\u4e00-\u9fff]/;
  // A Chinese run, or a run of letters/digits of any other script (build_index.PIECES).
  var PIECES = /[\u4e00-\u9fff]+|(?:(?![\u4e00-\u9fff])[\p{L}\p{N}])+/gu;
  var FILTER_MARK = "\u0001";
  // Each term costs one bucket (≤ 12 KB); a longer phrase is looked up by its first
  // pairs and the rest is checked against the text (≤ 250 KB per query).
  var MAX_TERMS = 12;

  var script = document.currentScript;
  var base = new URL(".", script ? script.src : location.href); // gk-index/
  var siteBase = new URL("..", base);

  function squash(text) {
    return text.replace(/\s+/g, "").toLowerCase();
  }

  // ---- files ------------------------------------------------------------------------------

  var metaP = null;
  function meta() {
    if (!metaP) {
      metaP = fetch(new URL("meta.json", base)).then(function (r) {
        if (!r.ok) throw new Error("gk-index/meta.json: " + r.status);
        return r.json();
      });
    }
    return metaP;
  }

  var bucketP = new Map();
  function bucket(i) {
    if (!bucketP.has(i)) {
      bucketP.set(i, fetch(new URL("b/" + i + ".bin", base)).then(function (r) {
        if (!r.ok) throw new Error("gk-index bucket " + i + ": " + r.status);
        return r.arrayBuffer();
      }).then(function (buf) { return new Uint8Array(buf); }));
    }
    return bucketP.get(i);
  }

  // A document: {u, t, x, p}. Stored gzip; inflated with DecompressionStream (Chrome 80,
  // Firefox 113, Safari 16.4); older browsers read the plain copy when the site has one.
  // A host that labels the file gzip-encoded has fetch inflate it already: the first two
  // bytes tell.
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
  function doc(id) {
    if (!docP.has(id)) {
      docP.set(id, meta().then(function (m) {
        var gz = typeof DecompressionStream === "function";
        if (!gz && !m.plain) throw new Error("DecompressionStream unavailable");
        var name = "d/" + id + (gz ? ".gz" : ".json");
        return limited(function () { return fetch(new URL(name, base)); }).then(function (r) {
          if (!r.ok) throw new Error("gk-index document " + id + ": " + r.status);
          return r.arrayBuffer();
        }).then(function (buf) {
          var head = new Uint8Array(buf, 0, 2);
          if (head[0] !== 0x1f || head[1] !== 0x8b) return new Response(buf).json();
          var stream = new Blob([buf]).stream().pipeThrough(new DecompressionStream("gzip"));
          return new Response(stream).json();
        });
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

  // {words, pieces: [[terms of each word]], terms, loose}: words must each be in the text
  // shown; each word's terms must be in one document; loose says the terms alone do not
  // prove the words (mixed script, punctuation, or a phrase longer than the budget).
  function parse(query) {
    var q = query.trim();
    var quoted = /^["“].+["”]$/.test(q);
    var words = (quoted ? [squash(q.slice(1, -1))] : q.split(/\s+/).map(squash)).filter(Boolean);
    var loose = false;
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
      mine = mine.filter(function (t) {
        if (all.has(t)) return true;
        if (all.size >= MAX_TERMS) { loose = true; return false; }
        all.add(t);
        return true;
      });
      return mine;
    });
    return { words: words, pieces: perWord, terms: Array.from(all), loose: loose };
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

  // Resolves once `count` results are checked (or the candidates ran out).
  Search.prototype.upTo = function (count) {
    var self = this;
    if (self.checked.length >= count || self.next >= self.list.length) {
      return Promise.resolve(self.checked.slice(0, count));
    }
    var batch = self.list.slice(self.next, self.next + Math.max(count - self.checked.length, 4));
    self.next += batch.length;
    return Promise.all(batch.map(function (c) { return self.check(c); })).then(function (items) {
      items.forEach(function (item) { if (item) self.checked.push(item); });
      return self.upTo(count);
    });
  };

  // The number of pages found: exact once every candidate is checked, or when the terms
  // prove the words; otherwise the pages proved so far, a lower bound.
  Search.prototype.total = function () {
    if (this.next >= this.list.length || !this.parsed.loose) {
      return { count: this.parsed.loose ? this.checked.length : this.list.length, exact: true };
    }
    return { count: this.checked.length, exact: false };
  };

  // ---- snippets (as search.js) ------------------------------------------------------------

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

  function pathOf(url) {
    return new URL(url, location.href).pathname;
  }

  window.gkSearch = {
    parse: parse,
    decode: function (text) { return text; }, // documents hold plain text
    snippet: snippet,
    snippetNode: snippetNode,
    // new Search over the index: .ready, .upTo(n), .total()
    start: function (query, filters) {
      return meta().then(function (m) { return new Search(m, query, filters).ready; });
    },
    // {区县: {黔江区: pages, …}, 镇街: …, 年度: …}, fetched only when asked
    filters: function () {
      return fetch(new URL("filters.json", base)).then(function (r) { return r.json(); });
    },
    // Every page found, as the interface counts it (bench): candidates when the terms
    // prove the words, else every candidate checked.
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
    resultsUrl: null,
  };
})();
