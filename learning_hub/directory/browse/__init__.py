"""Browsing: the list, keyword and semantic search, a profile page, the reform library, and the per-process
index they read."""
