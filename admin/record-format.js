// The record format of the form editor: YAML records <-> the form's data.
//
// Why a custom format rather than Decap's plain YAML: hand-written records hold a
// paragraph as a plain string, and Decap's typed lists need every item to be an object
// with a type key. fromFile tags each body item ({kind: paragraph, text}, enumeration,
// table) and widens one-or-more fields to lists; toFile undoes exactly that and writes the
// record as the project writes it: the model's key order, the 落款 last, empty fields left
// out, the leading comments (the yaml-language-server modeline first) kept. Every scalar
// is read as text (js-yaml's failsafe schema), as generator/load.py reads it.
//
// Loaded in the admin page after js-yaml and record-shape.js (globals jsyaml and
// GKGEN_SHAPE); in node (the tests) through require().

(function (root, factory) {
  if (typeof module !== "undefined" && module.exports) {
    module.exports = factory(require("js-yaml"), require("./record-shape.js"));
  } else {
    root.GKGEN_FORMAT = factory(root.jsyaml, root.GKGEN_SHAPE);
  }
})(typeof self !== "undefined" ? self : this, function (yaml, SHAPE) {
  "use strict";

  // The loader's nulls (generator/load.py _NULLS): such text means "empty" there too.
  var NULLS = ["", "~", "null", "Null", "NULL"];
  // Dumping: every scalar is text, but a string the loader would read as null is quoted.
  var DUMP_SCHEMA = yaml.FAILSAFE_SCHEMA.extend({ implicit: [yaml.types.null] });

  function isEmpty(value) {
    if (value === null || value === undefined) return true;
    if (typeof value === "string") return NULLS.indexOf(value) >= 0;
    if (Array.isArray(value)) return value.length === 0;
    if (typeof value === "object") return Object.keys(value).length === 0;
    return false;
  }

  function asList(value) {
    if (isEmpty(value)) return [];
    return Array.isArray(value) ? value : [value];
  }

  // ---- reading: file -> form ---------------------------------------------------------

  function recordKind(data) {
    if (["title", "sections", "year", "signature", "issuer"].some(function (k) { return k in data; })) {
      return "report";
    }
    return "kind" in data ? "town" : "district";
  }

  function tagBlock(item) {
    if (typeof item === "string") return { kind: "paragraph", text: item };
    if (item && typeof item === "object" && !Array.isArray(item)) {
      if ("rows" in item || "header" in item) {
        var rows = asList(item.rows).map(function (row) {
          return { cells: asList(row).map(function (c) { return isEmpty(c) ? "" : c; }) };
        });
        var header = asList(item.header).map(function (c) { return isEmpty(c) ? "" : c; });
        return Object.assign({}, dropNulls(item), { kind: "table", header: header, rows: rows });
      }
      return Object.assign({ kind: "enumeration" }, dropNulls(item));
    }
    return item; // anything else is kept as it is, for `check` to name
  }

  function dropNulls(obj) {
    var out = {};
    Object.keys(obj).forEach(function (k) {
      if (!isEmpty(obj[k])) out[k] = obj[k];
    });
    return out;
  }

  function formSection(section, depth) {
    var out = dropNulls(section);
    if (out.part && SHAPE.part_names[out.part]) out.part = SHAPE.part_names[out.part];
    if ("body" in out) out.body = asList(out.body).map(tagBlock);
    if ("sections" in out) {
      out.sections = asList(out.sections).map(function (s) { return formSection(s, depth + 1); });
    }
    return out;
  }

  function leadingComments(text) {
    var lines = text.replace(/^\uFEFF/, "").split(/\r?\n/);
    var head = [];
    for (var i = 0; i < lines.length && /^#/.test(lines[i]); i++) head.push(lines[i]);
    return head.join("\n");
  }

  function fromFile(text) {
    var data = yaml.load(text, { schema: yaml.FAILSAFE_SCHEMA }) || {};
    if (typeof data !== "object" || Array.isArray(data)) return { gk_record: "other" };
    data = dropNulls(data);
    var kind = recordKind(data);
    SHAPE.text_lists[kind].forEach(function (k) { if (k in data) data[k] = asList(data[k]); });
    if (data.metadata) data.metadata = dropNulls(data.metadata);
    if (data.signature && typeof data.signature === "object") {
      data.signature = dropNulls(data.signature);
      if ("issuer" in data.signature) data.signature.issuer = asList(data.signature.issuer);
    }
    if ("sections" in data) {
      data.sections = asList(data.sections).map(function (s) { return formSection(s, 1); });
    }
    ["metrics", "changes"].forEach(function (k) {
      if (k in data) data[k] = asList(data[k]).map(dropNulls);
    });
    SHAPE.booleans[kind].forEach(function (k) {
      if (k in data) data[k] = ["true", "True", "TRUE", "yes", "1"].indexOf(data[k]) >= 0;
    });
    data.gk_record = kind;
    data.gk_head = leadingComments(text);
    return data;
  }

  // ---- writing: form -> file ---------------------------------------------------------

  function text(value) {
    if (value === true) return "true";
    if (value === false || isEmpty(value)) return undefined; // false is every flag's default
    return String(value);
  }

  // Fields of towns and districts: text, or a list of text (a district's towns).
  function plain(key, value) {
    return Array.isArray(value) ? list(value, text) : text(value);
  }

  function ordered(obj, order, convert) {
    var out = {};
    (order || []).forEach(function (key) {
      if (!obj || !(key in obj)) return;
      var value = (convert || plain)(key, obj[key]);
      if (!isEmpty(value)) out[key] = value;
    });
    return out;
  }

  function list(value, each) {
    var out = asList(value).map(each).filter(function (v) { return !isEmpty(v); });
    return out.length ? out : undefined;
  }

  function oneOrMore(value) {
    var names = list(value, text);
    return names && names.length === 1 ? names[0] : names;
  }

  function untagBlock(item) {
    if (typeof item === "string") return text(item);
    if (!item || typeof item !== "object") return undefined;
    var kind = item.kind || (("rows" in item || "header" in item) ? "table" : "text" in item ? "paragraph" : "enumeration");
    if (kind === "paragraph") return text(item.text);
    if (kind === "table") {
      return ordered(item, SHAPE.order.Table, function (key, value) {
        if (key === "caption") return text(value);
        var cell = function (c) { return isEmpty(c) ? "" : String(c); };
        if (key === "header") return asList(value).map(cell);
        return list(value, function (row) {
          var cells = Array.isArray(row) ? row : row && row.cells;
          return asList(cells).map(cell);
        });
      });
    }
    return ordered(item, SHAPE.order.Enumeration, function (key, value) {
      return key === "items" ? list(value, text) : text(value);
    });
  }

  function section(obj) {
    return ordered(obj, SHAPE.order.Section, function (key, value) {
      if (key === "body") return list(value, untagBlock);
      if (key === "sections") return list(value, section);
      return text(value);
    });
  }

  function part(name) {
    return function (obj) { return ordered(obj, SHAPE.order[name]); };
  }

  function reportField(key, value) {
    switch (key) {
      case "issuer": return oneOrMore(value);
      case "preamble": return list(value, text);
      case "metadata": return ordered(value, SHAPE.order.Disclosure);
      case "sections": return list(value, section);
      case "metrics": return list(value, part("Metric"));
      case "changes": return list(value, part("Change"));
      case "signature":
        return ordered(value, SHAPE.order.Signature, function (k, v) {
          return k === "issuer" ? oneOrMore(v) : text(v);
        });
      default: return text(value);
    }
  }

  // A blank line before each top-level block (metadata:, sections: …), as records are
  // written by hand and by `new`/`import`: easier to read, no difference in meaning.
  function spaced(body) {
    return body.replace(/\n(?=[a-z_]+:\n)/g, "\n\n");
  }

  function dump(record, head) {
    var body = yaml.dump(record, {
      schema: DUMP_SCHEMA,
      lineWidth: -1,
      noRefs: true,
      quotingType: '"',
      indent: 2,
    });
    return (head ? head + "\n" : "") + spaced(body);
  }

  function header(kind, head) {
    var modeline = SHAPE.modeline[kind];
    var lines = head ? head.split("\n") : [];
    if (!lines.length || lines[0].indexOf("# yaml-language-server:") !== 0) lines.unshift(modeline);
    return lines.join("\n");
  }

  function toFile(kind, data) {
    var convert = kind === "report" ? reportField : null;
    var record = ordered(data, SHAPE.order[kind], convert);
    return dump(record, header(kind, data.gk_head));
  }

  function format(kind) {
    return {
      fromFile: fromFile,
      toFile: function (data) { return toFile(kind, data); },
    };
  }

  return { fromFile: fromFile, toFile: toFile, format: format, recordKind: recordKind };
});
