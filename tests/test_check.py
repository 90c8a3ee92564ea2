"""incremental.check and the `check` / `baseline` commands on the seeds, split into an old batch and one new article.

The embedder is the real one (loaded once per session); NLI is tests/store_helpers.OverlapNLI,
which follows the NLIModel interface and counts what it is asked, except in the one slow test.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from narratives import incremental
from narratives.signals import names_an_actor, pair_links
from narratives.baseline import Baseline, BaselineEntry, fingerprint
from narratives.cli import app
from narratives.config import Settings
from narratives.incremental import check
from narratives.pairs import candidate_pairs
from narratives.report import render_json, render_markdown, write_reports
from narratives.store import Store
from tests.store_helpers import NEW_ARTICLE_ID, OverlapNLI, dump, seed_batches

runner = CliRunner()


@pytest.fixture()
def batches(tmp_path):
    return seed_batches(tmp_path / "in")


def test_check_on_an_empty_store_gives_the_report_of_a_full_run(batches, tmp_path, encoder):
    from narratives.pipeline import run

    old, new = batches
    outcome = check([old, new], tmp_path / "s.sqlite", Settings(), encoder=encoder, nli=OverlapNLI())
    full = run([old, new], Settings(), encoder=encoder, nli=OverlapNLI())
    same_inputs = dataclasses.replace(outcome.result, metadata=full.metadata)
    assert render_markdown(same_inputs) == render_markdown(full)
    assert render_json(same_inputs) == render_json(full)
    assert {p.id for p in outcome.new_contradictions} == {p.id for p in full.contradictions}


def test_a_second_check_of_the_same_input_finds_nothing_and_scores_nothing(batches, tmp_path, encoder):
    old, _ = batches
    store = tmp_path / "s.sqlite"
    first = check([old], store, Settings(), encoder=encoder, nli=OverlapNLI())
    assert first.new_contradictions and first.scored_pairs == first.result.metadata["counts"]["nli_scored"] > 0
    nli = OverlapNLI()
    again = check([old], store, Settings(), encoder=encoder, nli=nli)
    assert (again.new_articles, again.new_contradictions, again.camp_changes) == ((), (), ())
    assert again.scored_pairs == 0 and nli.calls == 0 and again.embedded_texts == 0
    assert render_markdown(again.result) == render_markdown(first.result)
    assert render_json(again.result) == render_json(first.result)


def test_one_new_article_scores_exactly_the_candidate_pairs_touching_its_claims(batches, tmp_path, encoder):
    old, new = batches
    store = tmp_path / "s.sqlite"
    every_pair = Settings(nli_min_similarity=0.0)  # the gate of judge.forward_needed has tests of its own
    before = check([old], store, every_pair, encoder=encoder, nli=OverlapNLI()).result
    nli = OverlapNLI()
    outcome = check([old, new], store, every_pair, encoder=encoder, nli=nli)
    assert [a.id for a in outcome.new_articles] == [NEW_ARTICLE_ID]

    result = outcome.result
    event = next(e for e in result.events if NEW_ARTICLE_ID in e.article_ids)
    assert event.article_ids == ("kakhovka-dam-2023-06-06", NEW_ARTICLE_ID)  # joined the stored event
    claims = [c for c in result.claims if c.id in set(event.claim_ids)]
    vectors = encoder.encode_batch([c.content or c.text for c in claims])
    flags = [names_an_actor(c) for c in claims]
    candidates, _ = candidate_pairs([event], claims, vectors, priority=flags, linked=pair_links(claims))
    touching = [c for c in candidates if NEW_ARTICLE_ID in (claims[c.a].article_id, claims[c.b].article_id)]
    assert touching and outcome.scored_pairs == len(touching)

    texts = {c.id: c.content or c.text for c in claims}
    expected = {(texts[claims[c.a].id], texts[claims[c.b].id]) for c in touching}
    # every touching pair A→B; B→A only where it could change the verdict (judge.reverse_needed)
    touching_ids = {(claims[c.a].id, claims[c.b].id) for c in touching}
    both_ways = [p for p in result.pairs if (p.a, p.b) in touching_ids and p.b_to_a is not None]
    assert expected <= set(nli.seen) <= expected | {(h, p) for p, h in expected}
    assert len(nli.seen) == len(touching) + len(both_ways) and 0 < len(both_ways) < len(touching)
    new_texts = {c.content or c.text for c in claims if c.article_id == NEW_ARTICLE_ID}
    assert all(p in new_texts or h in new_texts for p, h in nli.seen)  # no old-vs-old pair was scored again

    old_pairs = {p.id: p for p in before.pairs}
    assert all(old_pairs[p.id].relation == p.relation for p in result.pairs if p.id in old_pairs)
    assert {c.event_id for c in outcome.camp_changes} <= {event.id}
    article_of = {c.id: c.article_id for c in result.claims}
    assert all(NEW_ARTICLE_ID in (article_of[p.a], article_of[p.b]) for p in outcome.new_contradictions)


@pytest.mark.parametrize("failure", ["nli", "store-write"])
def test_a_run_killed_midway_is_finished_by_the_rerun_with_the_same_store_and_reports(
        batches, tmp_path, encoder, monkeypatch, failure):
    old, new = batches
    # 32 directions per NLI call and per cache commit; every pair scored, so the crash comes mid-run
    settings = Settings(nli_batch_size=8, nli_min_similarity=0.0)
    uninterrupted, killed = tmp_path / "a.sqlite", tmp_path / "b.sqlite"
    for store in (uninterrupted, killed):
        check([old], store, settings, encoder=encoder, nli=OverlapNLI())
    reference = check([old, new], uninterrupted, settings, encoder=encoder, nli=OverlapNLI())
    before = dump(killed)

    if failure == "nli":
        with pytest.raises(RuntimeError, match="simulated crash"):
            check([old, new], killed, settings, encoder=encoder, nli=OverlapNLI(fail_after=2))
        scored = dump(killed)["nli_scores"]
        assert len(scored) == len(before["nli_scores"]) + 2 * 32  # the finished calls were kept
    else:
        real_put_event, calls = Store.put_event, []

        def put_event_then_die(self, *args, **kwargs):
            calls.append(1)
            real_put_event(self, *args, **kwargs)
            raise KeyboardInterrupt  # like Ctrl-C or SIGINT in the middle of the final writes
        monkeypatch.setattr(Store, "put_event", put_event_then_die)
        with pytest.raises(KeyboardInterrupt):
            check([old, new], killed, settings, encoder=encoder, nli=OverlapNLI())
        monkeypatch.setattr(Store, "put_event", real_put_event)
        assert calls
    after_kill = dump(killed)
    for table in ("articles", "claims", "events", "pairs"):
        assert after_kill[table] == before[table], f"{table} changed by a killed run"

    nli = OverlapNLI()
    rerun = check([old, new], killed, settings, encoder=encoder, nli=nli)
    assert dump(killed) == dump(uninterrupted)
    assert rerun.new_contradictions == reference.new_contradictions
    if failure == "nli":
        assert 0 < rerun.scored_pairs < reference.scored_pairs
    for result, out in ((reference.result, tmp_path / "a"), (rerun.result, tmp_path / "b")):
        write_reports(result, out)
    for name in ("report.md", "report.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_a_new_text_under_a_known_id_replaces_the_old_version(batches, tmp_path, encoder):
    old, new = batches
    store = tmp_path / "s.sqlite"
    check([old, new], store, Settings(), encoder=encoder, nli=OverlapNLI())
    record = json.loads(new.read_text(encoding="utf-8"))
    record["text"] += "\n\nThe regional governor said on Wednesday that 60 people had died in the flooding."
    new.write_text(json.dumps(record) + "\n", encoding="utf-8")
    outcome = check([new], store, Settings(), encoder=encoder, nli=OverlapNLI())
    assert [a.id for a in outcome.new_articles] == [NEW_ARTICLE_ID]
    result = outcome.result
    assert [a.text for a in result.articles if a.id == NEW_ARTICLE_ID] == [record["text"]]
    mine = [c for c in result.claims if c.article_id == NEW_ARTICLE_ID]
    assert any("60 people had died" in c.text for c in mine)
    assert all(record["text"][c.start : c.end] == c.text for c in mine)
    claim_ids = {c.id for c in result.claims}
    assert all(p.a in claim_ids and p.b in claim_ids for p in result.pairs)
    assert sum(NEW_ARTICLE_ID in e.article_ids for e in result.events) == 1


def test_event_distances_are_the_ones_the_clusterer_merges_on():
    from sklearn.cluster import AgglomerativeClustering

    from narratives.event_assign import distances
    from narratives.events import EventClusterer

    rng = np.random.default_rng(3)
    centres = rng.normal(size=(3, 8))
    vectors = np.vstack([c + 0.35 * rng.normal(size=(4, 8)) for c in centres])
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    dates = ["2023-05-22", "2023-05-23", None, "2023-09-30"] * 3
    texts = ["dam flood Kherson", "dam Kherson river", "flood water", "Kherson dam"] * 3
    clusterer = EventClusterer(min_similarity=0.5)
    expected = clusterer.fit(vectors, dates, texts).labels_
    raw = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                  distance_threshold=0.5).fit_predict(distances(clusterer, vectors, dates, texts))
    order: dict[int, int] = {}
    assert [order.setdefault(int(x), len(order)) for x in raw] == expected.tolist()


def test_new_articles_join_the_closest_stored_event_only_within_the_day_limit():
    from narratives.event_assign import assign
    from narratives.events import EventClusterer
    from narratives.store import StoredEvent
    from narratives.types import Article

    def unit(*values: float) -> np.ndarray:
        vector = np.array(values, dtype=np.float64)
        return vector / np.linalg.norm(vector)

    members = {
        1: (np.stack([unit(1, 0.1, 0, 0), unit(1, -0.1, 0, 0)]), ["2023-06-06", "2023-06-07"],
            ["Kakhovka dam flood Kherson", "Kakhovka dam breach flood"]),
        2: (np.stack([unit(0, 0, 1, 0.1)]), ["2023-10-17"], ["Gaza hospital blast"]),
    }
    stored = [StoredEvent(key, vectors.mean(axis=0), len(vectors), "state", min(dates), max(dates), True)
              for key, (vectors, dates, _texts) in members.items()]
    new = [Article("n1", "Kakhovka dam flood toll", published="2023-07-18"),  # 42 days later: joins event 1
           Article("n2", "Kakhovka dam flood anniversary", published="2024-06-06"),  # a year later: a new event
           Article("n3", "Election results in the capital", published="2023-06-06")]  # about something else
    vectors = np.stack([unit(1, 0.05, 0, 0), unit(1, 0, 0, 0.05), unit(0, 1, 0, 0)]).astype(np.float32)
    loaded: list[int] = []

    def load(key: int):
        loaded.append(key)
        return members[key]
    keys = assign(new, vectors, stored, load, EventClusterer(), next_key=3)
    assert keys == [1, 3, 4]
    assert loaded == [1]  # event 2 is too far in meaning, and event 1 too far in time for n2: never loaded


@pytest.mark.parametrize("name, content", [
    ("wire.csv", 'id,outlet,text\nw1,Wire,"The governor said on Monday that eight people were wounded in the raid.\n\n'
                 'The ministry said on Tuesday that nobody was wounded in the raid."\n'),
    ("wire.md", "---\nid: w1\noutlet: Wire\n---\n\nThe governor said on Monday that eight people were wounded.\n\n"
                "The ministry said on Tuesday that nobody was wounded in the raid.\n"),
    ("wire.jsonl", '{"id": "w0", "text": "Nothing to see."}\n{"id": "w1", "outlet": "Wire", "text": '
                   '"The governor said on Monday that eight people were wounded.\\n\\nThe ministry said on Tuesday '
                   'that nobody was wounded in the raid."}\n'),
])
def test_annotations_point_at_the_line_each_claim_starts_on(tmp_path, name, content):
    from narratives.claims import extract_claims
    from narratives.ingest import read_inputs
    from narratives.locate import Locator

    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    articles, problems = read_inputs([path])
    article = next(a for a in articles if a.id == "w1")
    claims = extract_claims(article)
    assert not problems and len(claims) == 2
    lines = [Locator().line(article, claim) for claim in claims]
    expected = {"wire.csv": [2, 4], "wire.md": [6, 8], "wire.jsonl": [2, 2]}[name]
    assert lines == expected


# --- baseline ----------------------------------------------------------------------------------


def test_fingerprints_ignore_order_case_spacing_and_quote_style():
    a = fingerprint("Vyacheslav Gladkov", "A Ukrainian “sabotage group” entered.", "Hromadske", "Russians did it.")
    assert a == fingerprint("hromadske", "russians  did it.",
                            "VYACHESLAV GLADKOV", 'A Ukrainian "sabotage group" entered.')
    assert a != fingerprint("Vyacheslav Gladkov", "A Ukrainian “sabotage group” entered.",
                            "RIA", "Russians did it.")


def test_a_baseline_suppresses_across_runs_and_stores_and_reports_stale_entries(batches, tmp_path, encoder):
    old, new = batches
    first = check([old], tmp_path / "one.sqlite", Settings(), encoder=encoder, nli=OverlapNLI())
    claims = {c.id: c for c in first.result.claims}
    reviewed = Baseline(path=tmp_path / "narratives-baseline.json")
    for pair in first.new_contradictions[:3]:
        reviewed.add(BaselineEntry.for_claims(claims[pair.a], claims[pair.b], "false-positive", "different claims"))
    gone = BaselineEntry.for_claims(claims[first.new_contradictions[0].a], claims[first.new_contradictions[0].a],
                                    "accepted", "a pair that is not flagged any more")
    reviewed.add(gone)
    reviewed.save()
    saved = json.loads(reviewed.path.read_text(encoding="utf-8"))
    assert [e["fingerprint"] for e in saved] == sorted(e["fingerprint"] for e in saved)

    reloaded = Baseline.load(reviewed.path)
    # A fresh store (a CI cache miss) finds everything again: the baseline still holds, by content.
    again = check([old], tmp_path / "two.sqlite", Settings(), encoder=encoder, nli=OverlapNLI(), baseline=reloaded)
    assert set(again.suppressed) == {p.id for p in first.new_contradictions[:3]}
    assert {p.id for p in again.unsuppressed} == {p.id for p in first.new_contradictions[3:]}
    assert [e.fingerprint for e in again.stale] == [gone.fingerprint]
    later = check([old, new], tmp_path / "two.sqlite", Settings(), encoder=encoder, nli=OverlapNLI(),
                  baseline=reloaded)
    assert [e.fingerprint for e in later.stale] == [gone.fingerprint]
    assert set(later.fingerprints.values()) >= {e.fingerprint for e in reviewed.entries.values()} - {gone.fingerprint}


# --- command line ------------------------------------------------------------------------------


@pytest.fixture()
def fake_models(monkeypatch, encoder):
    """The CLI builds its models by name; give it the session's embedder and the fake NLI instead."""
    made: list[OverlapNLI] = []

    def load_nli(*_args, **_kwargs):
        made.append(OverlapNLI())
        return made[-1]
    monkeypatch.setattr(incremental, "SentenceTransformerEncoder", lambda _name: encoder)
    monkeypatch.setattr(incremental, "load_nli", load_nli)
    return made


def _check(*args: str):
    return runner.invoke(app, ["check", *args, "--quiet"])


def test_check_exit_codes_new_findings_1_nothing_new_0_failures_2_and_exit_zero(batches, tmp_path, fake_models,
                                                                                 monkeypatch):
    old, new = batches
    store, out = str(tmp_path / "s.sqlite"), tmp_path / "out"
    not_a_folder = tmp_path / "file"
    not_a_folder.write_text("")
    unwritable = _check(str(old), "--store", store, "--out", str(not_a_folder))
    assert unwritable.exit_code == 2 and "error:" in unwritable.output
    with Store.open(store) as opened:
        assert opened.article_hashes() == {}  # the reports failed, so nothing was committed: all still new
    first = _check(str(old), "--store", store, "--out", str(out))
    assert first.exit_code == 1, first.output
    assert {p.name for p in out.iterdir()} == {"new.md", "report.md", "report.json", "report.html"}
    assert "## New contradictions" in (out / "new.md").read_text(encoding="utf-8")
    assert _check(str(old), "--store", store, "--out", str(out)).exit_code == 0
    assert "None." in (out / "new.md").read_text(encoding="utf-8")

    missing = _check(str(tmp_path / "nowhere"), "--store", store, "--out", str(out), "--exit-zero")
    assert missing.exit_code == 2 and "error:" in missing.output and "nowhere" in missing.output
    monkeypatch.setattr(incremental, "load_nli", lambda *_a, **_k: OverlapNLI(fail_after=0))
    crashed = _check(str(new), "--store", store, "--out", str(out), "--exit-zero")
    assert crashed.exit_code == 2 and "error: [N900] unexpected RuntimeError: simulated crash" in crashed.output

    monkeypatch.setattr(incremental, "load_nli", lambda *_a, **_k: OverlapNLI())
    zero = _check(str(new), "--store", store, "--out", str(out), "--exit-zero")
    assert zero.exit_code == 0 and zero.output.count("new contradiction") > 0
    assert _check(str(new), "--store", store, "--out", str(out)).exit_code == 0


def test_github_format_annotates_the_file_and_line_of_each_new_claim(batches, tmp_path, fake_models):
    old, new = batches
    store = str(tmp_path / "s.sqlite")
    for inputs in ([str(old)], [str(old), str(new)]):
        result = _check(*inputs, "--store", store, "--out", str(tmp_path / "out"), "--format", "github")
        assert result.exit_code == 1
        lines = result.stdout.splitlines()
        assert lines and all(line.startswith("::warning file=") for line in lines)
        for line in lines:
            match = re.match(r"::warning file=([^,]+),line=(\d+),title=narratives::new contradiction "
                             r"(P\w+) \(score [\d.]+, fingerprint (\w{16})\): [^“]*“([^”]{1,40})", line)
            assert match, line
            path, number, words = match.group(1), int(match.group(2)), match.group(5)
            assert words in Path(path).read_text(encoding="utf-8").split("\n")[number - 1]
            if inputs[-1] == str(new):
                assert path == str(new) and number == 1


def test_a_check_on_a_store_in_use_exits_2_saying_so(batches, tmp_path, fake_models):
    old, _ = batches
    path = tmp_path / "s.sqlite"
    with Store.open(path) as store, store.exclusive():
        result = _check(str(old), "--store", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 2
    assert f"is in use by another run (pid {os.getpid()})" in result.output
    assert not fake_models  # failed before any model was built


def test_baseline_add_by_id_or_fingerprint_then_list_and_clear_errors(batches, tmp_path, fake_models, monkeypatch):
    old, _ = batches
    store, file = tmp_path / "s.sqlite", tmp_path / "narratives-baseline.json"
    assert _check(str(old), "--store", str(store), "--out", str(tmp_path / "out")).exit_code == 1
    report = json.loads((tmp_path / "out" / "report.json").read_text(encoding="utf-8"))
    first, second = report["contradictions"][:2]
    where = ["--baseline", str(file), "--store", str(store)]
    by_id = runner.invoke(app, ["baseline", "--add", first["id"], "--verdict", "accepted",
                                "--reason", "both accounts are on record", *where])
    assert by_id.exit_code == 0, by_id.output
    fp = fingerprint(second["a"]["source"], second["a"]["text"], second["b"]["source"], second["b"]["text"])
    by_fp = runner.invoke(app, ["baseline", "--add", fp, "--verdict", "false-positive", "--reason", "not the same day",
                                *where])
    assert by_fp.exit_code == 0, by_fp.output
    entries = json.loads(file.read_text(encoding="utf-8"))
    assert {e["verdict"] for e in entries} == {"accepted", "false-positive"}
    assert fp in {e["fingerprint"] for e in entries}
    assert all(set(e) == {"fingerprint", "verdict", "reason", "a", "b"} for e in entries)
    file.write_text(json.dumps([e | {"ticket": f"NEWS-{i}"} for i, e in enumerate(entries)]), encoding="utf-8")
    updated = runner.invoke(app, ["baseline", "--add", first["id"], "--verdict", "false-positive",
                                  "--reason", "not the same strike", *where])
    assert updated.exit_code == 0 and "updated" in updated.output, updated.output
    after = json.loads(file.read_text(encoding="utf-8"))
    assert sorted(e["ticket"] for e in after) == ["NEWS-0", "NEWS-1"]  # kept on the updated entry and the other
    assert {e["reason"] for e in after} == {"not the same strike", "not the same day"}

    listed = runner.invoke(app, ["baseline", "--list", *where])
    assert listed.exit_code == 0 and fp in listed.stdout and "(stale)" not in listed.stdout
    for args, message in ((["--add", "P000000000000", "--verdict", "accepted", "--reason", "x"],
                           "no current contradiction"),
                          (["--add", fp, "--verdict", "accepted"], "--reason"),
                          ([], "either --add")):
        failed = runner.invoke(app, ["baseline", *args, *where])
        assert failed.exit_code == 2 and message in failed.output, failed.output

    suppressed = _check(str(old), "--store", str(tmp_path / "fresh.sqlite"), "--baseline", str(file),
                        "--out", str(tmp_path / "out2"))
    assert suppressed.exit_code == 1  # the other findings are still unreviewed
    new_md = (tmp_path / "out2" / "new.md").read_text(encoding="utf-8")
    assert "## New, but covered by the baseline" in new_md and fp in new_md
    assert first["id"] not in suppressed.stdout and fp not in suppressed.stdout

    monkeypatch.chdir(tmp_path)  # where `baseline --add` writes by default: check reads it without --baseline
    by_default = _check(str(old), "--store", str(tmp_path / "fresh2.sqlite"), "--out", str(tmp_path / "out3"))
    assert by_default.exit_code == 1 and fp not in by_default.stdout
    assert fp in (tmp_path / "out3" / "new.md").read_text(encoding="utf-8")


@pytest.mark.slow
def test_with_the_real_models_an_empty_store_check_reproduces_the_full_run(seed_result, encoder, nli_model, tmp_path):
    here = os.getcwd()
    os.chdir(Path(__file__).resolve().parent.parent)  # relative inputs, as the seed_result run used
    try:
        outcome = check(["seeds"], tmp_path / "s.sqlite", Settings(), encoder=encoder, nli=nli_model)
        again = check(["seeds"], tmp_path / "s.sqlite", Settings(), encoder=encoder, nli=nli_model)
    finally:
        os.chdir(here)
    same_inputs = dataclasses.replace(outcome.result, metadata=seed_result.metadata)
    assert render_markdown(same_inputs) == render_markdown(seed_result)
    assert render_json(same_inputs) == render_json(seed_result)
    assert again.scored_pairs == 0 and again.new_contradictions == ()


def test_check_of_the_working_directory_never_adds_its_own_reports_to_the_store(batches, fake_models, monkeypatch):
    from narratives.ingest import read_inputs

    old, _ = batches
    articles = len(read_inputs([old])[0])
    monkeypatch.chdir(old)  # `check .` with the default --out reports/check and store .narratives/store.sqlite
    runs = [_check(".") for _ in range(3)]
    assert [r.exit_code for r in runs] == [1, 0, 0], runs[-1].output
    assert {p.name for p in (old / "reports" / "check").iterdir()} == {"new.md", "report.md", "report.json", "report.html"}
    with Store.open(old / ".narratives" / "store.sqlite") as store:
        assert len(store.article_hashes()) == articles
