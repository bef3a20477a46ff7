"""gkgen: publish Chinese local-government rule-of-law reports as a static site.

Pipeline (one module per stage): ``load`` reads YAML records strictly, ``validate``
turns them into typed records with every error located, ``render`` writes a Markdown
tree and its navigation, ``build`` hands that tree to the site engine and publishes
atomically. Only ``mkdocs_plugin`` imports MkDocs.
"""

__version__ = "0.1.0"
