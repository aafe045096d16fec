"""Secrets of the web app and API: password hashing, API tokens and session secrets."""
