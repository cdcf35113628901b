"""serve: the HTTP API (/api/v1, OpenAPI at /openapi.json) and server-rendered pages over the store.

A thin shell, like the CLI: every answer comes from the library (across.views, across.track,
store.repo, pipeline, run.job, exchange.correction_file). Modules: `app` (the FastAPI application,
security headers, body limit, JSON errors), `state` (the open store, the token, the analysis lock),
`api` (JSON endpoints), `pages` (Jinja2 pages), `render` (what pages need drawn: highlighted text, SVG).
FastAPI, uvicorn and Jinja2 are the `serve` extra; importing this package needs them.
"""
from __future__ import annotations

from .app import create_app
from .state import Settings

__all__ = ["Settings", "create_app"]
