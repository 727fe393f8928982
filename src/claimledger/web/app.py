"""The desk's application factory: the REST API under ``/api``, the pages,
the static files, security headers and the one place errors become HTTP.

Read-only unless ingest is enabled with a token; no CORS headers are sent
(the browser's same-origin rule stands); every response carries a
Content-Security-Policy that allows scripts only from the desk itself, so
article text that slips into a page as markup still cannot run.
"""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from claimledger import __version__
from claimledger.errors import ClaimledgerError
from claimledger.settings import Settings
from claimledger.store import Ledger

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "frame-ancestors 'none'; form-action 'self'")
#: Swagger UI sets style attributes in its markup; scripts stay as strict as everywhere
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer",
                    "X-Frame-Options": "DENY", "Cross-Origin-Opener-Policy": "same-origin"}

DESCRIPTION = """The claimledger ledger over HTTP: documents, claims, speakers, estimates,
events and search, each list paged (`offset`, `limit`; the answer says the `total`)
and every item in its `claimledger/1` shape with the document it comes from.
`POST /api/documents` adds a document; it is off unless the desk was started
with an ingest token, which the request must carry as `Authorization: Bearer TOKEN`."""


def figure(value: Any) -> str:
    """A count as people write it: 3,000 not 3000.0; anything else as it is."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}" if isinstance(value, int) else ("" if value is None else str(value))


def _web_dir() -> Any:
    return resources.files("claimledger.web")


def create_app(settings: Settings, *, ingest_token: str | None = None) -> FastAPI:
    """The desk on the ledger ``settings.db_url``; ``ingest_token`` turns on ``POST /documents``."""
    from claimledger.web import pages, rest
    ledger = Ledger.open(settings.db_url)  # opened and migrated once, closed when the server stops

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        ledger.close()
    app = FastAPI(title="claimledger desk", version=__version__, description=DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url="/openapi.json", lifespan=lifespan)
    app.state.settings = settings
    app.state.ledger = ledger
    app.state.ingest_token = ingest_token or None
    app.state.templates = Jinja2Templates(directory=str(_web_dir() / "templates"))
    app.state.templates.env.filters["figure"] = figure
    app.mount("/static", StaticFiles(directory=str(_web_dir() / "static")), name="static")
    app.include_router(rest.router)
    app.include_router(pages.router)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Any) -> Response:
        response: Response = await call_next(request)
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        return response

    app.add_exception_handler(ClaimledgerError, _claimledger_error)  # type: ignore[arg-type]
    app.add_exception_handler(StarletteHTTPException, _http_error)  # type: ignore[arg-type]
    app.add_exception_handler(RequestValidationError, _validation_error)  # type: ignore[arg-type]
    return app


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api/") or request.url.path == "/openapi.json"


def error_response(request: Request, status: int, message: str) -> Response:
    """An error as JSON for the API, as a page for a browser."""
    if _wants_json(request):
        return JSONResponse({"error": message, "status": status}, status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


async def _claimledger_error(request: Request, exc: ClaimledgerError) -> Response:
    status = exc.status if 400 <= exc.status < 600 else 500
    return error_response(request, status, str(exc))


async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
    response = error_response(request, exc.status_code, str(exc.detail))
    for name, value in (exc.headers or {}).items():
        response.headers[name] = value
    return response


async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
    if _wants_json(request):
        return JSONResponse({"error": "invalid request", "status": 422, "detail": _plain(exc.errors())},
                            status_code=422)
    problems = "; ".join(f"{'.'.join(str(x) for x in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
    return error_response(request, 422, f"invalid request: {problems}")


def _plain(errors: Any) -> list[dict[str, Any]]:
    return [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg")), "type": str(e.get("type"))}
            for e in errors]


def docs_page(request: Request) -> HTMLResponse:
    """Swagger UI on the desk's own copy of swagger-ui-dist (no CDN)."""
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "docs.html", {})
