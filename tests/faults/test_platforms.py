"""`twitchcheck run` as a platform bot, a real process: signals, wrong tokens, an offline machine.

Telegram: the bot process talks HTTP to the Bot API stand-in (tests/fakes/telegram_server.py)
running in the test. Discord: discord.com is made unresolvable inside the bot process
(a sitecustomize that fails its DNS look-up), as on a machine without network.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.settings import Settings
from bot.stores import SessionKey, hash_id
from bot.stores.factory import open_store
from tests.fakes.telegram_server import FakeBotAPI
from tests.faults.conftest import clean_env, one_error_line, twitchcheck
from tests.redis_server import RedisServer, free_port

TOKEN = "7000000002:AAFaultSuiteTokenNeverPrinted"
SECRET = "fault-suite-secret"
ANN = 4242
OFFLINE = "import socket\n_real = socket.getaddrinfo\n" \
          "def getaddrinfo(host, *a, **k):\n" \
          "    if 'discord' in str(host): raise socket.gaierror(-2, 'Name or service not known')\n" \
          "    return _real(host, *a, **k)\n" \
          "socket.getaddrinfo = getaddrinfo\n"


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    async with FakeBotAPI(token=TOKEN) as fake:
        yield fake


def telegram_env(api: FakeBotAPI, data: Path, **extra: str) -> dict[str, str]:
    settings = {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_BASE_URL": api.base_url, "TELEGRAM_RATE_LIMIT": "0",
                "TWITCHCHECK_ID_SECRET": SECRET, **extra}
    return clean_env(data, **settings)


async def start_bot(data: Path, env: dict[str, str], *args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(sys.executable, "-m", "bot", "run", *args, cwd=data.parent, env=env,
                                                stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE,
                                                stderr=asyncio.subprocess.PIPE)


async def stopped(proc: asyncio.subprocess.Process, sig: int) -> tuple[int, str]:
    proc.send_signal(sig)
    try:
        _, err = await asyncio.wait_for(proc.communicate(), 20)
    except TimeoutError:
        proc.kill()
        raise
    assert proc.returncode is not None
    return proc.returncode, err.decode(errors="replace")


async def stored_question(settings_env: dict[str, str], user: int) -> str | None:
    settings = Settings(_env_file=None, **{k.lower(): v for k, v in settings_env.items()  # type: ignore[arg-type]
                                           if k.startswith(("TWITCHCHECK_", "TELEGRAM_"))})
    store = await open_store(settings.store_url, 86400)
    try:
        secret = SECRET.encode()
        record = await store.load(SessionKey("telegram", hash_id(secret, "telegram", user),
                                             hash_id(secret, "telegram-chat", user)))
        return None if record is None else record.session.question
    finally:
        await store.close()


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
async def test_polling_bot_stops_cleanly_on_a_signal_and_keeps_the_check(api: FakeBotAPI, data: Path,
                                                                          sig: int) -> None:
    # Was (Ctrl-C): about 170 lines of tracebacks.
    env = telegram_env(api, data)
    proc = await start_bot(data, env)
    try:
        api.user_text(ANN, "/start")
        await api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ANN, ok=True, timeout=20)
    finally:
        code, err = await stopped(proc, sig)
    assert code == 0, err
    assert "Traceback" not in err and "Error" not in err, err
    assert await stored_question(env, ANN) == "emergency"


@pytest.mark.parametrize("workers", [1, 2], ids=["one-process", "two-workers"])
async def test_webhook_mode_stops_cleanly_on_sigterm_and_keeps_the_check(api: FakeBotAPI, data: Path,
                                                                          workers: int) -> None:
    port = free_port()
    env = telegram_env(api, data, TELEGRAM_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg/hook",
                       TELEGRAM_WEBHOOK_SECRET="hook-secret_1", TELEGRAM_WEBHOOK_PORT=str(port))
    proc = await start_bot(data, env, "--workers", str(workers))
    try:
        await api.wait_for("setWebhook", ok=True, timeout=20)
        update = api.user_text(ANN, "/start")
        for _ in range(200):  # as Telegram: again until the webhook answers 200
            try:
                if await api.post_update_to_webhook(update) == 200:
                    break
            except OSError:
                pass
            await asyncio.sleep(0.05)
        await api.wait_for("sendMessage", lambda c: c.params.get("chat_id") == ANN, ok=True, timeout=20)
    finally:
        code, err = await stopped(proc, signal.SIGTERM)
    assert code == 0, err
    assert "Traceback" not in err, err
    assert await stored_question(env, ANN) == "emergency"


async def test_a_wrong_token_is_one_line_and_never_printed(api: FakeBotAPI, data: Path) -> None:
    wrong = "7000000002:AAWrongTokenThatMustNotBePrinted"
    env = telegram_env(api, data, TELEGRAM_BOT_TOKEN=wrong, TWITCHCHECK_LOG_LEVEL="DEBUG")
    proc = await start_bot(data, env)
    out, err = await asyncio.wait_for(proc.communicate(), 30)
    text = (out + err).decode(errors="replace")
    assert proc.returncode == 1
    assert wrong not in text and wrong.split(":")[1] not in text, text
    assert "Traceback" not in text
    assert err.decode().strip().splitlines()[-1].startswith("error: telegram stopped: InvalidToken")


def test_discord_sync_offline_says_so_in_one_line_without_voice_warnings(tmp_path: Path) -> None:
    # Was: two "voice will NOT be supported" warnings, then
    # "error: ClientConnectorDNSError: something went wrong".
    (tmp_path / "offline").mkdir()
    (tmp_path / "offline" / "sitecustomize.py").write_text(OFFLINE)
    data = tmp_path / "data"
    env = clean_env(data, DISCORD_BOT_TOKEN="MTIz.fake.token", PYTHONPATH=str(tmp_path / "offline"))
    result = twitchcheck("discord-sync", data=data, env=env, timeout=30)
    assert result.returncode == 1
    assert "voice" not in result.stderr
    assert one_error_line(result.stderr) == ("error: cannot reach discord.com (Name or service not known); "
                                             "check the network connection")


def test_redis_down_at_start_is_one_line_naming_the_setting(data: Path) -> None:
    url = f"redis://:pa55word@127.0.0.1:{free_port()}/0"
    result = twitchcheck("chat", data=data, env=clean_env(data, TWITCHCHECK_STORE_URL=url), timeout=30)
    assert result.returncode != 0
    line = one_error_line(result.stderr)
    assert line.startswith("error: TWITCHCHECK_STORE_URL: cannot reach Redis") and "pa55word" not in line


def test_redis_gone_mid_check_loses_no_answer(tmp_path: Path) -> None:
    from tests.faults.conftest import Chat

    data = tmp_path / "data"
    with RedisServer(tmp_path / "redis", persistent=True) as server:
        chat = Chat(data, "chat", env=clean_env(data, TWITCHCHECK_STORE_URL=server.url))
        try:
            chat.expect("> ")
            chat.say("4", then="How often does it twitch?")
            server.kill()
            chat.say("3")  # daily, while Redis is gone
            server.start()
            chat.expect("How long has it been going on?", timeout=20)  # saved once Redis is back
            chat.proc.stdin.close()  # type: ignore[union-attr]
            code, out, err = chat.finish()
        finally:
            chat.kill()
        assert code == 0 and "Traceback" not in err, err
        again = twitchcheck("chat", data=data, env=clean_env(data, TWITCHCHECK_STORE_URL=server.url))
        assert again.stdout.lstrip().startswith("How long has it been going on?"), again.stdout
    assert os.path.exists(data / "id_secret")
