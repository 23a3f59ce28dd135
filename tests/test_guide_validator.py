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
    text = GOOD.replace("      section: mistakes\n", "      section: pitfalls\n", 1)
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert p.field.endswith(".section") and "pitfalls" in p.message
    assert p.line == _line_of(text, "section: pitfalls")


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


def test_duplicate_key():
    text = GOOD.replace("region: UK\n", "region: UK\nregion: EU\n")
    _, problems = validate(text, "broken.yaml")
    assert any(p.field == "region" and "twice" in p.message and p.line == _line_of(text, "region: EU")
               for p in problems)


def test_unknown_rule_type():
    text = GOOD.replace("type: word_count", "type: word_counter")
    _, problems = validate(text, "broken.yaml")
    [p] = problems
    assert "word_counter" in p.message and p.field == "review.rules[0]"


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
    assert any(l.startswith(f"{broken}:") and "region" in l for l in lines)
    assert any(f"{broken}:{_line_of(broken.read_text(), 'max: lots')}: review.rules[0].max" in l for l in lines)


def test_cli_guides_check_passes_shipped_guides():
    result = _cli("guides", "check")
    assert result.returncode == 0, result.stdout
    assert "ok  ml-engineer" in result.stdout
