"""`python -m leadscribe` runs the CLI."""

from leadscribe.cli import main

main()
