"""`python -m claimdiff.cli ...` is the `claimdiff` command."""

from claimdiff.cli import main

main()
