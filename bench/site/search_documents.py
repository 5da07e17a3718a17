"""The objects' search documents, filled by the collection's own code in child processes.

``fill(env, database, last_id)`` runs in the benchmark; it starts two of
``python -m bench.site.search_documents FIRST LAST``, each of which recomputes the
documents of the objects with ids FIRST to LAST with
``collection.search.update_search_documents()`` and prints how many as JSON.
"""

import json
import subprocess
import sys

from bench.common import PYTHON, ROOT, CommandFailed, setup_django

CHUNK = 5000


def fill(env, database, last_id, processes=2):
    """update_search_documents() over every object, in chunks of 5,000 (a single UPDATE
    of 100,000 rows outgrows shared_buffers and takes minutes), split between processes;
    return how many documents were written."""
    with database.connect(autocommit=True) as connection:
        connection.execute("ANALYZE")
    share = -(-last_id // processes)
    children = [
        subprocess.Popen(
            [PYTHON, "-m", __name__, str(1 + n * share), str(min(last_id, (n + 1) * share))],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(processes)
    ]
    done = 0
    for child in children:
        out, err = child.communicate()
        if child.returncode != 0:
            raise CommandFailed(f"refreshing search documents failed:\n{out[-2000:]}{err[-2000:]}")
        done += json.loads(out.strip().splitlines()[-1])
    return done


def update_range(first, last):
    """Recompute the search documents of objects ``first`` to ``last``; return how many."""
    # Imported here: the child process imports this module before it sets Django up.
    from collection.models import Item
    from collection.search import update_search_documents

    done = 0
    for start in range(first, last + 1, CHUNK):
        chunk = Item.objects.filter(pk__gte=start, pk__lt=min(start + CHUNK, last + 1))
        done += update_search_documents(chunk)
    return done


def main(argv):
    setup_django()
    first, last = map(int, argv)
    print(json.dumps(update_range(first, last)))


if __name__ == "__main__":
    main(sys.argv[1:])
