"""Run every benchmark of bench/ and print one JSON line per measurement (`make bench`)."""

from __future__ import annotations

from bench import build, export_html, mcp_startup, money, naive_load, queries


def main() -> None:
    build.main()
    naive_load.main()
    export_html.main()
    queries.main()
    money.main()
    mcp_startup.main()


if __name__ == "__main__":
    main()
