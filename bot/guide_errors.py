"""A guide's validation errors in its author's words: a moderator importing a guide reads these, so no regular
expressions or Python type names (trial 14 F25)."""
from __future__ import annotations

from difflib import get_close_matches
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic_core import ErrorDetails

# The id patterns guides and rules use, said as a rule of thumb with an example
_PATTERNS = {r"^[a-z0-9]+(-[a-z0-9]+)*$": "use lower-case letters, digits and single hyphens only, e.g. social-worker",
             r"^[a-z0-9]+([.\-][a-z0-9]+)*$": "use lower-case letters, digits, dots and hyphens only, e.g. "
                                               "signal.case-records",
             r"^https?://\S+$": "must be a web address starting with http:// or https://"}


# Shorthands a guide's author writes for a field's name
SHORTHANDS = {"q": "question", "a": "answer", "ans": "answer", "faqs": "faq", "alias": "aliases"}


def explain_error(error: ErrorDetails, fields_from: str = "guides/README.md") -> str:
    """A validation error in a guide author's (or a moderator's) words; ``fields_from``: where the fields are listed."""
    kind, ctx, got = error["type"], error.get("ctx") or {}, error.get("input")
    plain = {"missing": "this field is required but missing", "union_tag_not_found": "each rule needs a type",
             "extra_forbidden": f"unknown field (check its spelling against {fields_from})"}
    if kind == "extra_forbidden" and str(error["loc"][-1]) in SHORTHANDS:  # `q:` for `question:` (trial 15 F12)
        return f"unknown field; did you mean {SHORTHANDS[str(error['loc'][-1])]!r}?"
    if kind in plain:
        return plain[kind]
    bounds = {"greater_than_equal": "at least {ge}", "less_than_equal": "at most {le}",
              "greater_than": "more than {gt}", "less_than": "less than {lt}"}
    if kind in bounds:
        return f"must be {bounds[kind].format(**ctx)} (got {got!r})"
    if kind == "literal_error":
        return f"must be one of {ctx.get('expected', '')} (got {got!r})"
    if kind == "union_tag_invalid":  # a typo first (trial 8: `forbiden`): "did you mean", then the list
        near = get_close_matches(str(ctx.get("tag")), str(ctx.get("expected_tags")).replace("'", "").split(", "), 1)
        return f"unknown rule type {ctx.get('tag')!r}{f'; did you mean {near[0]!r}?' if near else ''} " \
               f"Known types: {ctx.get('expected_tags')}"
    if got is None and kind.endswith("_type"):  # `title:` with nothing after it (trial 14 F25: "NoneType None")
        return "is empty: give the guide's name as members will see it" if error["loc"][-1:] == ("title",) else \
            "is empty: give it a value"
    if kind == "string_pattern_mismatch":  # a regular expression means nothing to a moderator (trial 14 F25)
        return _PATTERNS.get(str(ctx.get("pattern")), "isn't in the form this field takes") + f" (got {got!r})"
    if kind == "string_type" and isinstance(got, bool):  # `message: no` reads as false, not as the word
        return (f"this should be text, but YAML reads an unquoted {'yes, on or true' if got else 'no, off or false'}"
                " as a true/false value: put the text in quotes")
    if kind == "string_type" and isinstance(got, int | float):
        return f"this should be text, but YAML reads {got!r} as a number: put it in quotes"
    if kind == "dict_type" and isinstance(got, list):  # `roles:` written as "- " items (trial 9)
        return f"this takes named entries (`name:` lines, as a frame's `actor:`), not `- ` items: see {fields_from}"
    if kind.endswith("_type") or kind.endswith("_parsing"):
        return f"{error['msg'].lower()} (got {type(got).__name__} {got!r})"
    return error["msg"]
