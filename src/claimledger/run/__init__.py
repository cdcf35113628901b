"""run: jobs over many inputs. `job.ingest` analyses inputs into the store, resumably."""
