"""Server-rendered pages for the people who use woonroute (issue 7): Jinja2 templates served by
the same FastAPI app, plain forms (no front-end build), the same actions and the same kind and
object checks as the API (``service.deps.vereis`` and each action's scoped queries)."""
