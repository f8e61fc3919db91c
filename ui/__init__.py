"""Streamlit pieces shared by the pages: cached resources, links, widgets, styling."""
