"""Monitoring reports (ZOU-M1): placements made outside woonroute, the monthly placement report
per corporatie, and the regional figures.

``upload`` checks a file of externe plaatsingen (columns and every row; the file itself is read
by ``service.bestanden.lezen``); ``actions`` writes them and computes the report and figures;
``verzending`` records a sent month report; ``router`` publishes the API.
"""
