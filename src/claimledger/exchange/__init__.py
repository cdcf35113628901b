"""exchange: the store's ledgers in other tools' formats, and a person's corrections back from them.

`jsonl` (the ledgers as `analyze` prints them, with their origin), `parquet` (a folder of tables),
`claimreview` (schema.org JSON-LD), `labelstudio` (tasks with predictions, annotations back),
`correction_file` (what `import-corrections` reads), `cells` (the CSV of attributions, with cells a
spreadsheet will not run). They work on `model` values: claimledger.contract alone knows the JSON shape.
Imports the store and core only; pyarrow loads only with `parquet`.
"""
