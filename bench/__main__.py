"""``python -m bench [site] [importing] [options]``: run the named benchmarks, or all.

Each benchmark is the module ``bench.<name>`` with a ``run(argv)`` function. The options
after the names go to every benchmark run; each takes the ones it knows. A benchmark
whose module does not exist yet is skipped. A missed target is a figure, not a failure:
the exit status is non-zero only when a benchmark crashes.
"""

import importlib
import sys
import traceback

BENCHMARKS = ("site", "importing", "admin_import", "tiles", "opendata")


def main(argv):
    names = []
    while argv and not argv[0].startswith("-"):
        names.append(argv.pop(0))
    if unknown := [name for name in names if name not in BENCHMARKS]:
        print(f"Unknown benchmark {', '.join(unknown)}; choose from {', '.join(BENCHMARKS)}.")
        return 2
    crashed = []
    for name in names or BENCHMARKS:
        try:
            module = importlib.import_module(f"bench.{name}")
        except ModuleNotFoundError as error:
            if error.name != f"bench.{name}":
                raise
            print(f"== {name}: skipped, bench/{name}.py does not exist yet")
            continue
        print(f"== {name}")
        try:
            module.run(list(argv))
        except Exception:
            traceback.print_exc()
            crashed.append(name)
    if crashed:
        print(f"Crashed: {', '.join(crashed)}")
    return 1 if crashed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
