"""Run every benchmark of bench/ and print one JSON line per measurement (`make bench`)."""

from __future__ import annotations

from bench import build


def main() -> None:
    build.main()


if __name__ == "__main__":
    main()
