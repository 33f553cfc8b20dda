"""``python -m tests.github_sim [--port N] [--state DIR]``: serve until killed."""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from types import FrameType

from tests.github_sim.server import SimServer


def _exit(signum: int, frame: FrameType | None) -> None:
    sys.exit(0)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.github_sim")
    parser.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default: any free)")
    parser.add_argument("--state", type=Path, help="state directory (default: a temporary one)")
    arguments = parser.parse_args()
    server = SimServer(arguments.state, port=arguments.port)
    signal.signal(signal.SIGTERM, _exit)
    print(f"listening on {server.url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


if __name__ == "__main__":
    main()
