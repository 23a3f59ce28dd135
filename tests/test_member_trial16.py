"""Trial 16's findings in commands' wording and flow (F26, F37): the real guide checker and core."""
from __future__ import annotations

from bot.community_guides import check

from .conftest import ROOT

NURSE = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")


def test_a_misspelt_parent_is_reported_with_the_guides_other_problems(library):
    """F26: a guide with a bad id, an empty title and `inherit: genral` was told "I found 2 problems"; the parent
    was said only once the other two were fixed."""
    broken = NURSE.replace("id: nurse", "id: Ward Nurse", 1).replace("inherit: general", "inherit: genral", 1)
    guide, problems = check(broken, library)
    assert guide is None and {p.field for p in problems} >= {"id", "review.inherit"}, problems
    assert "did you mean 'general'?" in next(p.message for p in problems if p.field == "review.inherit")
    # a guide that validates still gets the same check, once
    _, alone = check(NURSE.replace("inherit: general", "inherit: genral", 1), library)
    assert [p.field for p in alone] == ["review.inherit"]
