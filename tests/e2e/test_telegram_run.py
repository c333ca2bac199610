"""End-to-end: `run_telegram` as the runner calls it, by polling and by webhook."""

from __future__ import annotations

import asyncio
import socket
from pathlib import Path

import pytest

from bot.adapters.telegram import run_telegram
from bot.engine import Bundle
from bot.service import CheckService
from bot.settings import Settings
from bot.stores.memory_store import MemoryStore
from tests.fakes.telegram_server import TOKEN, FakeBotAPI

from .conftest import TG_SECRET

ANN = 42
pytestmark = pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning")


def settings_for(fake: FakeBotAPI, tmp_path: Path, **extra: object) -> Settings:
    return Settings(  # type: ignore[call-arg]
        _env_file=None, telegram_bot_token=TOKEN, telegram_base_url=fake.base_url,
        twitchcheck_id_secret=TG_SECRET, twitchcheck_data_dir=tmp_path, **extra,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def listening(port: int, timeout: float = 5.0) -> None:
    """Wait until the webhook server accepts connections (PTB calls setWebhook before it listens)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        try:
            _, writer = await asyncio.open_connection("127.0.0.1", port)
        except OSError:
            if asyncio.get_running_loop().time() > deadline:
                raise
            await asyncio.sleep(0.02)
        else:
            writer.close()
            await writer.wait_closed()
            return


async def test_polling_sets_the_menu_answers_and_stops_cleanly(
    tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path
) -> None:
    stop = asyncio.Event()
    service = CheckService(bundle, MemoryStore())
    task = asyncio.create_task(run_telegram(settings_for(tg_fake, tmp_path), service, stop))
    await tg_fake.wait_for("setMyCommands", ok=True, count=2)
    menus = {scope: [c["command"] for c in cmds] for (scope, _lang), cmds in tg_fake.my_commands.items()}
    assert menus['{"type": "all_private_chats"}'][:2] == ["start", "check"]
    assert "forget" in menus['{"type": "all_private_chats"}']
    assert menus['{"type": "all_group_chats"}'] == ["quick", "check", "privacy", "help"]

    tg_fake.user_text(ANN, "/start")
    await tg_fake.wait_for("sendMessage", ok=True)
    assert tg_fake.allowed_updates == ["message", "edited_message", "callback_query"]
    stop.set()
    await asyncio.wait_for(task, 10)  # returns, no exception
    assert len(tg_fake.sent_messages(ANN)) == 1


async def test_webhook_mode_checks_the_secret_token(tg_fake: FakeBotAPI, bundle: Bundle, tmp_path: Path) -> None:
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    settings = settings_for(tg_fake, tmp_path, telegram_webhook_url=url, telegram_webhook_port=port,
                            telegram_webhook_secret="s3cret-Token_1")
    stop = asyncio.Event()
    task = asyncio.create_task(run_telegram(settings, CheckService(bundle, MemoryStore()), stop))
    await tg_fake.wait_for("setWebhook", ok=True)
    assert tg_fake.webhook_url == url and tg_fake.webhook_secret == "s3cret-Token_1"
    await listening(port)

    assert await tg_fake.post_update_to_webhook(tg_fake.user_text(ANN, "/start")) == 200
    await tg_fake.wait_for("sendMessage", ok=True)
    tg_fake.webhook_secret = "forged"
    assert await tg_fake.post_update_to_webhook(tg_fake.user_text(ANN, "/help")) == 403
    stop.set()
    await asyncio.wait_for(task, 10)
    assert len(tg_fake.sent_messages(ANN)) == 1
