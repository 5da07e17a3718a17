"""``python -m bench opendata``: harvesting the collection through OAI-PMH (``oai``) and
paging through it in the JSON API (``api``), each against a plain SELECT of the same rows
in the same run."""

import importlib

PARTS = ("oai", "api")


def run(argv):
    for name in PARTS:
        try:
            module = importlib.import_module(f"bench.opendata.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"bench.opendata.{name}":
                raise
            print(f"-- {name}: skipped, bench/opendata/{name}.py does not exist yet")
            continue
        print(f"-- {name}")
        module.run(list(argv))
