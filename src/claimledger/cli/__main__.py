"""`python -m claimledger.cli` runs the same command as `claimledger`."""
from . import main

main()
