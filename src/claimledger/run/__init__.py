"""run: jobs over many inputs. `ingest` analyses inputs into the store, resumably."""
