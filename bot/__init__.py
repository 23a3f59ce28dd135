"""Shortlist's platform-free core: requests in, replies out.

Nothing in this package imports discord, slack_bolt, slack_sdk or ``adapters``;
``tests/test_architecture.py`` runs the import-linter contract that keeps it so.
"""
