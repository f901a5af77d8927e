"""Guards on what makes search and start-up slow: work deferred until needed, "did you mean"
answered from a bounded candidate set, and phrase checks that stop within a work budget.
Work is counted (positions decoded, candidates looked at), never timed."""

from __future__ import annotations

import subprocess
import sys


def test_start_up_imports_pay_for_no_hash_and_no_segmenter() -> None:
    # the workspace (every CLI command and the app import it) neither hashes a dummy password
    # nor loads the segmenter until a sign-in check or a text needs them
    code = (
        "import sys, workbench.core.workspace, workbench.core.auth as a;"
        "print(a._dummy_hash.cache_info().currsize, 'rjieba' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False"]
