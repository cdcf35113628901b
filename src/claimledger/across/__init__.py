"""across: work over stored ledgers, never spaCy documents (syndication, claims across articles, track)."""
