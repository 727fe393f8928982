"""Hostile web servers: compression bombs and slow drips end in a clear error naming the URL,
within the size cap and the download deadline (a local http.server on 127.0.0.1)."""
import gzip
import threading
import time
import tracemalloc
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from claimledger.errors import InputError, InputTooLargeError
from claimledger.ingest.web import fetch

PAGE = b"<html><body><p>The mayor said the water supply was restored on Monday.</p></body></html>"


def _bomb(inflated: int) -> bytes:
    """``inflated`` zero bytes gzipped twice (a few hundred bytes on the wire)."""
    inner = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    chunk = b"\0" * 1_000_000
    parts = [inner.compress(chunk) for _ in range(inflated // len(chunk))]
    parts.append(inner.flush())
    return gzip.compress(b"".join(parts), 9)


class Hostile(BaseHTTPRequestHandler):
    routes: dict = {}

    def do_GET(self):  # noqa: N802 - the http.server API
        kind, body, encoding = self.routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        if encoding:
            self.send_header("Content-Encoding", encoding)
        if kind == "drip":
            self.end_headers()
            for byte in body:
                try:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.1)
            return
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def hostile():
    Hostile.routes = {
        "/bomb": ("plain", _bomb(100_000_000), "gzip, gzip"),
        "/gzipped": ("plain", gzip.compress(PAGE), "gzip"),
        "/deflated": ("plain", zlib.compress(PAGE), "deflate"),
        "/brotli": ("plain", PAGE, "br"),
        "/drip": ("drip", PAGE[:60], None),
    }
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Hostile)
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def test_web_gzip_bomb_stops_at_the_cap_without_inflating(hostile):
    tracemalloc.start()
    try:
        with pytest.raises(InputTooLargeError, match="limit of 1,000,000") as err:
            fetch(f"{hostile}/bomb", max_bytes=1_000_000, allow_private=True)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "/bomb" in str(err.value)
    assert peak < 20_000_000, f"{peak:,} bytes held while reading a 100 MB bomb"


@pytest.mark.parametrize("path", ["/gzipped", "/deflated"])
def test_web_compressed_pages_are_read(hostile, path):
    got = fetch(f"{hostile}{path}", max_bytes=1_000_000, allow_private=True)
    assert got.data == PAGE


def test_web_unknown_content_coding_is_refused(hostile):
    with pytest.raises(InputError, match="content coding 'br'"):
        fetch(f"{hostile}/brotli", max_bytes=1_000_000, allow_private=True)


def test_web_deadline_is_per_download_not_per_read(hostile):
    # 60 bytes at one every 0.1 s: every read is quick, the whole download is not
    with pytest.raises(InputError, match="longer than 1 s") as err:
        fetch(f"{hostile}/drip", max_bytes=1_000_000, timeout=1, allow_private=True)
    assert "/drip" in str(err.value)
