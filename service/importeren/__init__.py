"""Import of an existing waiting list (CSV or XLSX) by the bemiddelaar (issue 6, "Import").

``bestand`` reads the upload into rows of text cells, ``actions`` validates every row with the
same rules as ``POST /v1/kandidaten`` and writes all kandidaten in one transaction, ``router``
publishes ``/v1/kandidaatimports`` and the template download.
"""
