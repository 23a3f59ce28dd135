"""Every command, registered in ``registry.COMMANDS`` in the order `/help` and the platforms list them."""
from . import faq, feedback, guide, help, history, mod, review, reviewers  # noqa: F401  (each module declares its commands)
from .registry import COMMANDS, Command, Param, register

register(("guide", "mistakes", "faq", "review", "history", "forget", "feedback", "ask-reviewer", "my-request", "queue",
          "mod", "help"))

__all__ = ["COMMANDS", "Command", "Param"]
