"""PTB's request seam (`BaseRequest`) on aiohttp's HTTP client instead of httpx.

Measured in the bot process (bench, a loopback Bot API): about 0.35 ms of CPU per Bot API
call against about 1 ms with PTB's default `HTTPXRequest`; a check makes two calls per
update, so this is most of the difference between us and a conventional bot. aiohttp is
already installed (discord.py is built on it). Errors never carry the URL: it holds the token.
"""

from __future__ import annotations

from typing import Any

import aiohttp
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

CONNECTIONS = 256  # PTB's own default pool for the bot's calls


def _or(value: Any, default: float | None) -> float | None:
    """A timeout given for this call, else ours (PTB passes DEFAULT_NONE for "not given")."""
    return default if value is BaseRequest.DEFAULT_NONE else value


class AiohttpRequest(BaseRequest):
    """One aiohttp session; per-call timeouts as PTB passes them (long polling sets its own).

    aiohttp has no write timeout: a stalled upload ends at the read timeout instead.
    """

    def __init__(self, connections: int = CONNECTIONS, read_timeout: float | None = 5.0,
                 connect_timeout: float | None = 5.0, pool_timeout: float | None = 1.0) -> None:
        self._connections = connections
        self._read, self._connect, self._pool = read_timeout, connect_timeout, pool_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float | None:
        return self._read

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=self._connections))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    def _timeout(self, read: Any, connect: Any, pool: Any) -> aiohttp.ClientTimeout:
        connect_s, pool_s = _or(connect, self._connect), _or(pool, self._pool)
        waiting = None if connect_s is None or pool_s is None else connect_s + pool_s
        return aiohttp.ClientTimeout(total=None, connect=waiting, sock_connect=connect_s,
                                     sock_read=_or(read, self._read))

    @staticmethod
    def _body(request_data: RequestData | None) -> Any:
        if request_data is None:
            return None
        fields = request_data.json_parameters
        files = request_data.multipart_data
        if not files:
            return fields  # form-encoded, as PTB sends it
        form = aiohttp.FormData()
        for name, value in fields.items():
            form.add_field(name, value)
        for name, (filename, content, mimetype) in files.items():
            form.add_field(name, content, filename=filename, content_type=mimetype)
        return form

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None,
        read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
        connect_timeout: Any = BaseRequest.DEFAULT_NONE, pool_timeout: Any = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        try:
            async with self._session.request(
                method, url, data=self._body(request_data), headers={"User-Agent": self.USER_AGENT},
                timeout=self._timeout(read_timeout, connect_timeout, pool_timeout),
            ) as response:
                return response.status, await response.read()
        except TimeoutError as exc:  # aiohttp's connect (and pool) and read timeouts
            raise TimedOut from exc
        except aiohttp.ClientError as exc:  # the class only: the message may hold the URL, and so the token
            raise NetworkError(f"aiohttp.{type(exc).__name__}") from exc
