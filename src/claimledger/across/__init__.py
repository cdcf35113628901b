"""across: work on stored ledgers across articles (syndicated copies and independent origins, claims
across articles, views over them, track). Imports core and store only, never spaCy."""
