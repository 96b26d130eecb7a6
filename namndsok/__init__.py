"""namndsok: the application layer — configuration and the one service every interface calls.

`ingest` reads files, `nlp` turns text into records, `search` stores and finds them; this package
wires them into operations (ingest a path, search, look up a case) that `ui` (CLI, API, Streamlit)
exposes without adding logic of its own.
"""
__version__ = "0.1.0"
