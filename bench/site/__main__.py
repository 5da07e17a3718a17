"""``python -m bench.site [options]``: the site benchmark alone, as ``python -m bench site``."""

import sys

from bench.site import run

run(sys.argv[1:])
