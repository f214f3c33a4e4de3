"""benchmarks/mixture_quality.py is importable by other benchmarks (no training here)."""

import pytest

from benchmarks import mixture_quality as mq


def test_configs_and_run_arguments():
    assert set(mq.CONFIGS) == {"ring", "grid"}
    assert mq.CONFIGS["ring"]["metric"]().num_modes == 8
    assert mq.CONFIGS["grid"]["metric"]().num_modes == 25
    with pytest.raises(ValueError, match="config_name"):
        mq.run("spiral", lambda: "hinge")


def test_summary_and_table_format_measured_and_published_rows():
    results = [
        {"modes": 8, "high_quality": 0.9, "reverse_kl": 0.1},
        {"modes": 6, "high_quality": 0.7, "reverse_kl": 0.3},
    ]
    assert mq.summarize(results) == ("7.0 ± 1.0", "80.0 ± 10.0", "0.20 ± 0.10")
    table = mq.format_table({"hinge": {"ring": results, "grid": results}})
    assert "`hinge` (measured) | 7.0 ± 1.0 | 80.0 ± 10.0 | 0.20 ± 0.10" in table
    assert "PacGAN2 (PacGAN T1, published) | 7.9 ± 0.1" in table
