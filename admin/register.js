// Registers the record formats and the form's own check of new records, then starts
// Decap CMS (index.html sets CMS_MANUAL_INIT so that the formats exist before the
// configuration, which names them, is read).
(function () {
  "use strict";
  var CMS = window.CMS;
  var KINDS = { reports: "report", towns: "town", districts: "district" };
  var LABELS = { district_dir: "区县目录名", town_dir: "镇街目录名" };

  Object.keys(KINDS).forEach(function (name) {
    var kind = KINDS[name];
    CMS.registerCustomFormat("gk-" + kind, "yml", window.GKGEN_FORMAT.format(kind));
  });

  // A new record's folders decide where its file goes: they are not part of the record,
  // so the form cannot require them for existing records (it does not know them), only
  // here, for new ones. Decap shows the message and saves nothing.
  CMS.registerEventListener({
    name: "preSave",
    handler: function (args) {
      var entry = args.entry;
      if (!entry.get("newRecord")) return;
      var kind = KINDS[entry.get("collection")];
      var data = entry.get("data");
      var missing = (window.GKGEN_SHAPE.path_fields[kind] || []).filter(function (name) {
        return !data.get(name);
      });
      if (missing.length) {
        var names = missing.map(function (n) { return LABELS[n]; }).join("、");
        throw new Error("新建记录须填写" + names + "（决定文件保存在哪里） (new records need their folder names)");
      }
    },
  });

  CMS.init();
})();
