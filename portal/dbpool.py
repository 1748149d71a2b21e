"""How soon psycopg's connection pool tries again after a broken connection.

The pool checks each connection before handing it out (Django's CONN_HEALTH_CHECKS). After a
database restart every idle connection is broken, and the pool waited 1, 2, 4 s between
checking one and the next, and as long between attempts to reconnect: the first requests
after a restart waited seconds and failed with a pool timeout. Starting at 50 ms, a request
that meets the (at most GUNICORN_THREADS) stale connections of its process in turn gets a
fresh one within half a second, and the pool reconnects as soon as the database is back.
"""

from psycopg_pool.base import AttemptWithBackoff

AttemptWithBackoff.INITIAL_DELAY = 0.05
