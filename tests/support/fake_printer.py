"""A fake thermal printer on 127.0.0.1: records what it would print and answers DLE EOT like a real one."""

from __future__ import annotations

import socket
import threading
import time

from tests.support.escpos_reader import Incomplete, next_command, split_jobs

# DLE EOT 1, 2, 3, 4 answers per state (ESC/POS reference bit layouts).
ANSWERS = {
    "ok": (0x12, 0x12, 0x12, 0x12),
    "paper_near_end": (0x12, 0x12, 0x12, 0x1E),
    "offline": (0x1A, 0x12, 0x12, 0x12),
    "paper_out": (0x1A, 0x32, 0x12, 0x7E),
    "cover_open": (0x1A, 0x16, 0x12, 0x12),
}


class FakeThermalPrinter:
    """States: ok, paper_near_end, paper_out, cover_open, offline (answers offline), stalled (accepts, never
    answers). `refuse()` closes the port (connection refused) and `accept()` opens the same port again.

    `answers_left` lets a test stall the printer in the middle of a job: after that many answers it goes quiet.
    """

    def __init__(self) -> None:
        self.state = "ok"
        self.answers_left: int | None = None
        self.received = bytearray()  # print data, status queries stripped out
        self.status_queries = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._server: socket.socket | None = None
        self._threads: list[threading.Thread] = []
        self._clients: list[socket.socket] = []
        self.port = 0
        self.accept()

    @property
    def address(self) -> tuple[str, int]:
        return "127.0.0.1", self.port

    def accept(self) -> None:
        server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        server.bind(("127.0.0.1", self.port))
        server.listen(8)
        server.settimeout(0.1)
        self.port = server.getsockname()[1]
        self._server = server
        thread = threading.Thread(target=self._serve, args=(server,), daemon=True)
        thread.start()
        self._threads.append(thread)

    def refuse(self) -> None:
        """Close the listening socket and every connection: the next connect is refused."""
        server, self._server = self._server, None
        if server is not None:
            server.close()
        for client in self._clients:
            try:
                client.close()
            except OSError:
                pass
        self._clients.clear()
        time.sleep(0.15)  # let the accept loop notice

    def close(self) -> None:
        self.refuse()

    @property
    def jobs(self) -> list[bytes]:
        with self._lock:
            return split_jobs(bytes(self.received))

    def _serve(self, server: socket.socket) -> None:
        while self._server is server:
            try:
                client, _ = server.accept()
            except (TimeoutError, OSError):
                continue
            self.connections += 1
            self._clients.append(client)
            threading.Thread(target=self._client, args=(client,), daemon=True).start()

    def _answer(self, n: int) -> bytes | None:
        if self.state == "stalled" or not 1 <= n <= 4:
            return None
        if self.answers_left is not None:
            if self.answers_left <= 0:
                return None
            self.answers_left -= 1
        return bytes([ANSWERS[self.state][n - 1]])

    def _client(self, client: socket.socket) -> None:
        buffer = b""
        pos = 0
        try:
            while True:
                chunk = client.recv(65536)
                if not chunk:
                    return
                buffer += chunk
                # Parse whole commands so a DLE EOT pattern inside image data is not taken for a query,
                # as a real printer's command parser does.
                while pos < len(buffer):
                    try:
                        cmd, end = next_command(buffer, pos)
                    except Incomplete:
                        break
                    if cmd.name == "text" and end == len(buffer):
                        break  # text may continue in the next chunk
                    if cmd.name == "status":
                        self.status_queries += 1
                        answer = self._answer(cmd.args[0])
                        if answer is not None:
                            client.sendall(answer)
                    else:
                        with self._lock:
                            self.received += cmd.raw
                    pos = end
                buffer, pos = buffer[pos:], 0
        except OSError:
            return
        finally:
            client.close()


__all__ = ["ANSWERS", "FakeThermalPrinter"]
