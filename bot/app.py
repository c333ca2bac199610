"""The composition root: settings -> bundle -> store -> service, built here and only here.

The CLI, the runner and the webhook workers all get their service from `open_app`; nothing
below this module builds a store or a service for serving.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

from bot.catalog import load_bundle
from bot.engine.bundle import Bundle
from bot.followups.service import FollowupService
from bot.service import CheckService
from bot.settings import Settings
from bot.stores.base import SessionStore
from bot.stores.factory import open_store
from bot.stores.followups_factory import open_followup_store
from bot.stores.memory_store import MemoryStore
from bot.stores.resilient import ResilientStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class App:
    """What a serving process runs on."""

    settings: Settings
    bundle: Bundle
    store: SessionStore
    service: CheckService


def bundle_for(settings: Settings) -> Bundle:
    """The dialog and content files, checked, with the default locale of the settings."""
    return load_bundle(default_locale=settings.twitchcheck_default_locale)


def ready_to_serve(bundle: Bundle) -> None:
    """Before a platform bot serves: every language's understanding compiled (no delay on a
    first message), then what start-up built set aside from the garbage collector
    (`gc.freeze`): a full collection walking those ~600,000 long-lived objects took ~80 ms,
    a pause landing in some reply's latency."""
    bundle.compile_all()
    gc.collect()
    gc.freeze()


async def _no_warnings() -> list[str]:
    return []


@asynccontextmanager
async def open_app(settings: Settings, store: SessionStore | None = None) -> AsyncIterator[App]:
    """Load the data, open the store (TWITCHCHECK_STORE_URL unless `store` is given), build
    the service; the store is closed on the way out."""
    bundle = bundle_for(settings)
    given = store
    if store is None:  # rides out short outages; StoreDown after that (the update is kept for later)
        opened = await open_store(settings.store_url, settings.twitchcheck_session_ttl,
                                  settings.twitchcheck_redis_prefix)
        for line in await getattr(opened, "config_warnings", _no_warnings)():  # Redis: eviction, persistence
            log.warning("%s", line)
        store = ResilientStore(opened)
    followups = None
    try:
        # Set-up tasks (webhook registration, command sync) run on a MemoryStore: no follow-ups either.
        url = "memory://" if isinstance(given, MemoryStore) else settings.store_url
        fstore = await open_followup_store(url, settings.twitchcheck_data_dir, settings.id_secret(),
                                           settings.twitchcheck_diary_days, settings.twitchcheck_checkin_timeout)
        followups = None if fstore is None else FollowupService(bundle, fstore)
        yield App(settings, bundle, store, CheckService(bundle, store, followups=followups,
                                                        session_ttl=settings.twitchcheck_session_ttl))
    finally:
        if followups is not None:
            await followups.store.close()
        await store.close()
