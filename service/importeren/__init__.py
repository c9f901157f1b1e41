"""Import of an existing waiting list (CSV or XLSX) by the bemiddelaar (issue 6, "Import").

``service.bestanden.lezen`` reads the upload into rows of text cells and parses yes/no, dates
and numbers; ``actions`` validates every row with the same rules as ``POST /v1/kandidaten`` and
writes all kandidaten in one transaction; ``router`` publishes ``/v1/kandidaatimports`` and the
template download (written by ``service.bestanden.schrijven``).
"""
