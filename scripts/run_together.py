#!/usr/bin/env python
"""Run several processes side by side as one, for `make run`: their output interleaved,
each line led by the process's name; Ctrl-C (or any one of them ending) stops them all.

    python scripts/run_together.py "web: python manage.py runserver" "worker: ..."
"""

import argparse
import shlex
import signal
import subprocess
import sys
import threading
import time

STOP_TIMEOUT = 10


def relay(name: str, width: int, stream) -> None:
    for line in stream:
        sys.stdout.write(f"{name:<{width}} | {line}")
        sys.stdout.flush()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("processes", nargs="+", help='"name: command", one per process')
    named = [spec.partition(":") for spec in parser.parse_args().processes]
    width = max(len(name.strip()) for name, _, _ in named)
    children: dict[str, subprocess.Popen] = {}
    for name, _, command in named:
        child = subprocess.Popen(
            shlex.split(command),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            bufsize=1,
        )
        children[name.strip()] = child
        threading.Thread(
            target=relay, args=(name.strip(), width, child.stdout), daemon=True
        ).start()

    # Ctrl-C reaches every process of the terminal's group, ours included: we only wait
    # for them to end. SIGTERM (a process manager) we pass on ourselves.
    def terminate(signum, frame) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, terminate)
    try:
        while all(child.poll() is None for child in children.values()):
            time.sleep(0.2)
        ended = next(name for name, child in children.items() if child.poll() is not None)
        print(f"{ended} ended (exit code {children[ended].returncode}): stopping the others.")
    except KeyboardInterrupt:
        pass
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGINT)
    deadline = time.monotonic() + STOP_TIMEOUT
    for child in children.values():
        try:
            child.wait(max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
    return max(child.returncode or 0 for child in children.values())


if __name__ == "__main__":
    sys.exit(main())
