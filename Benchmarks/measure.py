#!/usr/bin/env python3
"""Runs one command and prints its wall time and peak memory (RSS of the child, the largest of it and anything
it waited for) on one line: `NAME  12.34 s  56.7 MB` (MB = 2^20 bytes). GNU time may not be installed.

    python3 Benchmarks/measure.py [--name NAME] [--stdout FILE] [--stderr FILE] [--record FILE] -- CMD ARG…

--stdout/--stderr send the command's output to files (by default it goes where this script's goes); --record
appends `NAME<tab>seconds<tab>MB` to FILE. When the command fails, its error output is shown and this script
exits with the command's status.
"""
import argparse
import resource
import subprocess
import sys
import time


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name")
    parser.add_argument("--stdout")
    parser.add_argument("--stderr")
    parser.add_argument("--record")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")
    name = args.name or command[0]
    stdout = open(args.stdout, "wb") if args.stdout else None
    stderr = open(args.stderr, "wb") if args.stderr else None

    start = time.perf_counter()
    try:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr)
    except OSError as error:
        print(f"{name}: could not run {command[0]}: {error.strerror}", file=sys.stderr)
        sys.exit(127)
    status = child.wait()
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # KiB on Linux
    if sys.platform == "darwin":
        peak /= 1024  # bytes on macOS

    if status != 0:
        if args.stderr:
            stderr.close()
            with open(args.stderr, "rb") as f:
                sys.stderr.buffer.write(f.read()[-20000:])
        reason = f"killed by signal {-status}" if status < 0 else f"exit status {status}"
        print(f"{name} FAILED ({reason}) after {seconds:.2f} s: {' '.join(command)}", file=sys.stderr)
        sys.exit(status if status > 0 else 128 - status)
    print(f"{name}  {seconds:.2f} s  {peak:.1f} MB", flush=True)
    if args.record:
        with open(args.record, "a") as f:
            f.write(f"{name}\t{seconds:.3f}\t{peak:.1f}\n")


if __name__ == "__main__":
    main()
