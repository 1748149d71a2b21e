"""The platforms app's pages, one module per part of it (platforms/urls.py maps them)."""
