"""Fuzzing the readers (issue 16): no exception escapes, nothing is lost silently, lines are right.

Two halves: a committed corpus of nasty files (``tests/fixtures/nasty``, each
with the exact papers and problems it must give, in ``expected.json``) and
Hypothesis-generated files in every format, plain or gzipped, with hostile
records between good ones. The invariants, for every file:

- reading never raises;
- every record is a paper whose ``FILE:LINE`` is the line the record starts on,
  or a reported problem on a line of that record (or a problem that says the rest
  of the file is skipped from a line at or before the record's end);
- good records around a bad one are kept (in the line-oriented formats, where
  nothing can take a neighbour with it);
- every string of every paper is clean (:mod:`kg.text`): what writers receive.

The number of examples is bounded (``max_examples``) so the whole module runs in
well under a minute; ``benchmarks/fuzz.py`` runs the 10,000-case version.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import BadRecord
from kg.model import Paper
from kg.readers import read_inputs
from kg.text import clean

NASTY = Path(__file__).resolve().parents[2] / "fixtures" / "nasty"
EXPECTED = json.loads((NASTY / "expected.json").read_text(encoding="utf-8"))
ABSTRACT = ("We propose a method and evaluate it on COCO. It beats the baselines by a wide margin on every "
            "benchmark we tried, and it is fast. Code is public.")
STOPS = ("the rest", "rest of")


def assert_clean(paper: Paper) -> None:
    for name in ("id", "title", "abstract", "record_id", "arxiv_id", "doi", "url", "date"):
        value = getattr(paper, name)
        assert value is None or (clean(value) == value and "\r" not in value), (name, value)
    for value in (*paper.authors, *paper.code_urls):
        assert clean(value) == value and "\n" not in value and "\r" not in value, value
    assert paper.title and paper.abstract


def outcomes(path: Path) -> list[list[object]]:
    items = list(read_inputs([path]))
    for item in items:
        if isinstance(item, Paper):
            assert_clean(item)
    return [[i.line, "problem", i.message.split(" (")[0].split(";")[0]] if isinstance(i, BadRecord)
            else [int(i.source.rsplit(":", 1)[1]), "paper", i.title] for i in items]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_nasty_files_give_exactly_their_papers_and_problems(name: str) -> None:
    assert outcomes(NASTY / name) == EXPECTED[name]


def test_the_nasty_corpus_covers_every_reader() -> None:
    formats = {Path(n.removesuffix(".gz")).suffix for n in EXPECTED}
    assert formats == {".jsonl", ".json", ".csv", ".atom", ".xml", ".txt"}
    assert sorted(p.name for p in NASTY.iterdir() if p.name != "expected.json") == sorted(EXPECTED)


# ------------------------------------------------------------------ generated files
@dataclass
class Rec:
    good: bool
    start: int = 0
    end: int = 0


#: characters of hostile text: anything (JSON escapes lone surrogates), or anything a UTF-8 file can hold
ANY = st.text(st.characters(codec=None), max_size=30)
UTF8 = st.text(st.characters(exclude_categories=["Cs"]), max_size=30)
ONE_LINE = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\n"), max_size=30)


def _lines(text: str) -> int:
    return text.count("\n") + 1


def build_jsonl(recs: list[tuple[bool, dict, str | None]]) -> tuple[str, list[Rec]]:
    out, spans = "", []
    for good, fields, raw in recs:
        spans.append(Rec(good, _lines(out), _lines(out)))
        out += (raw if raw is not None else json.dumps(fields)).replace("\n", " ") + "\n"
    return out, spans


def build_json(recs: list[tuple[bool, dict, str | None]]) -> tuple[str, list[Rec]]:
    out, spans = "[\n", []
    for k, (good, fields, raw) in enumerate(recs):
        text = raw if raw is not None else json.dumps(fields, indent=k % 2 or None)
        spans.append(Rec(good, _lines(out), _lines(out) + text.count("\n")))
        out += text + (",\n" if k < len(recs) - 1 else "\n")
    return out + "]\n", spans


def build_csv(recs: list[tuple[bool, dict, str | None]]) -> tuple[str, list[Rec]]:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(["title", "abstract", "authors", "doi"])
    spans = []
    for good, fields, raw in recs:
        start = _lines(buf.getvalue())
        if raw is not None:
            buf.write(raw.replace("\n", " ").replace('"', "'") + "\n")
        else:
            writer.writerow([fields.get("title", ""), fields.get("abstract", ""), "; ".join(fields.get("authors", [])),
                             fields.get("doi", "")])
        spans.append(Rec(good, start, _lines(buf.getvalue()) - 1))
    return buf.getvalue(), spans


def build_atom(recs: list[tuple[bool, dict, str | None]]) -> tuple[str, list[Rec]]:
    out, spans = '<feed xmlns="http://www.w3.org/2005/Atom">\n', []
    for good, fields, raw in recs:
        start = _lines(out)
        out += raw if raw is not None else (
            f"<entry>\n<title>{escape(fields.get('title', ''))}</title>\n"
            f"<summary>{escape(fields.get('abstract', ''))}</summary>\n"
            + "".join(f"<author><name>{escape(a)}</name></author>\n" for a in fields.get("authors", []))
            + "</entry>\n")
        spans.append(Rec(good, start, _lines(out) - 1))
    return out + "</feed>\n", spans


def build_hf(recs: list[tuple[bool, dict, str | None]]) -> tuple[str, list[Rec]]:
    out, spans = "", []
    for good, fields, raw in recs:
        start = _lines(out)
        out += raw if raw is not None else f"{fields.get('title', '')}\n{fields.get('abstract', '')}\n"
        spans.append(Rec(good, start, _lines(out) - 1))
    return out, spans


#: format -> (file suffix, builder, characters hostile fields may hold, whether good neighbours must survive)
FORMATS = {
    "jsonl": (".jsonl", build_jsonl, ANY, True),
    "json": (".json", build_json, ANY, False),
    "csv": (".csv", build_csv, UTF8, True),
    "atom": (".xml", build_atom, UTF8, False),
    "hf-text": (".txt", build_hf, ONE_LINE, True),
}


@st.composite
def records(draw: st.DrawFn, fmt: str) -> tuple[str, list[Rec]]:
    _, build, chars, _ = FORMATS[fmt]
    recs: list[tuple[bool, dict, str | None]] = []
    for k in range(draw(st.integers(2, 5))):
        fields = {"title": f"Good paper Q{k}Z", "abstract": ABSTRACT, "authors": ["Ada Lovelace"], "doi": f"10.1/{k}"}
        if draw(st.booleans()):
            recs.append((True, fields, None))
            continue
        how = draw(st.sampled_from(["fields", "raw"]))
        if how == "fields":  # hostile strings in every field; the title keeps its marker
            hostile = {"title": f"Odd paper Q{k}Z {draw(chars)}", "abstract": draw(chars) + ABSTRACT,
                       "authors": [draw(chars), draw(chars)], "doi": draw(chars),
                       "url": draw(st.one_of(chars, st.integers(), st.none())) if fmt in ("jsonl", "json") else None}
            recs.append((False, {k2: v for k2, v in hostile.items() if v is not None}, None))
        else:  # a syntactically hostile record: some text that is no record of its format
            raw = draw((chars if fmt != "hf-text" else ONE_LINE).filter(str.strip))
            raw = {"atom": f"<entry>{raw}\n", "hf-text": f"Odd Q{k}Z {raw}\n"}.get(fmt, raw)
            recs.append((False, {}, raw))
    return build(recs)


def check(path: Path, spans: list[Rec], neighbours_survive: bool) -> None:
    items = list(read_inputs([path]))  # never raises
    line_of = {int(i.source.rsplit(":", 1)[1]): i for i in items if isinstance(i, Paper)}
    explained: set[int] = set()
    stops = []
    for item in items:
        if isinstance(item, Paper):
            assert_clean(item)
            owner = [k for k, r in enumerate(spans) if r.start == int(item.source.rsplit(":", 1)[1])]
            assert owner, f"a paper from line {item.source} where no record starts"
            explained.update(owner)
        elif any(s in item.message for s in STOPS):
            stops.append(item)
        else:
            assert item.line is not None or "empty" in item.message, item
            hit = [k for k, r in enumerate(spans) if r.start <= (item.line or 0) <= r.end]
            assert hit or item.line is None, f"a problem on line {item.line}, outside every record: {item}"
            explained.update(hit)
    last = max(r.end for r in spans) + 2  # a broken document may be found broken at its closing line
    for stop in stops:  # "the rest is skipped": every record not read yet (an XML error may show lines later)
        assert stop.line is not None and 1 <= stop.line <= last, stop
        explained.update(range(len(spans)))
    for k, rec in enumerate(spans):
        assert k in explained, f"record {k} (lines {rec.start}-{rec.end}) silently lost"
        if rec.good and neighbours_survive:
            assert rec.start in line_of and f"Q{k}Z" in line_of[rec.start].title, f"good record {k} lost"


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_generated_files_keep_every_record_accounted_for(tmp_path_factory: pytest.TempPathFactory, fmt: str) -> None:
    suffix, _, _, survive = FORMATS[fmt]

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(built=records(fmt), gz=st.booleans(), bom=st.booleans())
    def run(built: tuple[str, list[Rec]], gz: bool, bom: bool) -> None:
        text, spans = built
        # a garbage line may hold a lone surrogate: written as the invalid UTF-8 a broken tool would write
        data = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", errors="surrogatepass")
        path = tmp_path_factory.mktemp(fmt) / f"f{suffix}{'.gz' if gz else ''}"
        path.write_bytes(gzip.compress(data) if gz else data)
        check(path, spans, survive)

    run()


@settings(max_examples=40, deadline=None)
@given(keep=st.integers(1, 400), lines=st.integers(1, 60))
def test_truncated_gzip_keeps_a_prefix_and_reports_the_rest(tmp_path_factory: pytest.TempPathFactory, keep: int,
                                                           lines: int) -> None:
    body = "".join(json.dumps({"title": f"P{i}", "abstract": ABSTRACT}) + "\n" for i in range(lines))
    data = gzip.compress(body.encode())
    path = tmp_path_factory.mktemp("gz") / "t.jsonl.gz"
    path.write_bytes(data[: min(keep, len(data) - 1)])
    items = list(read_inputs([path]))
    papers = [i for i in items if isinstance(i, Paper)]
    assert [p.title for p in papers] == [f"P{i}" for i in range(len(papers))]
    assert len(items) == len(papers) + 1 and isinstance(items[-1], BadRecord)
    assert items[-1].line in (len(papers) + 1, None) or "gzip" in items[-1].message
