"""gkgen: publish Chinese local-government rule-of-law reports as a static site.

The stages, one module each, in the order they run:

1. ``load``      read one YAML record strictly, keeping every value's line and column;
2. ``validate``  turn it into a typed record (``model``), wording errors (``messages``)
                 and checking the report rules (``rules``);
3. ``advise``    warn about what a supervisor should see (``advice``);
4. ``walk``      do 1–3 for every file of the content tree into the catalogue (``tree``);
5. ``render``    every page as Markdown plus the navigation (``render``, with
                 ``report_page``, ``status``, ``compare``, ``feed``);
6. ``write``     the Markdown tree to disk, only what changed (``write``);
7. ``build``     a site engine turns the tree into HTML in a staging folder (``build``,
                 ``engines``, ``shards``);
8. ``index``     the site's own search index over the HTML (``search_text``,
                 ``search_index``); ``publish`` swaps the site in.

``pipeline`` runs 4–6 (all-or-nothing). Only ``mkdocs_plugin`` imports MkDocs.
"""

__version__ = "0.1.0"
