"""woonroute service: the only package that knows FastAPI, SQLModel, httpx and pandas."""

__version__ = "0.1.0"
