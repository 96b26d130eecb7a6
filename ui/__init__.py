"""ui: the ways people reach Nämndsök — command line, HTTP API and Streamlit — all thin over `namndsok.service`."""
