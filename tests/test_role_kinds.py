"""Trial 15 F20: once a community added a dental-nurse guide, `--role nurse`, `registered-nurse` and
`nurse-practitioner` were refused ("Did you mean dental-nurse?") instead of getting the general guide: "nurse" is the
kind of job, "dental" the field. The real guide loader on the shipped general guide and a community-style guide."""
from __future__ import annotations

import shutil
from pathlib import Path

from bot.commands.review import no_guide_near
from bot.guides import GuideLibrary

ROOT = Path(__file__).parent.parent


def test_a_role_that_shares_only_nurse_with_a_dental_nurse_guide_gets_the_general_guide(tmp_path):
    shutil.copy(ROOT / "guides" / "general.yaml", tmp_path / "general.yaml")
    nurse = (ROOT / "tests" / "guides" / "nurse.yaml").read_text(encoding="utf-8")
    dental = nurse.replace("id: nurse", "id: dental-nurse").replace("title: Registered nurse", "title: Dental nurse") \
        .replace("aliases: [rn, nursing, staff-nurse]", "aliases: [dn]")
    (tmp_path / "dental-nurse.yaml").write_text(dental, encoding="utf-8")
    library = GuideLibrary.load(tmp_path)
    assert not library.problems, library.problems
    for role in ("nurse", "registered-nurse", "nurse-practitioner", "ward nurse"):
        assert not library.find(role).suggestions and no_guide_near(library, role), role
    assert [g.id for g in library.find("dental-nurce").suggestions] == ["dental-nurse"]  # a typo still finds it
    assert library.find("dn").guide is not None and not no_guide_near(library, "dental")


def test_a_machine_operator_is_not_sent_to_the_machine_learning_guide(library):
    """A machine operator was refused ("Did you mean ml-engineer?"): "machine" is only ever half of the ML
    engineer's "machine learning". The other half, or a slip of typing, still finds it."""
    for role in ("machine-operator", "cnc machine operator", "machine-setter"):
        assert not library.find(role).suggestions and no_guide_near(library, role), role
    assert library.find("machine-learning").guide is not None
    assert [g.id for g in library.find("machine-lerning-engineer").suggestions][:1] == ["ml-engineer"]
    assert not no_guide_near(library, "machine learning researcher")
    assert not no_guide_near(library, "data-wizard")  # a guide's own word, whole, still counts
