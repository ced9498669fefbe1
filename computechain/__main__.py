"""``python -m computechain`` runs the CLI."""

from computechain.cli import main

main()
