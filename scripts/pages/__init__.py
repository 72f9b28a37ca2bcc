"""The routine site's pages, written as Markdown from the policy model (see generate_pages.py)."""
