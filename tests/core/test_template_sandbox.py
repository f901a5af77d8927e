"""A hostile template folder beside good ones: every trick is refused or stopped with a clear error
in the reader's language, the good templates are still listed and fill in, and the process doing
the work is capped in memory and time."""

from __future__ import annotations

import os
import re
import resource
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests import factories as f
from workbench.cli.main import main
from workbench.core.errors import WorkbenchError
from workbench.core.proposals import catalog as catalog_module
from workbench.core.proposals import sandbox
from workbench.core.proposals.catalog import TemplateCatalog, builtin_templates_dir, shared_reference_docx
from workbench.core.proposals.render import TemplateError, render_markdown

SECRET = "TOP-SECRET-PAYROLL"

# broken as soon as they are listed: (folder, words of the English message, words of the Chinese one)
REFUSED_ON_LISTING = {
    "link-include": ("symbolic link", "符号链接"),
    "link-spec": ("symbolic link", "符号链接"),
    "link-reference": ("symbolic link", "符号链接"),
    "link-folder": ("symbolic link", "符号链接"),
    "parent-include": ("outside its folder", "之外"),
    "absolute-include": ("outside its folder", "之外"),
    "absolute-import": ("outside its folder", "之外"),
    "parent-extends": ("outside its folder", "之外"),
    "huge-literal": ("characters is written into the template", "个字符的文本"),
    "huge-file": ("too large for a template file", "过大"),
    "deep-nesting": ("too deeply", "过深"),
    "yaml-bomb": ("more than 100,000 values", "100,000"),
    "zip-bomb-reference": ("not a Word file the export can use", "Word 文件"),
}
# listed (nothing is wrong until they run), stopped when filled in: folder -> error code
STOPPED_ON_RENDER = {
    "doubling": "template_string_too_large",
    "plus-doubling": "template_string_too_large",
    "multiply": "template_string_too_large",
    "recursion": "template_too_deep",
    "memory": "template_memory",
    "spin": "template_timeout",
    "dynamic-include": "template_outside",
}
GOOD = {"good", "tech-proposal-en"}


def _template(root: Path, name: str, text: str = "# {{ vars.customer }}\n", spec: str | None = None) -> Path:
    folder = root / name
    folder.mkdir(parents=True)
    (folder / "template.yaml").write_text(
        spec or f"name: {name}\nvariables:\n  - {{name: customer, type: text}}\n", encoding="utf-8")
    (folder / "template.md.j2").write_text(text, encoding="utf-8")
    return folder


def hostile_folder(root: Path, outside: Path) -> Path:
    """A templates folder with two good templates and one of each trick."""
    outside.mkdir(parents=True, exist_ok=True)
    secret = outside / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    shutil.copytree(builtin_templates_dir() / "tech-proposal-en", root / "tech-proposal-en")
    _template(root, "good")
    (_template(root, "link-include", "{% include 'leak.txt' %}") / "leak.txt").symlink_to(secret)
    spec = outside / "spec.yaml"
    spec.write_text("name: link-spec\n", encoding="utf-8")
    folder = _template(root, "link-spec")
    (folder / "template.yaml").unlink()
    (folder / "template.yaml").symlink_to(spec)
    (_template(root, "link-reference") / "reference.docx").symlink_to(shared_reference_docx())
    (root / "link-folder").symlink_to(_template(outside, "elsewhere"))
    _template(root, "parent-include", "{% include '../../outside/secret.txt' %}")
    _template(root, "absolute-include", "{% include '" + str(secret) + "' %}")
    _template(root, "absolute-import", "{% import '/etc/passwd' as p %}")
    _template(root, "parent-extends", "{% extends '../good/template.md.j2' %}")
    _template(root, "huge-literal", "{% set s = '" + "x" * 200_000 + "' %}{{ s }}")
    _template(root, "huge-file", "x" * 1_100_000)
    _template(root, "deep-nesting", "{{ " + "(" * 3000 + "1" + ")" * 3000 + " }}")
    laughs = 'name: yaml-bomb\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for level, prev in zip("bcdefghi", "abcdefgh", strict=True):
        laughs += f"{level}: &{level} [" + ",".join([f"*{prev}"] * 9) + "]\n"
    _template(root, "yaml-bomb", spec=laughs + "variables: [*i]\n")
    with zipfile.ZipFile(_template(root, "zip-bomb-reference") / "reference.docx", "w", zipfile.ZIP_DEFLATED) as z, \
            z.open("word/document.xml", "w") as part:
        for _ in range(110):  # 110 MB of zeros in ~110 KB
            part.write(bytes(1024 * 1024))
    _template(root, "doubling", "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
                                "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s | length }}")
    _template(root, "plus-doubling", "{% set ns = namespace(s='x') %}{% for i in range(64) %}"
                                     "{% set ns.s = ns.s + ns.s %}{% endfor %}{{ ns.s | length }}")
    _template(root, "multiply", "{{ 'x' * 10**9 }}")
    _template(root, "recursion", "{% macro f(n) %}{{ f(n + 1) }}{% endmacro %}{{ f(0) }}")
    _template(root, "memory", "{{ 'x' | center(900000000) }}")  # no veto for this one: the cap stops it
    _template(root, "spin", "{% for a in range(100000) %}{% for b in range(100000) %}{% endfor %}{% endfor %}")
    _template(root, "dynamic-include", "{% include vars.customer %}")
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("hostile")
    return hostile_folder(base / "templates", base / "outside")


def test_hostile_templates_are_listed_broken_with_their_error_and_the_good_ones_still_listed(hostile: Path) -> None:
    catalog = TemplateCatalog([hostile])
    listed = {t.name for t in catalog.all()}
    assert listed == GOOD | set(STOPPED_ON_RENDER)
    assert set(catalog.broken) == set(REFUSED_ON_LISTING) == set(catalog.problems)
    for name, (en, zh) in REFUSED_ON_LISTING.items():
        error = catalog.broken[name]
        assert en in error.message("en") and name in error.message("en"), (name, error.message("en"))
        assert zh in error.message("zh") and "不可用" in error.message("zh"), (name, error.message("zh"))
        assert SECRET not in error.message("en")
    with pytest.raises(WorkbenchError) as caught:
        catalog.get("link-include")
    assert "符号链接" in caught.value.message("zh")
    good = catalog.get("good")
    assert render_markdown(good.folder, good.currency, {"vars": {"customer": "Contoso"}}) == "# Contoso\n"


@pytest.mark.parametrize("name", sorted(STOPPED_ON_RENDER))
def test_a_hostile_template_is_stopped_with_a_clear_error_and_the_next_render_works(hostile: Path, name: str) -> None:
    customer = "../../outside/secret.txt" if name == "dynamic-include" else "x"
    with pytest.raises(TemplateError) as caught:
        render_markdown(hostile / name, "CNY", {"vars": {"customer": customer}},
                        time_limit=1 if name == "spin" else 5)
    error = caught.value
    assert error.code == STOPPED_ON_RENDER[name], error.message("en")
    assert SECRET not in error.message("en")
    said_zh = error.message("zh").replace(str(hostile / name), "")
    assert said_zh != error.message("en") and re.search("[\u4e00-\u9fff]{4}", said_zh), said_zh
    assert render_markdown(hostile / "good", "CNY", {"vars": {"customer": "Fabrikam"}}) == "# Fabrikam\n"


def test_a_link_or_include_added_after_listing_is_refused_when_filling_in(tmp_path: Path) -> None:
    folder = _template(tmp_path / "templates", "later")
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET, encoding="utf-8")
    template = TemplateCatalog([tmp_path / "templates"]).get("later")
    assert template.reference_docx == shared_reference_docx()
    (folder / "part.md").symlink_to(secret)
    (folder / "template.md.j2").write_text("{% include 'part.md' %}", encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        render_markdown(folder, "CNY", {"vars": {"customer": "x"}})
    assert caught.value.code == "template_symlink" and SECRET not in caught.value.message("en")
    (folder / "reference.docx").symlink_to(shared_reference_docx())
    with pytest.raises(WorkbenchError) as refused:
        _ = template.reference_docx
    assert "符号链接" in refused.value.message("zh")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_the_sandbox_process_is_capped_and_the_application_is_not_touched(hostile: Path) -> None:
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    render_markdown(hostile / "good", "CNY", {"vars": {"customer": "x"}})
    process = sandbox._WORKER.process
    assert process is not None and process.pid != os.getpid()
    limits = Path(f"/proc/{process.pid}/limits").read_text()
    address_space = next(line for line in limits.splitlines() if line.startswith("Max address space"))
    assert address_space.split()[3] == str(sandbox.MEMORY_LIMIT_MB * 1024 * 1024)
    with pytest.raises(TemplateError) as caught:
        render_markdown(hostile / "memory", "CNY", {"vars": {"customer": "x"}})
    assert caught.value.code == "template_memory" and f"{sandbox.MEMORY_LIMIT_MB} MB" in caught.value.message("en")
    # the 900 MB string was never built here (ru_maxrss is in KB on Linux)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 300 * 1024


def test_a_template_is_checked_in_the_sandbox_once_per_change_of_its_files(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []
    real = catalog_module.run_in_sandbox

    def counting(op: str, folder: Path, cpu_s: float, **arguments: object) -> object:
        calls.append(folder.name)
        return real(op, folder, cpu_s, **arguments)

    monkeypatch.setattr(catalog_module, "run_in_sandbox", counting)
    root = tmp_path / "templates"
    _template(root, "one")
    _template(root, "two", "{{ vars.customer ~ }}")
    catalog = TemplateCatalog([root])
    assert [t.name for t in catalog.all()] == ["one"] and "two" in catalog.broken
    catalog.all()
    catalog.get("one")
    assert sorted(calls) == ["one", "two"]
    (root / "two" / "template.md.j2").write_text("{{ vars.customer }}", encoding="utf-8")
    assert [t.name for t in catalog.all()] == ["one", "two"]
    assert sorted(calls) == ["one", "two", "two"]


def test_getting_a_template_checks_only_its_own_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An export or a new proposal asks for one template: the others are not read and checked in
    the sandbox for it. A team folder still overrides the built-in one of the same name, and a
    template whose folder is named otherwise is still found (by the full listing)."""
    calls: list[str] = []
    real = catalog_module.run_in_sandbox

    def counting(op: str, folder: Path, cpu_s: float, **arguments: object) -> object:
        calls.append(f"{folder.parent.name}/{folder.name}")
        return real(op, folder, cpu_s, **arguments)

    monkeypatch.setattr(catalog_module, "run_in_sandbox", counting)
    builtin, team = tmp_path / "builtin", tmp_path / "team"
    _template(builtin, "one")
    _template(builtin, "two", "{{ vars.customer ~ }}")
    _template(team, "one", "# team {{ vars.customer }}\n")
    _template(team, "folder-three", spec="name: three\nvariables:\n  - {name: customer, type: text}\n")
    catalog = TemplateCatalog([builtin, team])
    assert catalog.get("one").folder == team / "one"
    assert calls == ["team/one"] and not catalog.broken
    assert catalog.get("three").folder == team / "folder-three"  # not where its name says: every folder
    assert "builtin/two" in calls and "two" in catalog.broken
    with pytest.raises(WorkbenchError) as error:
        catalog.get("../team/one")
    assert error.value.code == "template_not_found"


@pytest.fixture
def backend_name() -> str:
    """The sandbox does not depend on the database: SQLite is enough."""
    return "sqlite"


def test_the_cli_lists_and_creates_from_good_templates_beside_hostile_ones(
        capsys: pytest.CaptureFixture[str], demo_home: Path, tmp_path: Path) -> None:
    hostile_folder(demo_home / "templates", tmp_path / "outside")

    def cli(*args: str) -> tuple[int, str, str]:
        code = main(["--home", str(demo_home), "--lang", "zh", *args])
        out, err = capsys.readouterr()
        return code, out, err

    code, out, err = cli("templates")
    assert code == 0
    assert "tech-proposal-en" in out and "good" in out and "doubling" in out
    for name in REFUSED_ON_LISTING:
        assert f"模板“{name}”不可用" in err, err
    assert SECRET not in out + err and "Traceback" not in err
    vars_file = f.write(tmp_path / "vars.yaml", (
        "customer: Contoso *Retail*\nproject_name: Omnichannel\nindustry: retail\ncustomer_tier: B\n"
        "requirements: chatbot\nproducts: [客服云]\ndeployment: SaaS\nbid_deadline: 2027-01-15\n"
        "pricing:\n  - {item: Seats, quantity: 1, unit: seat, unit_price: 480}\n"))
    code, out, err = cli("--as", "alice", "proposal", "new", "--template", "tech-proposal-en", "--vars", str(vars_file))
    assert code == 0, err
    code, out, _ = cli("proposal", "show", out.strip(), "--markdown")
    assert "Contoso \\*Retail\\*" in out
    f.write(tmp_path / "x.yaml", "customer: x\n")
    code, out, err = cli("--as", "alice", "proposal", "new", "--template", "doubling", "--vars", str(tmp_path / "x.yaml"))
    assert code != 0 and "超过 2000000 个字符" in err and "Traceback" not in err


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="rlimits")
def test_the_cli_under_a_memory_cap_lists_the_templates_beside_hostile_ones(demo_home: Path, tmp_path: Path) -> None:
    """The tester's run: `workbench templates` in a process capped at 1 GB, a hostile sibling."""
    hostile_folder(demo_home / "templates", tmp_path / "outside")
    cap = 1024 * 1024 * 1024

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    root = str(Path(__file__).resolve().parents[2])
    done = subprocess.run([sys.executable, "-m", "workbench", "--home", str(demo_home), "--lang", "en", "templates"],
                          capture_output=True, text=True, preexec_fn=limited, timeout=600,
                          env={**os.environ, "PYTHONPATH": root})
    assert done.returncode == 0, done.stderr
    assert "tech-proposal-en" in done.stdout and "good" in done.stdout
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert all(f"The template '{name}' is not usable" in done.stderr for name in REFUSED_ON_LISTING)
