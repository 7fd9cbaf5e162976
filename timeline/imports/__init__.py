"""Event data of the field into the store or a dataset: ``python -m timeline import acled|gdelt FILE``.

``acled`` and ``gdelt`` read one format each into ``FieldEvent`` records (``record``); ``record.to_analysis``
turns each into a synthetic article with one event, which ``run`` saves in the SQLite store or commits to a
Parquet dataset; ``cli`` is the subcommand.
"""
