"""graph/version.py: the pipeline stamp covers the code, vocabulary and shapes, and nothing else."""
from __future__ import annotations

from graph.version import pipeline_stamp


def test_the_stamp_is_sixteen_hex_digits_and_follows_the_stamped_files(tmp_path):
    assert len(pipeline_stamp()) == 16 and int(pipeline_stamp(), 16) >= 0
    root = tmp_path / "repo"
    for folder in ("graph", "ontology", "shapes"):
        (root / folder).mkdir(parents=True)
    (root / "graph" / "build.py").write_text("x = 1\n")
    (root / "ontology" / "boardgraph.ttl").write_text("# vocabulary\n")
    (root / "README.md").write_text("not stamped\n")
    first = pipeline_stamp(root)
    (root / "README.md").write_text("still not stamped\n")
    assert pipeline_stamp.__wrapped__(root) == first
    (root / "ontology" / "boardgraph.ttl").write_text("# vocabulary, edited\n")
    assert pipeline_stamp.__wrapped__(root) != first
