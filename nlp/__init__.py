"""nlp: turn the text of committee papers into records — documents, fields, chunks — with provenance.

Pure functions over strings: nothing here reads files or touches the store. Input is a
`ingest.model.RawDocument`, output is `nlp.records` models whose every field carries the char
span (and page, where the file has pages) it was read from.
"""
