"""exchange: the store's ledgers in other tools' formats, and a person's corrections back from them.

`parquet` (a folder of tables), `claimreview` (schema.org JSON-LD), `labelstudio` (tasks with predictions,
annotations back), `correction_file` (what `import-corrections` reads), `cells` (CSV cells a spreadsheet
will not run). Imports the store and core only; pyarrow loads only with `parquet`.
"""
