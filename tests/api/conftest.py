"""A local webhook receiver on 127.0.0.1 for the webhook tests, on a port the system picks: the
test workers run side by side, and a fixed port is taken by the other worker's receiver."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest


class Ontvanger(BaseHTTPRequestHandler):
    ontvangen: list = []
    status = 200
    location = None
    port = 0  # set by the fixture

    def do_POST(self):  # noqa: N802 - http.server's name
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Ontvanger.ontvangen.append((dict(self.headers), body))
        self.send_response(Ontvanger.status)
        if Ontvanger.location:
            self.send_header("Location", Ontvanger.location)
        self.end_headers()

    def do_GET(self):  # noqa: N802 - only reached by following a redirect
        Ontvanger.ontvangen.append((dict(self.headers), b""))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def ontvanger(settings):
    # A receiver on this machine: exempt from the SSRF check by the allow-list, as in development.
    settings.API_WEBHOOK_ALLOWED_HOSTS = ["127.0.0.1"]
    Ontvanger.ontvangen = []
    Ontvanger.status = 200
    Ontvanger.location = None
    server = HTTPServer(("127.0.0.1", 0), Ontvanger)
    Ontvanger.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Ontvanger
    server.shutdown()
    server.server_close()
