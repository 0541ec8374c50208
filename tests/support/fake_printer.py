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
_ACCEPT_POLL_S = 0.05


class FakeThermalPrinter:
    """States: ok, paper_near_end, paper_out, cover_open, offline (answers offline), stalled (accepts, never
    answers). `refuse()` closes the port (connection refused) and `accept()` opens the same port again.

    Like a real JetDirect port it serves one connection at a time: a second connection waits in the listen
    backlog (connected, but unanswered) until the first is finished, and bytes a client sent before closing
    are still read and printed.

    `bytes_per_s` throttles it into a slow link (serial, Bluetooth, a busy printer): it reads at that rate
    and, since it parses in order, answers a DLE EOT query only once it has read everything sent before it.
    `answers_left` lets a test stall the printer in the middle of a job: after that many answers it goes
    quiet. `switch_after = (n, state)` puts it in `state` after n answers (paper running out during a job).
    `drop_after` closes the connection once that many bytes of print data have arrived (a printer
    switched off in the middle of a receipt).
    """

    def __init__(self, *, bytes_per_s: int | None = None) -> None:
        self.state = "ok"
        self.bytes_per_s = bytes_per_s
        self.answers_left: int | None = None
        self.switch_after: tuple[int, str] | None = None
        self.drop_after: int | None = None
        self.received = bytearray()  # print data, status queries stripped out
        self.status_queries = 0
        self.connections = 0
        self._lock = threading.Lock()
        self._idle = threading.Condition()
        self._busy = False
        self._quiet_polls = 0  # accept polls that found nobody waiting, while no connection was served
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
        if self.bytes_per_s is not None:
            # A printer's input buffer is a few kilobytes: keep the kernel from reading far ahead of "the head".
            server.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        server.bind(("127.0.0.1", self.port))
        server.listen(8)
        server.settimeout(_ACCEPT_POLL_S)
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
        for client in list(self._clients):
            try:
                client.shutdown(socket.SHUT_RDWR)  # wakes the thread reading it, and the peer sees the end
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

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until every connection made so far has been read to its end and nobody is waiting to connect.

        A synchronisation point for tests (the bytes in flight have arrived), not a measurement.
        """
        deadline = time.monotonic() + timeout
        with self._idle:
            mark = self._quiet_polls
            while self._busy or self._quiet_polls <= mark:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._idle.wait(left)
        return True

    def _serve(self, server: socket.socket) -> None:
        while self._server is server:
            try:
                client, _ = server.accept()
            except (TimeoutError, OSError):
                with self._idle:
                    self._quiet_polls += 1
                    self._idle.notify_all()
                continue
            with self._idle:
                self._busy = True
            self.connections += 1
            self._clients.append(client)
            try:
                self._client(client)
            finally:
                if client in self._clients:
                    self._clients.remove(client)
                with self._idle:
                    self._busy = False
                    self._idle.notify_all()

    def _answer(self, n: int) -> bytes | None:
        if self.switch_after is not None:
            left, state = self.switch_after
            self.switch_after = (left - 1, state) if left > 0 else None
            if left <= 0:
                self.state = state
        if self.state == "stalled" or not 1 <= n <= 4:
            return None
        if self.answers_left is not None:
            if self.answers_left <= 0:
                return None
            self.answers_left -= 1
        return bytes([ANSWERS[self.state][n - 1]])

    def _recv(self, client: socket.socket) -> bytes:
        if self.bytes_per_s is None:
            return client.recv(65536)
        # About 20 ms worth of the link per read, then the time the link would have taken for it.
        chunk = client.recv(max(1, self.bytes_per_s // 50))
        if chunk:
            time.sleep(len(chunk) / self.bytes_per_s)
        return chunk

    def _client(self, client: socket.socket) -> None:
        buffer = b""
        pos = 0
        printed = 0
        try:
            while True:
                chunk = self._recv(client)
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
                        printed += len(cmd.raw)
                        if self.drop_after is not None and printed >= self.drop_after:
                            return  # switched off mid-job: the connection dies with the rest unread
                    pos = end
                buffer, pos = buffer[pos:], 0
        except OSError:
            return
        finally:
            client.close()


__all__ = ["ANSWERS", "FakeThermalPrinter"]
