"""Export builders (CSV, JSON, PDF): data in, bytes out; no Streamlit."""
