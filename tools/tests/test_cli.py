"""The `dsegym` program as a user runs it: every command, its JSON output and its errors.

Binary from $DSEGYM_BIN, benchmark data from $DSEGYM_DATA_DIR (set by ctest).
"""

import json
import os
import subprocess
from pathlib import Path

import pytest

BIN = os.environ.get("DSEGYM_BIN", str(Path(__file__).resolve().parents[2] / "build" / "dsegym"))
DATA = os.environ.get("DSEGYM_DATA_DIR", "")
FMNIST = Path("/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz")

ENV_IDS = {
    "nas/NB201-v0", "nas/ArchRecipe-v1", "hw/DRAMController-v1", "hw/DRAMController-MA-v1",
    "hw/SoC-v1", "hw/Accelerator-v0", "llm/InferenceStack-v0", "quantum/QAS-v0",
    "circuit/LogicSynthesis-v1",
}


def dsegym(*args, env=None, check=True):
    e = dict(os.environ)
    e.update(env or {})
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=e, timeout=600)
    if check and p.returncode != 0:
        raise AssertionError(f"dsegym {' '.join(args)} failed ({p.returncode}):\n{p.stderr}")
    return p


@pytest.fixture()
def cache(tmp_path):
    return {"DSEGYM_CACHE_DIR": str(tmp_path / "cache")}


def test_help_lists_every_command():
    out = dsegym("--help").stdout
    for cmd in ("list", "describe", "run", "agents", "leaderboard", "validate", "serve"):
        assert cmd in out


def test_list_and_agents_as_json():
    envs = json.loads(dsegym("list", "--json").stdout)
    assert ENV_IDS <= {e["id"] for e in envs}
    agents = {a["name"] for a in json.loads(dsegym("agents", "--json").stdout)}
    assert {"random", "regularized_evolution", "bayesian_optimization", "reinforce"} <= agents


def test_nb201_runs_on_its_built_in_table_without_data(tmp_path):
    empty = tmp_path / "empty-root"
    empty.mkdir()
    d = json.loads(dsegym("describe", "nas/NB201-v0", "--json", env={"DSEGYM_DATA_DIR": str(empty)}).stdout)
    assert d["kwargs"]["backend"] == "tabular" and d["kwargs"]["dataset"] == "cifar10"
    assert "built-in" in json.dumps(d["data"])
    out = json.loads(dsegym("run", "nas/NB201-v0", "--steps", "5", "--quiet", "--json",
                            env={"DSEGYM_DATA_DIR": ""}).stdout)
    assert out["evaluations"] == 5 and "test_acc" in json.dumps(out)


@pytest.mark.skipif(not FMNIST.exists(), reason="package dataset-fashion-mnist not installed")
def test_describe_states_the_resolved_nb201_backend(tmp_path):
    trained = dsegym("describe", "nas/NB201-v0", "--kwargs", json.dumps({"backend": "train"}),
                     env={"DSEGYM_DATA_DIR": ""}).stdout
    assert '"backend":"train"' in trained and '"dataset":"fashion-mnist"' in trained
    assert "Fashion-MNIST" in trained
    tabular = dsegym("describe", "nas/NB201-v0", "--json").stdout
    assert json.loads(tabular)["kwargs"]["backend"] == "tabular"


def test_describe_arch_recipe_action_space():
    d = json.loads(dsegym("describe", "nas/ArchRecipe-v1", "--json").stdout)
    space = d["action_space"]
    assert space["type"] == "Dict"
    assert len(space["spaces"]) == 26
    assert {m["name"] for m in d["reported_metrics"]} == {"test_acc"}


def test_unknown_env_kwarg_and_bad_json_are_clear_errors():
    p = dsegym("describe", "nas/Nope-v0", check=False)
    assert p.returncode != 0 and "nas/NB201-v0" in p.stderr
    p = dsegym("run", "nas/NB201-v0", "--kwargs", '{"colour": 1}', check=False)
    assert p.returncode != 0 and 'unknown kwarg "colour"' in p.stderr and "backend" in p.stderr
    p = dsegym("run", "nas/NB201-v0", "--kwargs", "{bad", check=False)
    assert p.returncode != 0 and "not valid JSON" in p.stderr
    p = dsegym("run", "nas/NB201-v0", "--agent", "oracle", check=False)
    assert p.returncode != 0 and "random" in p.stderr
    p = dsegym("run", "nas/NB201-v0", "--steps", "0", check=False)
    assert p.returncode != 0


def test_run_is_reproducible_and_reports_the_test_accuracy():
    a = json.loads(dsegym("run", "nas/NB201-v0", "--steps", "20", "--seed", "3", "--quiet", "--json").stdout)
    b = json.loads(dsegym("run", "nas/NB201-v0", "--steps", "20", "--seed", "3", "--quiet", "--json").stdout)
    assert a["evaluations"] == 20
    for key in ("best_return", "best_design", "best_metrics", "total_cost"):
        assert a[key] == b[key]
    assert "test_acc" in json.dumps(a)


@pytest.mark.skipif(not FMNIST.exists(), reason="package dataset-fashion-mnist not installed")
def test_run_arch_recipe_trains_for_real(cache):
    kwargs = {"split": "ci", "epochs": 1, "data_fraction": 1.0, "max_mflops": 1.0}
    out = json.loads(dsegym("run", "nas/ArchRecipe-v1", "--kwargs", json.dumps(kwargs), "--steps", "3",
                            "--quiet", "--json", env=cache).stdout)
    assert out["evaluations"] == 3
    assert out["kwargs"]["split"] == "ci"
    assert "test_acc" in json.dumps(out)


def test_leaderboard_run_report_validate(tmp_path):
    spec = {
        "name": "cli", "seeds": 2,
        "envs": [{"id": "nas/NB201-v0", "kwargs": {"latency": "none"},
                  "budget": {"kind": "evaluations", "amount": 8}}],
        "agents": [{"name": "random"}, {"name": "local_search"}],
    }
    spec_file = tmp_path / "spec.json"
    spec_file.write_text(json.dumps(spec))
    out = tmp_path / "lb"
    dsegym("leaderboard", "run", str(spec_file), "--out", str(out), "--quiet")
    summary = (out / "report" / "summary.md").read_text()
    assert "local_search" in summary and "random" in summary
    dsegym("leaderboard", "report", str(out))
    assert (out / "report" / "summary.md").read_text() == summary
    records = sorted(out.rglob("*.jsonl"))
    assert len(records) == 4
    dsegym("validate", str(records[0]))
    # A tampered reward is caught.
    lines = records[0].read_text().splitlines()
    first = json.loads(lines[0])
    first["steps"][0]["reward"] += 0.5
    lines[0] = json.dumps(first)
    records[0].write_text("\n".join(lines) + "\n")
    p = dsegym("validate", str(records[0]), check=False)
    assert p.returncode == 1


def test_leaderboard_rejects_a_bad_spec(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"seeds": 2, "envs": [], "agents": [{"name": "random"}]}))
    p = dsegym("leaderboard", "run", str(bad), "--out", str(tmp_path / "out"), check=False)
    assert p.returncode != 0 and "no envs" in p.stderr
    p = dsegym("leaderboard", "run", str(tmp_path / "missing.json"), check=False)
    assert p.returncode != 0


# ----- dsegym eval: one given design ------------------------------------------------------------

DRAM_SMALL = json.dumps({"trace": "gen:random", "trace_requests": 400})
DRAM_KNOBS = ["PagePolicy=ClosedAdaptive", "Scheduler=FrFcfs", "SchedulerBuffer=Shared", "RequestBufferSize=8",
              "RespQueue=Reorder", "RefreshPolicy=NoRefresh", "RefreshMaxPostponed=1", "RefreshMaxPulledin=1",
              "Arbiter=Reorder", "MaxActiveTransactions=64"]


def test_eval_takes_readable_knobs_or_json_and_prints_every_metric():
    by_name = json.loads(dsegym("eval", "hw/DRAMController-v1", "--kwargs", DRAM_SMALL, "--json",
                                "--design", *DRAM_KNOBS).stdout)
    assert by_name["design"] == [3, 2, 2, 3, 1, 0, 0, 0, 2, 6]
    assert by_name["valid"] and by_name["done"]
    described = {m["name"] for m in json.loads(dsegym("describe", "hw/DRAMController-v1", "--json").stdout)["metrics"]}
    assert described <= set(by_name["metrics"])
    assert by_name["units"]["total_time_s"] == "s"
    # The same design as JSON, and as comma-separated pairs, gives bit-identical metrics.
    by_json = json.loads(dsegym("eval", "hw/DRAMController-v1", "--kwargs", DRAM_SMALL, "--json",
                                "--design", "[3, 2, 2, 3, 1, 0, 0, 0, 2, 6]").stdout)
    by_commas = json.loads(dsegym("eval", "hw/DRAMController-v1", "--kwargs", DRAM_SMALL, "--json",
                                  "--design", ",".join(DRAM_KNOBS)).stdout)
    assert by_json["metrics"] == by_name["metrics"] == by_commas["metrics"]
    # Human-readable output lists the metrics with units.
    text = dsegym("eval", "hw/DRAMController-v1", "--kwargs", DRAM_SMALL, "--design", *DRAM_KNOBS).stdout
    assert "total_time_s" in text and "energy_J" in text and "MaxActiveTransactions" in text


def test_eval_archgym_encoding_reaches_any_max_active_transactions():
    kwargs = json.dumps({"trace": "gen:random", "trace_requests": 400, "encoding": "archgym"})
    knobs = [k for k in DRAM_KNOBS if not k.startswith("MaxActive")] + ["MaxActiveTransactions=103"]
    out = json.loads(dsegym("eval", "hw/DRAMController-v1", "--kwargs", kwargs, "--json", "--design", *knobs).stdout)
    assert out["design"][9] == 102
    assert out["steps"][0]["extra"]["design"]["MaxActiveTransactions"] == 103


def test_eval_bad_designs_are_clear_errors():
    base = ["eval", "hw/DRAMController-v1", "--kwargs", DRAM_SMALL, "--design"]
    p = dsegym(*base, *DRAM_KNOBS[:-1], "Colour=red", check=False)
    assert p.returncode != 0 and 'unknown knob "Colour"' in p.stderr and "MaxActiveTransactions" in p.stderr
    p = dsegym(*base, *DRAM_KNOBS[1:], "PagePolicy=Sometimes", check=False)
    assert p.returncode != 0 and '"Sometimes"' in p.stderr and "OpenAdaptive" in p.stderr
    p = dsegym(*base, *DRAM_KNOBS[:-1], check=False)
    assert p.returncode != 0 and "missing knobs: MaxActiveTransactions" in p.stderr
    p = dsegym(*base, *DRAM_KNOBS[:-1], "MaxActiveTransactions=100", check=False)
    assert p.returncode != 0 and "128" in p.stderr  # canonical encoding: powers of two only
    p = dsegym(*base, "[0, 0, 0]", check=False)
    assert p.returncode != 0 and "10" in p.stderr
    p = dsegym(*base, "PagePolicy", check=False)
    assert p.returncode != 0 and "knob=value" in p.stderr


def test_eval_sequential_env_takes_the_action_list():
    kwargs = json.dumps({"task": "bell", "gate_set": "kuo"})
    out = json.loads(dsegym("eval", "quantum/QAS-v0", "--kwargs", kwargs, "--json", "--design", "[4, 5]").stdout)
    assert out["done"] and out["metrics"]["fidelity"] == pytest.approx(1.0)
    assert len(out["steps"]) == 2
    p = dsegym("eval", "quantum/QAS-v0", "--kwargs", kwargs, "--design", "[4, 5, 0]", check=False)
    assert p.returncode != 0 and "episode ended after 2 actions" in p.stderr


def test_eval_custom_hamiltonian_from_a_file(tmp_path):
    h = tmp_path / "h2.txt"
    h.write_text("-1.052373245772859 [] +\n0.39793742484318045 [Z1] +\n-0.39793742484318045 [Z0] +\n"
                 "-0.01128010425623538 [Z0 Z1] +\n0.18093119978423156 [X0 X1]\n")
    kwargs = json.dumps({"task": "custom", "hamiltonian": str(h), "initial_state": "01"})
    out = json.loads(dsegym("eval", "quantum/QAS-v0", "--kwargs", kwargs, "--json", "--design", "[0]").stdout)
    m = out["metrics"]
    assert m["energy_Ha"] - m["energy_error_Ha"] == pytest.approx(-1.857275030202, abs=1e-9)
    p = dsegym("describe", "quantum/QAS-v0", "--kwargs", json.dumps({"task": "custom", "hamiltonian": "0.5 Z-1"}),
               check=False)
    assert "non-negative integer" in p.stdout + p.stderr


def test_eval_accelerator_by_knob_names():
    names = ["pe_rows=12", "pe_cols=14", "rf_weight_words=192", "rf_input_words=12", "rf_output_words=16",
             "glb_kib=128", "glb_banks=32", "glb_bandwidth_words=16", "dram_bandwidth_bytes=16",
             "dataflow=row_stationary"]
    by_name = json.loads(dsegym("eval", "hw/Accelerator-v0", "--json", "--design", *names).stdout)
    by_json = json.loads(dsegym("eval", "hw/Accelerator-v0", "--json", "--design", "[3,4,4,2,2,3,2,2,2,2]").stdout)
    assert by_name["design"] == [3, 4, 4, 2, 2, 3, 2, 2, 2, 2]
    assert by_name["metrics"] == by_json["metrics"] and by_name["valid"]


def test_run_where_every_evaluation_fails_says_so_and_exits_1():
    # One-shot QAS with a coupling map: uniform gate lists almost always hold an uncoupled CNOT.
    kwargs = json.dumps({"mode": "one_shot", "coupling": "ibmq_belem", "task": "tfim", "qubits": 4})
    p = dsegym("run", "quantum/QAS-v0", "--kwargs", kwargs, "--steps", "3", "--seed", "1", "--quiet", check=False)
    assert p.returncode == 1
    assert "every evaluation failed (3 of 3)" in p.stderr and "not coupled" in p.stderr
    p = dsegym("run", "quantum/QAS-v0", "--kwargs", kwargs, "--steps", "3", "--seed", "1", "--json", check=False)
    assert p.returncode == 1 and json.loads(p.stdout)["failures"] == 3
