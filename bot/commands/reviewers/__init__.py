"""/ask-reviewer, /my-request and /queue: a member asks the community's reviewers for a human read of the
letter just reviewed; reviewers claim, release and reply; the member reads the reply privately, may answer
once, and closes the request. See ``bot/reviewers.py`` for what is kept, and for how long."""
from . import ask, member, reviewing  # noqa: F401  (each module declares its commands)
from .events import PASTE_BOXES, QueueEvent, feedback_message, queue_event, queue_steps, undelivered
from .member import member_view, notices

__all__ = ["PASTE_BOXES", "QueueEvent", "feedback_message", "member_view", "notices", "queue_event", "queue_steps",
           "undelivered"]
