"""`python -m claimdiff ...` is the `claimdiff` command."""

from claimdiff.cli import main

main()
