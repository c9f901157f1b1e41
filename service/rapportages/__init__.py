"""Monitoring reports (ZOU-M1): placements made outside woonroute, the monthly placement report
per corporatie, and the regional figures."""
