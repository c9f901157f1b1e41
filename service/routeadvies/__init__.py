"""Route advice (DRE-R2): which route to a home of one's own fits the client."""
