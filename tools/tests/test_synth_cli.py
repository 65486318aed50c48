"""`dsegym synth` and `dsegym cec` as a user runs them: recipes, statistics, written netlists, errors.

Binary from $DSEGYM_BIN; EPFL data from $DSEGYM_DATA_DIR (tests that need it skip without it).
Outputs are checked by `dsegym cec` and, when berkeley-abc is installed, by ABC's `cec`.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

BIN = os.environ.get("DSEGYM_BIN", str(Path(__file__).resolve().parents[2] / "build" / "dsegym"))
DATA = os.environ.get("DSEGYM_DATA_DIR", "")
ABC = shutil.which("berkeley-abc")

# 3-input XNOR written redundantly (15 ANDs), and a 2-input XOR
XOR_AAG = "aag 5 2 0 1 3\n2\n4\n11\n6 2 4\n8 3 5\n10 7 9\ni0 a\ni1 b\no0 y\n"


def dsegym(*args, check=True, cwd=None):
    p = subprocess.run([BIN, *args], capture_output=True, text=True, timeout=600, cwd=cwd)
    if check and p.returncode != 0:
        raise AssertionError(f"dsegym {' '.join(args)} failed ({p.returncode}):\n{p.stdout}\n{p.stderr}")
    return p


def epfl(name):
    p = Path(DATA) / "epfl" / "random_control" / f"{name}.aig"
    if not DATA or not p.exists():
        pytest.skip(f"EPFL data not found ({p}); set DSEGYM_DATA_DIR")
    return str(p)


def abc_cec(a, b, genlib=None):
    if not ABC:
        return
    script = f"cec -n {a} {b}"
    if genlib:
        script = f"read_genlib {genlib}; read -m {b}; cec -n {a}"
    out = subprocess.run([ABC, "-c", script], capture_output=True, text=True, timeout=600).stdout
    assert "Networks are equivalent" in out, out


def test_help_lists_synth_and_cec():
    out = dsegym("--help").stdout
    assert "synth" in out and "cec" in out
    assert "resyn2" in dsegym("synth", "--help").stdout


def test_resyn2_prints_every_step_and_writes_all_formats(tmp_path):
    src = epfl("ctrl")
    outs = [tmp_path / n for n in ("o.aig", "o.aag", "o.blif", "o.v")]
    p = dsegym("synth", src, "-r", "resyn2", *sum([["-o", str(o)] for o in outs], []))
    lines = p.stdout.splitlines()
    assert lines[0].startswith("read") and "and = 174" in lines[0] and "lev = 10" in lines[0]
    assert [ln.split()[0] for ln in lines[1:11]] == ["b", "rw", "rf", "b", "rw", "rwz", "b", "rfz", "rwz", "b"]
    for o in outs:
        assert o.exists() and o.stat().st_size > 0
    # the AIGER outputs read back to the same statistics and are equivalent to the input
    for o in outs[:2]:
        assert dsegym("cec", src, str(o)).stdout.startswith("equivalent")
    abc_cec(src, outs[0])
    abc_cec(src, outs[2])
    abc_cec(src, outs[3])


def test_json_statistics_match_the_written_file(tmp_path):
    src = epfl("int2float")
    out = tmp_path / "r.aig"
    j = json.loads(dsegym("synth", src, "-r", "b; rw; rf; b; rw; rwz; b; rfz; rwz; b", "-o", str(out), "--json").stdout)
    assert j["pis"] == 11 and j["pos"] == 7
    assert [s["command"] for s in j["steps"]] == ["b", "rw", "rf", "b", "rw", "rwz", "b", "rfz", "rwz", "b"]
    assert j["ands"] == j["steps"][-1]["ands"] <= 260
    again = json.loads(dsegym("synth", str(out), "--json").stdout)
    assert (again["ands"], again["levels"]) == (j["ands"], j["levels"])


def test_lut_and_cell_netlists_are_equivalent(tmp_path):
    src = epfl("cavlc")
    blif, verilog = tmp_path / "luts.blif", tmp_path / "cells.v"
    j = json.loads(dsegym("synth", src, "-r", "resyn2; if -K 6; map", "-o", str(blif), "-o", str(verilog), "--json").stdout)
    assert j["luts"] > 0 and j["lut_depth"] > 0 and j["area"] > 0 and j["delay"] > 0
    text = blif.read_text()
    assert text.count(".names") == j["luts"] + j["pos"]
    assert " g0 (" in verilog.read_text()
    abc_cec(src, blif)
    genlib = Path(DATA) / "genlib" / "simple.genlib"
    if genlib.exists():
        cells = tmp_path / "lib_cells.v"
        dsegym("synth", src, "-r", "resyn2; map", "--genlib", str(genlib), "-o", str(cells))
        abc_cec(src, cells, genlib=str(genlib))


def test_relative_paths_and_ascii_input(tmp_path):
    (tmp_path / "xor.aag").write_text(XOR_AAG)
    p = dsegym("synth", "xor.aag", "-r", "rw; b", "-o", "out.aag", cwd=tmp_path)
    assert "and = 3" in p.stdout
    assert (tmp_path / "out.aag").read_text().startswith("aag ")
    assert dsegym("cec", "xor.aag", "out.aag", cwd=tmp_path).returncode == 0


def test_cec_reports_a_difference_with_a_counterexample(tmp_path):
    (tmp_path / "xor.aag").write_text(XOR_AAG)
    # XNOR instead of XOR
    (tmp_path / "xnor.aag").write_text(XOR_AAG.replace("\n11\n", "\n10\n", 1))
    p = dsegym("cec", str(tmp_path / "xor.aag"), str(tmp_path / "xnor.aag"), check=False)
    assert p.returncode == 1
    assert "NOT equivalent" in p.stdout and "output 0 (y)" in p.stdout


@pytest.mark.parametrize(
    "args,fragment",
    [
        (["synth", "{x}", "-r", "rw -x"], "unknown command 'rw -x'"),
        (["synth", "{x}", "-r", "refactor -N 40"], "-N 40 outside 2..12"),
        (["synth", "{x}", "-r", "if -K 6 -Q 1"], "valid options are -K"),
        (["synth", "{x}", "-o", "{d}/out.txt"], "unknown extension '.txt'"),
        (["synth", "{d}/missing.aig"], "cannot open AIGER file"),
        (["synth", "{d}/design.edif"], "unknown extension '.edif'"),
        (["synth", "{x}", "-r", "map", "--genlib", "{d}/none.genlib"], "none.genlib"),
    ],
)
def test_bad_input_gives_a_clear_error(tmp_path, args, fragment):
    (tmp_path / "xor.aag").write_text(XOR_AAG)
    (tmp_path / "design.edif").write_text("x")
    a = [s.replace("{x}", str(tmp_path / "xor.aag")).replace("{d}", str(tmp_path)) for s in args]
    p = dsegym(*a, check=False)
    assert p.returncode == 2, p.stdout + p.stderr
    assert p.stderr.startswith("dsegym: [dsegym.") and fragment in p.stderr, p.stderr


def test_hostile_aiger_header_is_refused_at_once(tmp_path):
    bad = tmp_path / "bad.aag"
    bad.write_text("aag 1000000000 1000000000 0 0 0\n")
    p = dsegym("synth", str(bad), check=False)
    assert p.returncode == 2 and "needs at least" in p.stderr


def test_blif_and_verilog_inputs_go_through_yosys(tmp_path):
    v = tmp_path / "maj.v"
    v.write_text("module maj(input a, input b, input c, output y); assign y = (a & b) | (a & c) | (b & c); endmodule\n")
    if shutil.which("yosys") is None:
        p = dsegym("synth", str(v), check=False)
        assert p.returncode == 2 and "needs yosys" in p.stderr
        return
    out = tmp_path / "maj.aig"
    p = dsegym("synth", str(v), "-r", "resyn2", "-o", str(out))
    assert "i/o = 3/1" in p.stdout
    # majority is symmetric, so the reference does not depend on the input order yosys chose
    ref = tmp_path / "maj_ref.aag"
    ref.write_text("aag 8 3 0 1 5\n2\n4\n6\n17\n8 2 4\n10 2 6\n12 4 6\n14 9 11\n16 14 13\n")
    assert dsegym("cec", str(ref), str(out)).stdout.startswith("equivalent")
    blif = tmp_path / "maj.blif"
    dsegym("synth", str(out), "-o", str(blif))
    assert "i/o = 3/1" in dsegym("synth", str(blif)).stdout
