"""`python -m claimledger` runs the same command as `claimledger`."""
from .cli import main

main()
