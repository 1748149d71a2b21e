"""Running work in many threads at once, each with its own PostgreSQL connection."""

import threading

from django.db import connection

# A lock held this long is a deadlock or a leaked transaction: fail instead of hanging.
LOCK_TIMEOUT = "10s"
JOIN_TIMEOUT = 60


def run_together(jobs, *, name="worker"):
    """Run each job (a callable) in a thread of its own, all released at once by a barrier.

    Returns each job's result, in order. Each thread opens its own connection before the
    barrier and closes it at the end; a crash or a hung thread fails the test.
    """
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)
    crashes = []

    def work(index, job):
        try:
            with connection.cursor() as cursor:
                cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}'")
            barrier.wait(timeout=JOIN_TIMEOUT)
            results[index] = job()
        except BaseException as error:  # reported below, in the main thread
            crashes.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(index, job), name=f"{name}-{index}")
        for index, job in enumerate(jobs)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=JOIN_TIMEOUT)
    assert not [thread.name for thread in threads if thread.is_alive()], "threads hang"
    assert not crashes, crashes
    return results
