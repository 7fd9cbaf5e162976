"""Incidents: the reports of one real-world happening, across articles, merged into one record.

``leads`` picks each article's lead event and reads it into a ``Lead`` (what merging compares); ``merging``
groups leads into incidents (blocked, so the cost grows with the articles, not their square); ``scoring`` is
the protocol of ../shared/eval/README.md ("incidents/"): the lead's date, place and type, and B-cubed over the
predicted incidents, with every-article-alone and the identical-attribute merge as references.
"""
