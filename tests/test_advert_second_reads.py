"""The second and third blind reads of held-out coverage (README: how far careful readers agree on coverage).

They are data beside the labels, never used to change them; this keeps them in step with the labels they were
read against, and prints the agreement the README quotes."""
from pathlib import Path

import yaml

HELD_OUT = Path(__file__).parent / "adverts" / "held-out"
READS = Path(__file__).parent / "adverts" / "held-out-second-reads.yaml"


def test_second_reads_answer_every_labelled_requirement_and_agree_as_the_readme_says() -> None:
    reads = yaml.safe_load(READS.read_text(encoding="utf-8"))
    assert len(reads) == 20
    total, agreeing = 0, {"reader2": 0, "reader3": 0}
    for pair, by_reader in reads.items():
        label = yaml.safe_load((HELD_OUT / pair / "label.yaml").read_text(encoding="utf-8"))
        covered = [requirement["covered"] for requirement in label["requirements"]]
        total += len(covered)
        for reader, flags in by_reader.items():
            assert len(flags) == len(covered), (pair, reader)
            agreeing[reader] += sum(a == b for a, b in zip(covered, flags, strict=True))
    print(f"\nheld-out coverage read again: {total} requirements; labeller and reader 2 agree on "
          f"{agreeing['reader2']}, labeller and reader 3 on {agreeing['reader3']}")
    assert (total, agreeing["reader2"], agreeing["reader3"]) == (469, 460, 462)
