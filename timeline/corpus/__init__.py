"""The corpus pipeline: ``python -m timeline build`` analyses many articles on a Dask cluster into a Parquet
dataset (``inputs`` reads JSONL, folders and WARC files; ``build`` runs the job; ``dataset`` writes and commits
the partitions; ``schema`` derives the tables' columns from the records)."""
