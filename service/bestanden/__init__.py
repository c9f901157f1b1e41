"""Files in and out: the one place that reads an upload and writes a download.

- ``lezen``: an uploaded CSV or XLSX as a header and rows of text cells (python-calamine for
  XLSX, streamed row by row), and the one parser per kind of cell value: yes/no (``janee``),
  dates (``datum``) and whole numbers/amounts (``geheel_getal``). Both uploads (the
  kandidaten import in ``service.importeren`` and the externe-plaatsingen upload in
  ``service.rapportages``) read through it; each words file-level problems its own way.
- ``schrijven``: exports as CSV and XLSX with Dutch column names, never a live formula.
  pandas (and openpyxl through it) is imported here only, where it is used.
"""
