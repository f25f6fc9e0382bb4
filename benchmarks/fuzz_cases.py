"""Fuzz cases for benchmarks/fuzz.py: small input files whose every record's line and fate are known.

A case is one file: good records around one odd or malformed record (or a
damaged/empty file). Each record's title carries ``Q<index>Z`` so a paper can
be traced back to the record it came from, and the generator notes the lines
each record spans and whether it should become a paper (``good``) or a report.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import random
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

__all__ = ["FORMATS", "Record", "Case", "make_case"]

#: format -> (reader name, file suffix)
FORMATS = {
    "jsonl": ("jsonl", ".jsonl"), "json": ("json", ".json"), "csv": ("csv", ".csv"), "tsv": ("csv", ".tsv"),
    "atom": ("arxiv-atom", ".xml"), "openalex-json": ("openalex", ".json"),
    "openalex-jsonl": ("openalex", ".jsonl"), "hf-text": ("hf-text", ".txt"),
}
_JSONISH = ("jsonl", "json", "openalex-json", "openalex-jsonl")

#: mutation -> (formats it applies to, whether the record should still become a paper)
MUTATIONS: dict[str, tuple[tuple[str, ...], bool]] = {
    "plain": (tuple(FORMATS), True),
    "c0-controls": (("jsonl", "json", "csv", "tsv", "hf-text", "openalex-json", "openalex-jsonl"), True),
    "noncharacters": (tuple(FORMATS), True),
    "unicode": (tuple(FORMATS), True),
    "latex": (tuple(FORMATS), True),
    "surrogate-author": (_JSONISH, True),
    "cr-in-id": (("jsonl", "json", "csv", "tsv", "atom", "openalex-json", "openalex-jsonl"), True),
    "year-1e999": (_JSONISH, True),
    "quoted-newlines": (("csv", "tsv"), True),
    "no-title": (tuple(FORMATS), False),
    "no-abstract": (tuple(FORMATS), False),
    "authors-nested": (("jsonl", "json"), False),
    "wrong-type": (("jsonl", "json"), False),
    "openalex-shape": (("openalex-json", "openalex-jsonl"), False),
    "huge-int": (_JSONISH, False),
    "deep-nesting": (_JSONISH, False),
    "syntax-error": (("jsonl", "json", "atom", "openalex-json", "openalex-jsonl"), False),
    "unclosed-quote": (("csv", "tsv"), False),
    "atom-namespace": (("atom",), False),
    "latex-only-title": (("hf-text", "jsonl", "csv"), False),
    "too-long": (("jsonl", "json", "csv", "hf-text", "atom"), False),
}
FILE_MUTATIONS = ("bom", "crlf", "gz-truncated", "gz-corrupt", "empty")

WORDS = ("graph neural network transformer detection segmentation benchmark dataset accuracy model learning "
         "training inference attention robust efficient vision language retrieval contrastive diffusion").split()
NOISE = ["new", "Subscribe", "Daily Papers", "Jul 31", "42", "Upvote"]


@dataclass
class Record:
    index: int
    good: bool
    start: int = 0
    end: int = 0


@dataclass
class Case:
    name: str
    format: str
    reader: str
    mutation: str
    records: list[Record]
    data: bytes = b""
    filename: str = ""
    file_problem: bool = False
    header_lines: tuple[int, ...] = ()

    def header_problem(self, line: int | None) -> bool:
        return line in self.header_lines


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n))


def _fields(rng: random.Random, i: int, mutation: str | None) -> dict:
    title = f"Q{i}Z {_words(rng, rng.randint(2, 8)).title()}"
    abstract = ". ".join(_words(rng, 12).capitalize() for _ in range(4)) + "."
    rec = {"id": f"r{i}-{rng.randrange(10**6)}", "title": title, "abstract": abstract,
           "authors": [f"{rng.choice(['Ada', 'Alan', 'Grace'])} {rng.choice(['Lovelace', 'Turing', 'Hopper'])}"],
           "doi": f"10.{rng.randint(1000, 9999)}/x{i}", "year": rng.randint(1990, 2025)}
    if mutation == "c0-controls":
        rec["title"] += "".join(chr(rng.choice([0, 1, 7, 8, 11, 12, 27, 31])) for _ in range(3))
        rec["abstract"] = "\x02" + rec["abstract"] + "\x1f"
    elif mutation == "noncharacters":
        rec["title"] += " \ufdd0\U0001ffff"
        rec["abstract"] += " \ufdef"
    elif mutation == "unicode":
        rec["title"] += " — 𝔽 🙂 中文 שלום é"
        rec["authors"] = ["Zoë Ångström", "李 雷"]
    elif mutation == "latex":
        rec["title"] += " with \\emph{Fast} $O(n)$"
    elif mutation == "surrogate-author":
        rec["authors"] = ["Bad \udc80 Name", "Fine Name"]
    elif mutation == "cr-in-id":
        rec["doi"] = rec["doi"] + "\r" + "5"
        rec["arxiv_id"] = f"2301.{i:05d}\r\n"
    elif mutation == "quoted-newlines":
        rec["abstract"] = rec["abstract"].replace(". ", ".\n", 2)
    elif mutation == "no-title":
        rec["title"] = ""
    elif mutation == "no-abstract":
        rec["abstract"] = ""
    elif mutation == "latex-only-title":
        rec["title"] = "\\emph{}"
    elif mutation == "too-long":
        rec["abstract"] = (rec["abstract"] + " ") * (1_100_000 // len(rec["abstract"]))
    return rec


def _lines_before(text: str) -> int:
    return text.count("\n") + 1


def _jsonl(rng: random.Random, recs: list[dict], mutated: int, mutation: str, openalex: bool) -> tuple[str, list]:
    out, spans = "", []
    for k, rec in enumerate(recs):
        obj = _openalex(rec, mutation if k == mutated else None) if openalex else _plain(rec, mutation if k == mutated else None)
        line = _dump(obj, mutation if k == mutated else None)
        spans.append((_lines_before(out), _lines_before(out)))
        out += line + "\n"
    return out, spans


def _plain(rec: dict, mutation: str | None) -> dict:
    obj = dict(rec)
    if mutation == "authors-nested":
        obj["authors"] = [[1]]
    elif mutation == "wrong-type":
        obj["url"] = {"href": "https://example.org"}
    elif mutation in ("huge-int", "deep-nesting", "year-1e999"):
        obj["year"] = "@@RAW@@"
    return obj


def _openalex(rec: dict, mutation: str | None) -> dict:
    index: dict[str, list[int]] = {}
    for pos, word in enumerate(rec["abstract"].split(" ")):
        index.setdefault(word, []).append(pos)
    work = {"id": f"https://openalex.org/W{rec['id'][1:].replace('-', '')}", "title": rec["title"],
            "abstract_inverted_index": index if rec["abstract"] else None,
            "authorships": [{"author": {"display_name": a}} for a in rec["authors"]],
            "ids": {"doi": rec["doi"]}, "publication_year": rec["year"],
            "primary_location": {"landing_page_url": f"https://example.org/{rec['id']}"}}
    if mutation == "openalex-shape":
        key = random.Random(rec["id"]).choice(["authorships", "ids", "locations", "primary_location"])
        work[key] = {"authorships": 3, "ids": ["x"], "locations": "x", "primary_location": [1]}[key]
    elif mutation in ("huge-int", "deep-nesting", "year-1e999"):
        work["publication_year"] = "@@RAW@@"
    return work


def _raw(mutation: str | None) -> str:
    return {"huge-int": "9" * 5000, "deep-nesting": "[" * 3000 + "]" * 3000, "year-1e999": "1e999"}.get(mutation, "0")


def _dump(obj: dict, mutation: str | None) -> str:
    text = json.dumps(obj, ensure_ascii=mutation != "unicode" or "surrogate" in str(mutation))
    text = text.replace('"@@RAW@@"', _raw(mutation))
    if mutation == "syntax-error":
        text = text.replace('", "', '" "', 1)
    return text


def _json(rng: random.Random, recs: list[dict], mutated: int, mutation: str, openalex: bool) -> tuple[str, list]:
    wrapped = openalex or rng.random() < 0.3
    out = '{"meta": {"count": %d},\n "results": [\n' % len(recs) if wrapped else "[\n"
    spans = []
    for k, rec in enumerate(recs):
        mut = mutation if k == mutated else None
        obj = _openalex(rec, mut) if openalex else _plain(rec, mut)
        text = _dump(obj, mut)
        if rng.random() < 0.3 and mut not in ("syntax-error",):
            text = json.dumps(json.loads(text.replace(_raw(mut), '"@@RAW@@"')) if mut in ("huge-int", "deep-nesting", "year-1e999") else json.loads(text), indent=2, ensure_ascii=True).replace('"@@RAW@@"', _raw(mut))
        start = _lines_before(out)
        out += text + (",\n" if k < len(recs) - 1 else "\n")
        spans.append((start, start + text.count("\n")))
    out += "]}\n" if wrapped else "]\n"
    return out, spans


def _csv(rng: random.Random, recs: list[dict], mutated: int, mutation: str, delimiter: str) -> tuple[str, list]:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(["id", "title", "abstract", "authors", "doi"])
    spans = []
    for k, rec in enumerate(recs):
        start = _lines_before(buf.getvalue())
        row = [rec["id"], rec["title"], rec["abstract"], "; ".join(rec["authors"]), rec["doi"]]
        if k == mutated and mutation == "unclosed-quote":
            buf.write(f'{rec["id"]}{delimiter}"{rec["title"]} never closed{delimiter}{rec["abstract"]}\n')
        elif any("\r" in f for f in row):
            csv.writer(buf, delimiter=delimiter, lineterminator="\n", quoting=csv.QUOTE_ALL).writerow(row)
        else:
            writer.writerow(row)
        spans.append((start, _lines_before(buf.getvalue()) - 1))
    return buf.getvalue(), spans


def _xml(text: str) -> str:
    return escape(text).replace("\r", "&#13;")


def _atom(rng: random.Random, recs: list[dict], mutated: int, mutation: str) -> tuple[str, list]:
    out = ('<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" '
           'xmlns:arxiv="http://arxiv.org/schemas/atom">\n  <title>Query</title>\n')
    spans = []
    for k, rec in enumerate(recs):
        mut = mutation if k == mutated else None
        start = _lines_before(out)
        ns = rng.choice([' xmlns=""', ' xmlns="urn:other"']) if mut == "atom-namespace" else ""
        close = "</titel>" if mut == "syntax-error" else "</title>"
        out += (f"  <entry{ns}>\n    <id>http://arxiv.org/abs/{_xml(rec.get('arxiv_id', f'2301.{k:05d}'))}v1</id>\n"
                f"    <title>{_xml(rec['title'])}{close}\n    <summary>{_xml(rec['abstract'])}</summary>\n"
                + "".join(f"    <author><name>{_xml(a)}</name></author>\n" for a in rec["authors"])
                + f"    <arxiv:doi>{_xml(rec['doi'])}</arxiv:doi>\n  </entry>\n")
        spans.append((start, _lines_before(out) - 1))
    return out + "</feed>\n", spans


def _hf(rng: random.Random, recs: list[dict], mutated: int, mutation: str) -> tuple[str, list]:
    out, spans = "", []
    for k, rec in enumerate(recs):
        for _ in range(rng.randint(0, 2)):
            out += rng.choice(NOISE) + "\n"
        abstract = (rec["abstract"] + " ") * 2 if rec["abstract"] and len(rec["abstract"]) < 260 else rec["abstract"]
        start = _lines_before(out)
        if rec["title"]:
            out += rec["title"] + "\n"
        if abstract:
            out += abstract.strip() + "\n"
        spans.append((start, _lines_before(out) - 1))
    return out, spans


def make_case(rng: random.Random, n: int) -> Case:
    fmt = rng.choice(list(FORMATS))
    reader, suffix = FORMATS[fmt]
    gz = rng.random() < 0.5
    if rng.random() < 0.15:
        mutation = rng.choice([m for m in FILE_MUTATIONS if gz or not m.startswith("gz")])
    else:
        mutation = rng.choice([m for m, (fmts, _) in MUTATIONS.items() if fmt in fmts and (m != "too-long" or rng.random() < 0.02)])
    good = MUTATIONS.get(mutation, ((), True))[1]
    mutated = 1 if mutation in MUTATIONS else -1
    recs = [_fields(rng, k, mutation if k == mutated else None) for k in range(3)]
    if fmt in ("jsonl", "openalex-jsonl"):
        text, spans = _jsonl(rng, recs, mutated, mutation, fmt.startswith("openalex"))
    elif fmt in ("json", "openalex-json"):
        text, spans = _json(rng, recs, mutated, mutation, fmt.startswith("openalex"))
    elif fmt in ("csv", "tsv"):
        text, spans = _csv(rng, recs, mutated, mutation, "\t" if fmt == "tsv" else ",")
    elif fmt == "atom":
        text, spans = _atom(rng, recs, mutated, mutation)
    else:
        text, spans = _hf(rng, recs, mutated, mutation)
    records = [Record(k, good or k != mutated, s, e) for k, (s, e) in enumerate(spans)]
    case = Case(f"case{n}-{fmt}-{mutation}{'.gz' if gz else ''}", fmt, reader, mutation, records,
                header_lines=(1,) if fmt in ("csv", "tsv") else ())
    if mutation == "crlf":
        text = text.replace("\n", "\r\n")
    data = text.encode("utf-8")
    if mutation == "bom":
        data = b"\xef\xbb\xbf" + data
    if mutation == "empty":
        data, case.records, case.file_problem = b"", [], True
    if gz:
        data = gzip.compress(data)
        if mutation == "gz-truncated":
            data = data[: rng.randint(12, max(13, len(data) - 9))]
            case.file_problem = True
        elif mutation == "gz-corrupt":
            at = rng.randint(12, max(13, len(data) - 12))
            data = data[:at] + bytes(rng.randrange(256) for _ in range(8)) + data[at + 8:]
            case.file_problem = True
    case.data = data
    case.filename = f"case{n}{suffix}{'.gz' if gz else ''}"
    return case
