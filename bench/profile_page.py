"""Where a page's time goes: requests one page many times in this process, under pyinstrument, with
the production settings ``serve_and_measure.py`` uses, and prints the call tree.

    .venv/bin/python bench/profile_page.py dashboard --requests 200
    .venv/bin/python bench/profile_page.py "admin work queue" --html var/queue.html

The page names are those of ``serve_and_measure.py``'s table.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from serve_and_measure import browser, portal_env, prepare  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("page")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--html", help="write pyinstrument's HTML report here")
    args = parser.parse_args()

    cookies, pages, *_figures = prepare(portal_env(args.database_url))
    from pyinstrument import Profiler

    naam, rol, url = next(p for p in pages if args.page in p[0])
    client = browser(cookies[rol])
    client.get(url)
    profiler = Profiler(interval=0.0005)
    start = time.perf_counter()
    with profiler:
        for _ in range(args.requests):
            client.get(url)
    duur = time.perf_counter() - start
    print(f"{naam}: {1000 * duur / args.requests:.1f} ms per request in-process ({url})")
    if args.html:
        Path(args.html).write_text(profiler.output_html())
    else:
        print(profiler.output_text(unicode=True, show_all=bool(os.environ.get("BENCH_PROFILE_ALL"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
