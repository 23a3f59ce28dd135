"""Importing this package registers every command in ``registry.COMMANDS``."""
from . import guide, faq, review, history, feedback, reviewers, mod, help  # noqa: F401  (registration side effect; help last lists all)
from .registry import COMMANDS, Command, Param

__all__ = ["COMMANDS", "Command", "Param"]
