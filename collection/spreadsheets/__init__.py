"""Catalogue spreadsheets in and out: the import template, the checks and the writes of an
import, the export, and their admin pages.

One module per step. An import: ``template`` (the columns, declared once), ``reading``
(files into rows, with ``zipfiles`` for hostile containers and ``image_files`` for the
images that come along), ``cells`` and ``planning`` (every row checked, nothing written),
``staging`` (an admin upload waiting for its confirmation), ``applying`` (all or nothing).
An export: ``exporting`` and ``writing``. The admin's pages are ``admin`` and ``forms``;
the management commands ``import_collection`` and ``export_collection`` use the same steps.
"""
