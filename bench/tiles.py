"""``python -m bench tiles``: the deep-zoom tiles of a 24-megapixel JPEG
(collection.tiles.write_tiles), against Pillow decoding the same file, in the same run.

Each measurement runs in a fresh child process (``python -m bench.tiles --child ...``),
so that its peak resident memory is its own: seconds, and the peak RSS in MB. The ratio
of seconds (tiles / decode) is the figure to watch; the tiles cannot cost less than one
decode, and every level after the first is a quarter of the one before.

Options: ``--width`` and ``--height`` of the test photograph (6000 x 4000), ``--repeat``
measurements of each, the best kept (3).
"""

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

from bench.common import THROWAWAY_SECRET_KEY, print_table, run_module, write_json


def make_photograph(path, width, height):
    """A JPEG with a photograph's detail (noise over gradients), so that it neither
    compresses nor decodes unrealistically fast."""
    from PIL import Image

    noise = [Image.effect_noise((width, height), sigma) for sigma in (40, 50, 60)]
    gradient = Image.linear_gradient("L").resize((width, height))
    bands = [Image.blend(band, gradient, 0.5) for band in noise]
    Image.merge("RGB", bands).save(path, "JPEG", quality=90)


def child(argv):
    what, source, media_root = argv
    start = time.perf_counter()
    if what == "decode":
        from PIL import Image

        with Image.open(source) as image:
            image.load()
    else:
        os.environ["MEDIA_ROOT"] = media_root
        from bench.common import setup_django

        setup_django()
        from collection.tiles import write_tiles

        with open(source, "rb") as file:
            write_tiles(1, file)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_mb}))


def measure(what, source, repeat):
    env = dict(os.environ, DJANGO_SECRET_KEY=THROWAWAY_SECRET_KEY, DJANGO_DEBUG="0")
    best = None
    for _ in range(repeat):
        with tempfile.TemporaryDirectory(prefix="vitrine-bench-tiles-") as media_root:
            output = run_module("bench.tiles", "--child", what, str(source), media_root, env=env)
            figures = json.loads(output.strip().splitlines()[-1])
            tiles = sum(1 for _ in Path(media_root).rglob("*.jpg"))
        if best is None or figures["seconds"] < best["seconds"]:
            best = {**figures, "files": tiles}
    return best


def run(argv):
    parser = argparse.ArgumentParser(prog="python -m bench tiles")
    parser.add_argument("--width", type=int, default=6000)
    parser.add_argument("--height", type=int, default=4000)
    parser.add_argument("--repeat", type=int, default=3)
    options, _ = parser.parse_known_args(argv)
    with tempfile.TemporaryDirectory(prefix="vitrine-bench-photo-") as folder:
        source = Path(folder) / "photograph.jpg"
        make_photograph(source, options.width, options.height)
        decode = measure("decode", source, options.repeat)
        tiles = measure("tiles", source, options.repeat)
    megapixels = options.width * options.height / 1e6
    rows = [
        ("Pillow decode", decode["seconds"], decode["peak_mb"], None, 1.0),
        (
            "tiles + info.json",
            tiles["seconds"],
            tiles["peak_mb"],
            tiles["files"],
            tiles["seconds"] / decode["seconds"],
        ),
    ]
    print_table(
        f"Deep-zoom tiles of a {megapixels:.0f}-megapixel JPEG (best of {options.repeat})",
        ["", "seconds", "peak RSS MB", "files", "× decode"],
        rows,
    )
    write_json(
        "tiles",
        {
            "megapixels": megapixels,
            "decode": decode,
            "tiles": tiles,
            "ratio": tiles["seconds"] / decode["seconds"],
        },
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        child(sys.argv[2:])
    else:
        run(sys.argv[1:])
