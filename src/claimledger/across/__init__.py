"""The ledger across articles: claims that recur across outlets (cluster, index) and, on the store, their
story claims and stances (claims). Works on stored ledgers and vectors, never on spaCy documents."""
