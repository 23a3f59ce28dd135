"""`shortlist guides check` and start-up loading on broken guide files: file, line and field named."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from bot.guides import GuideLibrary, validate

from .conftest import GUIDES, ask

GOOD = (GUIDES / "general.yaml").read_text(encoding="utf-8")


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if needle in line)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_guides_are_valid(library):
    assert {"general", "ml-engineer"} <= set(library.guides)


def test_missing_field():
    text = GOOD.replace("region: UK\n", "")
    guide, problems = validate(text, "broken.yaml")
    assert guide is None
    [p] = problems
    assert p.field == "region" and "required" in p.message and p.file == "broken.yaml"


def test_wrong_type_names_line_and_field():
    text = GOOD.replace("      max: 400\n", "      max: lots\n")
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert p.field == "review.rules[0].max"
    assert p.line == _line_of(text, "max: lots")
    assert "lots" in p.message


def test_unknown_section_in_rule():
    text = GOOD.replace("      section: general:mistakes\n", "      section: pitfalls\n", 1)
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert p.field.endswith(".section") and "pitfalls" in p.message
    assert p.line == _line_of(text, "section: pitfalls")



def test_a_kind_of_compounding_problem_is_true_or_a_lower_case_name():
    """`compounds: polish` puts a rule with the other rules of that kind (counted once); anything else is refused with
    what to write, on its line."""
    assert validate(GOOD.replace("compounds: polish", "compounds: true"), "ok.yaml")[1] == []
    text = GOOD.replace("      compounds: polish\n", "      compounds: Polish Slips\n", 1)
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert p.field.endswith(".compounds") and "lower-case" in p.message and "Polish Slips" in p.message
    assert p.line == _line_of(text, "compounds: Polish Slips")

def test_unknown_shared_unless_list_is_named():
    se = (GUIDES / "software-engineer.yaml").read_text(encoding="utf-8")
    text = se.replace("unless_shared: [assertion]", "unless_shared: [assertions]", 1)
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert p.field.endswith(".unless_shared") and "assertions" in p.message and "assertion" in p.message
    assert p.line == _line_of(text, "unless_shared: [assertions]")


def test_a_frames_roles_written_as_a_list_is_explained_without_pythons_words():
    """Trial 9 (M1): a moderator wrote `roles:` as a list of `- terms:` items and was told "input should be a valid
    dictionary (got list [{'terms': [...]}])"."""
    frame = ("    - id: signal.cost\n      title: Cost control\n      type: frame\n      severity: warning\n"
             "      category: signals\n      section: signals\n      message: Name a cost you kept under control.\n"
             "      roles:\n        - terms: [I, we]\n        - figure: true\n")
    text = GOOD.replace("  rules:\n", "  rules:\n" + frame, 1)
    _, problems = validate(text, "broken.yaml")
    [p] = [p for p in problems if p.field.endswith(".roles")]
    assert "named entries" in p.message and "dictionary" not in p.message and "[{" not in p.message


def test_unknown_top_level_field():
    text = GOOD.replace("region: UK\n", "region: UK\nsalary_band: 50k\n")
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert p.field == "salary_band" and "unknown field" in p.message
    assert p.line == _line_of(text, "salary_band")


def test_invalid_yaml_names_the_line():
    text = GOOD.replace("title: Any role (UK conventions)", "title: [unclosed")
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert "not valid YAML" in p.message and p.line is not None


def test_yaml_slips_are_explained_in_an_authors_words():
    """Trial 7 (F18): `message: no` read as false, and a quote closed mid-value, gave parser wording only."""
    [p] = validate(GOOD.replace("title: Any role (UK conventions)", "title: no"), "broken.yaml")[1]
    assert p.field == "title" and "put the text in quotes" in p.message and "unquoted no" in p.message
    [p] = validate(GOOD.replace("title: Any role (UK conventions)", 'title: "Any" role'), "broken.yaml")[1]
    assert "not valid YAML" in p.message and "put the whole value in quotes" in p.message


def test_duplicate_key():
    text = GOOD.replace("region: UK\n", "region: UK\nregion: EU\n")
    _, problems = validate(text, "broken.yaml")
    assert any(p.field == "region" and "twice" in p.message and p.line == _line_of(text, "region: EU")
               for p in problems)


def test_unknown_rule_type():
    text = GOOD.replace("type: word_count", "type: word_counter", 1)  # the first of the two (length.words)
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert "word_counter" in p.message and p.field == "review.rules[0]"
    assert "did you mean 'word_count'?" in p.message  # trial 8: a typo got only the list of 15 types


def test_duplicate_rule_id():
    text = GOOD.replace("- id: opening.stock", "- id: placeholders")
    _, problems = validate(text, "broken.yaml")
    assert any("used twice" in p.message for p in problems)


def test_duplicate_guide_id_across_files(tmp_path):
    a = _write(tmp_path, "a.yaml", GOOD)
    b = _write(tmp_path, "b.yaml", GOOD.replace("title: Any role (UK conventions)", "title: Copy"))
    library = GuideLibrary.from_files([a, b])
    assert list(library.guides) == ["general"]
    [p] = library.problems
    assert p.file == str(b) and "already used" in p.message


async def test_broken_file_is_skipped_and_the_rest_keep_working(tmp_path):
    from bot.core import Shortlist
    _write(tmp_path, "general.yaml", GOOD)
    _write(tmp_path, "broken.yaml", "id: broken\ntitle: [oops\n")
    library = GuideLibrary.load(tmp_path)
    assert list(library.guides) == ["general"] and len(library.problems) == 1
    reply = await ask(Shortlist(library), "/guide general")
    assert reply.kind == "guide"


def _cli(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "adapters.cli", *args], capture_output=True, text=True,
                          cwd=cwd or GUIDES.parent)


def test_cli_guides_check_reports_each_problem(tmp_path):
    broken = _write(tmp_path, "broken.yaml", GOOD.replace("region: UK\n", "").replace("max: 400", "max: lots"))
    result = _cli("guides", "check", str(broken))
    assert result.returncode == 1
    lines = result.stdout.strip().splitlines()
    assert any(line.startswith(f"{broken}:") and "region" in line for line in lines)
    assert any(f"{broken}:{_line_of(broken.read_text(), 'max: lots')}: review.rules[0].max" in line for line in lines)


def test_cli_guides_check_passes_shipped_guides():
    result = _cli("guides", "check")
    assert result.returncode == 0, result.stdout
    assert "ok  ml-engineer" in result.stdout


DATA_ANALYST = """
id: data-analyst
title: Data analyst
aliases: [analyst, da]
region: UK
last_updated: 2026-11-26
summary: Analyst letters are read for decisions your analysis changed, not for the tools you used.
signals:
  - name: A decision you changed
    detail: One analysis that moved a decision, with the number it moved.
example:
  context: A junior analyst applying to a retailer.
  letter: |
    Dear Ms Shah,

    Your advert asks for an analyst who can turn sales data into decisions. At Homeware Direct my basket analysis moved 40 products to the front page and raised weekly revenue by 6%.

    I build my work in SQL and Python, check it with the teams who will use it, and write down what I assumed. When the data was thin I said so, and we ran a two-week test before the full change.

    I would be glad to talk about how I could help your team.

    Yours sincerely,
    Ravi Patel
why: [It opens with one decision and its number.]
mistakes:
  - title: Tools without results
    detail: A list of dashboards and languages says little; say what changed because of your work.
faq:
  - question: Should I list every tool I know?
    answer: Name two or three, each with something it helped you change.
review:
  inherit: general
  rules:
    - id: signal.decision
      type: required
      near_metric: true
      severity: warning
      category: signals
      section: signals
      terms: [decision*, raised, cut, moved, changed, reduced]
      message: Show one decision your analysis changed, with the figure that moved.
      strength: A decision changed by your analysis, with its figure.
      examples:
        triggers: ["I built dashboards in Tableau and Power BI."]
        passes: ["My analysis moved 40 products and raised revenue by 6%."]
"""  # noqa: E501  (the example letter's paragraphs are one line each, as a member writes them)


async def test_a_new_role_needs_only_yaml(tmp_path):
    """Add a guide file: it is listed, answers /guide and /faq, and reviews with its own rule plus the
    general guide's, without a line of Python."""
    from bot.core import Shortlist
    from bot.review import engine
    _write(tmp_path, "general.yaml", GOOD)
    _write(tmp_path, "data-analyst.yaml", DATA_ANALYST)
    library = GuideLibrary.load(tmp_path)
    assert library.problems == []
    core = Shortlist(library)
    assert "Data analyst" in (await ask(core, "/guide analyst")).title
    assert "Name two or three" in (await ask(core, "/faq should I list every tool da")).fallback_text()
    guide = library.guides["data-analyst"]
    rule_ids = [r.id for r in library.rules_for(guide)]
    assert "signal.decision" in rule_ids and "uk.signoff" in rule_ids  # its own, and inherited
    example = engine.review(guide.example.letter, guide.id, library.rules_for(guide))
    assert example.score >= 90 and not [f for f in example.issues if f.severity in ("error", "warning")]
    weak = engine.review("Dear Sir or Madam,\n\nI built dashboards in Tableau and Power BI for the sales team "
                         "and I enjoy working with data every single day in my current job.\n\nYours sincerely,\nAl",
                         guide.id, library.rules_for(guide))
    assert {"signal.decision", "uk.signoff"} <= {f.rule for f in weak.issues}


def test_cli_guides_check_runs_each_rules_examples(tmp_path):
    text = GOOD.replace('passes: ["I would love to join Monzo as an engineer.",',
                        'passes: ["I would love to join [Company] as an engineer.",')
    broken = _write(tmp_path, "general.yaml", text)
    result = _cli("guides", "check", str(broken))
    assert result.returncode == 1
    line = _line_of(text, 'passes: ["I would love to join [Company]')
    assert f"{broken}:{line}: review.rules[2].examples.passes[0]: rule 'placeholders' fires on this example" \
        in result.stdout


def test_the_guide_formats_way_to_credit_a_rate_credits_an_audit_accuracy():
    """Trial 10 (F13): a community guide for medical coders asked for `figure: true`, which "my final audit scored 95%
    accuracy" never fills (exam marks aren't results). guides/README.md says how to ask for a rate; its roles, as
    written there, credit the sentence and still refuse a claim with no figure."""
    import re

    from bot.guides import example_problems
    readme = (GUIDES / "README.md").read_text(encoding="utf-8")
    roles = " ".join(re.search(r"Name the rate\s+in a role of its own instead: `(roles: \{.*?\}\})`", readme, re.S)[1]
                     .split())
    rule = ("    - id: signal.audit\n      title: An audit result\n      type: frame\n      severity: warning\n"
            "      category: signals\n      section: signals\n      topic: [audit]\n      " + roles + "\n"
            "      message: Give one audit result of your own coding, with its figure.\n"
            "      examples:\n        triggers: [\"I am a careful coder and I value accuracy.\"]\n"
            "        passes: [\"My final audit scored 95% accuracy.\"]\n")
    nurse = (Path(__file__).parent / "guides" / "nurse.yaml").read_text(encoding="utf-8")
    assert example_problems(nurse.replace("  rules:\n", "  rules:\n" + rule, 1), "coder.yaml") == []
