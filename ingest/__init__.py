"""ingest: read committee papers (PDF, text, markdown, docx) into page-aware text, and nothing more.

Everything that understands the *content* lives in `nlp`; this package only turns bytes into
`RawDocument`s with pages, page labels, page quality and tables, or a clear `IngestError`.
"""
