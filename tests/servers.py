"""The web app on a real uvicorn server in a thread, on a free port of 127.0.0.1 (e2e and concurrency tests)."""

import socket
import threading
import time
from collections.abc import Callable


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def serve(app) -> tuple[str, Callable[[], None]]:
    """Serve an app; returns (base URL, stop). Returns once the server accepts connections."""
    import uvicorn

    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    for _ in range(200):
        if srv.started:
            break
        time.sleep(0.05)

    def stop() -> None:
        srv.should_exit = True
        thread.join(timeout=10)

    return f"http://127.0.0.1:{port}", stop
