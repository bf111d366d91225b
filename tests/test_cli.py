"""The `aplan` command in a child process, as a user runs it."""

import hashlib
import json
import sqlite3
from pathlib import Path

import pytest

from conftest import ROOT, run_aplan
from aplan_desktop import cli
from aplan_desktop.storage.schema import SCHEMA_VERSION


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _content(db: Path) -> list:
    """What the database holds, apart from the times of saving, WAL files and page layout."""
    conn = sqlite3.connect(db)
    tables = [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'search%' ORDER BY name")]
    content = []
    for t in tables:
        columns = [r[1] for r in conn.execute(f"PRAGMA table_info({t})") if not r[1].endswith("_at")]
        content.append((t, sorted(map(repr, conn.execute(f"SELECT {', '.join(columns)} FROM {t}")))))
    conn.close()
    return content


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "aplan.sqlite"
    result = run_aplan("demo", db=db)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Жишээ 5 баримт бичгийг ачааллаа."
    return db


def _fails_cleanly(result, *, code=1):
    assert result.returncode == code
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("aplan: ")
    return lines[0]


def test_version():
    result = run_aplan("--version")
    assert result.returncode == 0 and result.stdout.startswith("aplan ")


def test_list_json_shows_the_seeds_with_years_kinds_statuses_and_scores(demo_db):
    result = run_aplan("list", "--json", db=demo_db)
    docs = {d["id"]: d for d in json.loads(result.stdout)}
    seen = {(d["id"], d["year"], d["kind"], d["period"], d["status"], d["score"]) for d in docs.values()}
    assert ("s000-report", 2024, "anti_corruption", "H2", "final", 95.0) in seen
    assert ("s001-report", 2025, "anti_corruption", "H2", "final", 88.8) in seen
    assert ("s002-plan", 2024, "anti_corruption", None, "approved", None) in seen
    assert ("s003-plan", 2025, "integrity", None, "approved", None) in seen
    assert ("s004-plan", 2024, "anti_corruption", None, "approved", None) in seen


def test_list_table_in_mongolian_and_english(demo_db):
    mn = run_aplan("list", db=demo_db).stdout
    assert "Бат-Өлзий сумын Засаг даргын Тамгын газар" in mn and "95%" in mn and "батлагдсан" in mn
    en = run_aplan("list", db=demo_db, lang="en").stdout
    assert "second half / year" in en and "integrity improvement plan" in en


@pytest.mark.parametrize("doc_id", ["s000-report", "s001-report", "s002-plan", "s003-plan", "s004-plan"])
def test_dump_then_load_round_trips_with_no_change(demo_db, tmp_path, doc_id):
    out = tmp_path / f"{doc_id}.json"
    assert run_aplan("dump", doc_id, "-o", str(out), db=demo_db).returncode == 0
    before = _content(demo_db)
    loaded = run_aplan("load", str(out), db=demo_db)
    assert loaded.returncode == 0, loaded.stderr
    assert _content(demo_db) == before
    fresh = tmp_path / "fresh.sqlite"
    assert run_aplan("load", str(out), db=fresh).returncode == 0
    assert run_aplan("dump", doc_id, db=fresh).stdout == out.read_text(encoding="utf-8")


def test_python_dash_m_is_the_same_command(demo_db):
    assert run_aplan("dump", "s003", db=demo_db).stdout.startswith('{\n  "format": "aplan.document"')


def test_broken_json_is_one_line_and_changes_nothing(demo_db, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "aplan.document", "plan": ', encoding="utf-8")
    before = _content(demo_db)
    line = _fails_cleanly(run_aplan("load", str(bad), db=demo_db))
    assert "JSON" in line and "мөр" in line
    assert _content(demo_db) == before


def test_a_half_valid_report_loads_nothing_at_all(demo_db, tmp_path):
    document = json.loads(run_aplan("dump", "s000-report", db=demo_db).stdout)
    document["plan"]["title"] = "ӨӨРЧЛӨГДСӨН"
    document["report"]["entries"][3]["percent"] = "ninety"
    bad = tmp_path / "half.json"
    bad.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    before = _content(demo_db)
    line = _fails_cleanly(run_aplan("load", str(bad), db=demo_db, lang="en"))
    assert line == ("aplan: The file is not a valid aplan document: at /report/entries/3/percent, "
                    "expected a whole number from 0 to 100.")
    assert _content(demo_db) == before


def test_unknown_id_and_missing_file(demo_db, tmp_path):
    before = _content(demo_db)
    assert "“aplan list”" in _fails_cleanly(run_aplan("dump", "zzz", db=demo_db))
    assert "байхгүй" in _fails_cleanly(run_aplan("load", str(tmp_path / "none.json"), db=demo_db))
    assert _content(demo_db) == before


def test_unknown_command_is_one_line_in_the_users_language(demo_db):
    line = _fails_cleanly(run_aplan("frobnicate", db=demo_db), code=2)
    assert "Тушаалын мөрийг ойлгосонгүй" in line


def test_a_database_that_is_not_ours_is_refused_untouched(tmp_path):
    other = tmp_path / "other.db"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()
    before = _digest(other)
    line = _fails_cleanly(run_aplan("list", db=other, lang="en"))
    assert "database of another program" in line
    assert _digest(other) == before


def test_a_newer_database_is_refused_untouched(tmp_path):
    db = tmp_path / "new.sqlite"
    assert run_aplan("demo", db=db).returncode == 0
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    before = _digest(db)
    line = _fails_cleanly(run_aplan("list", db=db))
    assert "шинэ хувилбар" in line
    assert _digest(db) == before


def test_check_reports_problems_and_sets_the_exit_code(demo_db):
    result = run_aplan("check", "s002-plan", db=demo_db, lang="en")
    assert result.returncode == 1
    assert result.stdout.count("Measure number 1.3 is used 2 times.") == 2
    assert run_aplan("check", "s000-report", db=demo_db).returncode == 0


def test_check_asks_a_narrative_report_for_results_and_no_percentage_and_list_shows_no_score(demo_db, tmp_path):
    document = json.loads(run_aplan("dump", "s000-report", db=demo_db).stdout)
    report = document["report"]
    report["columns"] = [c for c in report["columns"] if c["key"] != "percent"]
    report["entries"][0]["result"] = ""
    path = tmp_path / "narrative.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert run_aplan("load", str(path), "--replace", db=demo_db).returncode == 0
    result = run_aplan("check", "s000-report", db=demo_db, lang="en")
    assert result.returncode == 1
    assert "write what was achieved" in result.stdout and "percentage" not in result.stdout
    listed = {d["id"]: d for d in json.loads(run_aplan("list", "--json", db=demo_db).stdout)}
    assert listed["s000-report"]["score"] is None and listed["s001-report"]["score"] is not None


def test_search_prints_highlighted_hits(demo_db):
    out = run_aplan("search", "Хурдан", "цэг", db=demo_db).stdout
    assert "[Хурдан]" in out and "s001-report" in out


def test_search_says_a_section_or_an_aimags_reason_for_a_return_is_one_as_the_window_does(tmp_path):
    from aplan_desktop.operations import Operations

    db = tmp_path / "aplan.sqlite"
    assert run_aplan("demo", db=db).returncode == 0
    document = json.loads(run_aplan("dump", "s000-plan", db=db).stdout)
    plan = document["plan"]
    plan["sections"] = [{"id": "sec-1", "number": "1.", "text": "Өвөлжөөний ил тод байдлыг хангах"}]
    for objective in plan["objectives"]:
        objective["section_id"] = "sec-1"
    (tmp_path / "plan.json").write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    assert run_aplan("load", str(tmp_path / "plan.json"), "--replace", db=db).returncode == 0
    ops = Operations.open(db)  # the office made the aimag the district reports to, to return its report
    ops._store.set_setting("home_organisation", "aimag-ulaanbaatar")
    measure = ops.report("s001-report").entries[0].measure_id
    ops.close()
    assert run_aplan("review", "s001-report", "--return", f"--reason={measure}=Нотлох баримт хавсаргаагүй",
                     "--note", "Засаад ирүүлнэ үү", db=db).returncode == 0

    def lines(*words: str, lang: str) -> list[str]:
        return run_aplan("search", *words, db=db, lang=lang).stdout.splitlines()

    assert lines("ӨВӨЛЖӨӨНИЙ", "ил", "тод", lang="mn") == [
        "төлөвлөгөө s000-plan: Бүлэг: 1. [Өвөлжөөний] [ил] [тод] байдлыг хангах"]
    assert lines("хавсаргаагүй", lang="mn") == [
        "тайлан s001-report: Аймгаас буцаасан шалтгаан: Нотлох баримт [хавсаргаагүй]"]
    assert lines("засаад ирүүлнэ", lang="mn") == ["тайлан s001-report: Аймгаас буцаасан шалтгаан: [Засаад] [ирүүлнэ] үү"]
    assert lines("өвөлжөөний", lang="en") == ["plan s000-plan: Section: 1. [Өвөлжөөний] ил тод байдлыг хангах"]
    assert lines("хавсаргаагүй", lang="en") == ["report s001-report: Returned by the aimag: Нотлох баримт [хавсаргаагүй]"]
    assert lines("Хурдан", "цэг", lang="mn")[0].startswith("тайлан s001-report: Дүүргийн хэмжээнд \"[Хурдан] [цэг]\"")
    assert "Юу ч олдсонгүй." in lines("байхгүйүг", lang="mn")


def test_the_search_commands_help_says_what_is_searched():
    mongolian = " ".join(run_aplan("search", "--help").stdout.split())
    english = " ".join(run_aplan("search", "--help", lang="en").stdout.split())
    assert "бүлэг, зорилт, арга хэмжээ" in mongolian and "аймгаас буцаасан шалтгаан" in mongolian
    assert "sections, objectives, measures" in english and "the aimag's reasons for a return" in english
    assert "бүх төлөвлөгөө, тайлангаас үг хайх" in run_aplan("--help").stdout


def test_a_database_locked_by_another_program_gives_a_sentence(demo_db, tmp_path):
    document = tmp_path / "plan.json"
    document.write_text(run_aplan("dump", "s004-plan", db=demo_db).stdout, encoding="utf-8")
    before = _content(demo_db)
    holder = sqlite3.connect(demo_db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        line = _fails_cleanly(run_aplan("load", str(document), db=demo_db, lang="en"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert "Close other programs that use" in line
    assert _content(demo_db) == before


def test_a_mistyped_database_path_is_not_created(tmp_path):
    db = tmp_path / "typo" / "aplan.sqlite"
    line = _fails_cleanly(run_aplan("list", db=db, lang="en"))
    assert "There is no database at" in line and not db.parent.exists()


def test_export_to_a_file_that_is_not_a_bundle_or_into_nowhere_says_why(tmp_path):
    db = tmp_path / "aplan.sqlite"
    run_aplan("demo", db=db)
    existing = tmp_path / "notes.txt"
    existing.write_text("keep me")
    assert "is a file, not a folder" in _fails_cleanly(run_aplan("export", "s001-report", "-o", str(existing),
                                                                 db=db, lang="en"), code=2)
    assert existing.read_text() == "keep me"
    folder_named_like_a_bundle = tmp_path / "out.aplan"
    folder_named_like_a_bundle.mkdir()
    assert run_aplan("export", "s001-report", "-o", str(folder_named_like_a_bundle), db=db).returncode == 0
    assert [p.suffix for p in sorted(folder_named_like_a_bundle.iterdir())] == [".aplan", ".pdf"]
    empty = tmp_path / "empty"
    empty.mkdir()
    assert "There is no .aplan file" in _fails_cleanly(run_aplan("import", "--dry-run", str(empty), db=db, lang="en"))



def test_the_help_is_in_mongolian_down_to_argparses_own_words():
    out = run_aplan("pdf", "--help").stdout
    assert out.startswith("хэрэглэх нь: aplan pdf") and "сонголтууд:" in out and "энэ тайлбарыг харуулаад" in out
    assert "usage" not in out and "options" not in out and "show this help" not in out


def test_the_printed_command_to_register_a_sender_works_from_a_folder_with_spaces(tmp_path):
    import shlex

    soum, aimag = tmp_path / "soum.sqlite", tmp_path / "aimag.sqlite"
    run_aplan("demo", db=soum)
    folder = tmp_path / "Бат Эрдэнэ татсан файлууд"
    assert run_aplan("export", "s000-report", "-o", str(folder), db=soum).returncode == 0
    run_aplan("demo", db=aimag)
    out = run_aplan("import", "--dry-run", str(folder), db=aimag).stdout
    (command,) = [line.strip() for line in out.splitlines() if line.strip().startswith("aplan keys --trust")]
    assert run_aplan(*shlex.split(command)[1:], db=aimag).returncode == 0


def _help(parser, argv: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(argv)
    return capsys.readouterr().out


def test_the_commands_kept_elsewhere_are_those_their_modules_run():
    """The commands the COMMANDS_ELSEWHERE table sends to a module are the ones that module has."""
    modules = set(cli.COMMANDS_ELSEWHERE.values())
    assert {name: m for m in modules for name in cli._module(m).COMMANDS} == cli.COMMANDS_ELSEWHERE
    assert not set(cli.COMMANDS) & set(cli.COMMANDS_ELSEWHERE)


@pytest.mark.parametrize("command", sorted({*cli.COMMANDS, *cli.COMMANDS_ELSEWHERE, "gui", "restore"}))
def test_a_command_parsed_alone_reads_and_helps_as_among_all(command, capsys):
    """`aplan pdf …` declares only the pdf command's arguments; its help, and what the top of
    the command line means, are the same as in the whole parser."""
    assert cli._command_in(["--db", "x.sqlite", "--lang=en", command, "--help"]) == command
    whole, alone = cli._parser(), cli._parser(command)
    assert _help(alone, [command, "--help"], capsys) == _help(whole, [command, "--help"], capsys)
    assert _help(alone, ["--db", "x", command, "-h"], capsys) == _help(whole, ["--db", "x", command, "-h"], capsys)


@pytest.mark.parametrize("argv", [[], ["--help"], ["-h", "pdf"], ["--version"], ["--d", "x", "pdf"], ["nosuch"],
                                  ["--db"], ["x.aplan"]])
def test_the_whole_parser_reads_the_help_an_unknown_command_or_an_abbreviation(argv):
    assert cli._command_in(argv) is None


def test_the_screenshots_are_made_for_every_picture_of_the_guide(tmp_path, monkeypatch):
    """`aplan gui --screenshot DIR` makes each picture in docs/screenshots at both text sizes, the
    returned report and the start page of a soum with only its aimag's plan among them."""
    monkeypatch.setenv("APLAN_CONFIG", str(tmp_path / "config.json"))
    result = run_aplan("gui", "--screenshot", str(tmp_path / "shots"))
    assert result.returncode == 0, result.stderr
    made = {Path(line).name for line in result.stdout.splitlines()}
    exchange = {f"{name}{size}.png" for name in ("returned-measures", "start-circular-only") for size in ("", "-125")}
    assert exchange <= made
    assert {p.name for p in (ROOT / "docs" / "screenshots").glob("*.png")} <= made
    assert all((tmp_path / "shots" / name).read_bytes().startswith(b"\x89PNG\r\n\x1a\n") for name in made)
