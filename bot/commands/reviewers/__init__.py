"""/ask-reviewer, /my-request and /queue: a member asks the community's reviewers for a human read of the
letter just reviewed; reviewers claim, release and reply; the member reads the reply privately, may answer
once, and closes the request. See ``bot/reviewers.py`` for what is kept, and for how long."""
from . import ask, member, reviewing  # noqa: F401  (each module declares its commands)
from .member import member_view, notices

# What the platforms post as a request moves is in .events, imported by the platforms: the terminal, and a
# command that lists commands (`shortlist ask "/help"`), need none of it.
__all__ = ["member_view", "notices"]
