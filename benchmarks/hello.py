"""A bare FastAPI hello endpoint: the ceiling the reads are measured against (issue 15)."""

from fastapi import FastAPI

app = FastAPI()


@app.get("/hallo")
def hallo() -> dict[str, str]:
    return {"hallo": "wereld"}
