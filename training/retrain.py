"""Retrain the shipped span model, reproducibly (fixed seed), and package it into ``extractors/data/span_model/``.

Two stages, both with ``spacy train`` and the configs in ``training/configs/``:

1. **base**: SciREX train (``shared/train/scirex_train_ner.jsonl.gz``, our labels only where the
   guidelines agree) plus our 292 SciREX-train abstracts;
2. **fine-tune**: the base model on our 329 corpus abstracts plus the 292.

``shared/eval/dev.jsonl`` picks the best checkpoint of each stage (it is never trained on). The packaged
model is spaCy's ``model-best`` without the tokenizer fixes' state and without optimizer state
(spaCy never saves it), plus ``ATTRIBUTION`` (SciREX, Apache-2.0) and ``training.json`` (what was run).

    python -m training.retrain                      # the shipped model (width 32, depth 2, no hidden layer)
    python -m training.retrain --upper --hidden 64 --out /tmp/span_model_h64   # the sixth round's model
    python -m training.retrain --width 96 --depth 4 --out /tmp/span_model_big
    python -m training.retrain --beam 4 --out /tmp/span_model_beam   # beam_ner, trained with the beam objective
    python -m training.retrain --extra-gold training/data/hf_dev.jsonl training/data/recent_dev.jsonl \
        --out /tmp/span_model_2026     # fine-tune also on folds 0-2 of the 2026 development sets

``--extra-gold`` adds annotated development sets to the fine-tuning stage, restricted to ``--extra-folds``
(default 0,1,2; fold = SHA-1 of the id mod 5, as ``benchmarks/quality.py`` folds them): folds 3-4 are where
those sets are checked, so they are never trained on.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.util import load_config

from training import make_docs

__all__ = ["ROOT", "SHARED", "CONFIGS", "DATA", "SHIPPED", "ATTRIBUTION", "TRAINABLE_FOLDS", "docbin", "extra_tag",
           "beam_overrides", "train", "package", "build_parser", "main"]

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CONFIGS = ROOT / "training" / "configs"
DATA = ROOT / "training" / "data"
SHIPPED = ROOT / "extractors" / "data" / "span_model"
SCIREX_NER = SHARED / "train" / "scirex_train_ner.jsonl.gz"
DEV = SHARED / "eval" / "dev.jsonl"
SEED = 0

ATTRIBUTION = """\
paperkg span model (extractors/data/span_model/)

Weights trained by `python -m training.retrain` from:

- the paperkg training set (training/data/corpus_train.jsonl, scirex_train_ours.jsonl): annotations
  by the paperkg project, Apache-2.0 (see training/README.md for the abstracts' own terms);
- SciREX (train split), Jain, van Zuylen, Hajishirzi, Beltagy: "SciREX: A Challenge Dataset for
  Document-Level Information Extraction", ACL 2020. https://github.com/allenai/SciREX
  (commit 7daad660fe94f504433590b7a781cfabe1e179c6). Licensed under the Apache License 2.0.

Evaluate this model only on SciREX abstracts outside its train split
(shared/train/scirex_heldout_ids.txt), never on the 292 train-split abstracts.
"""


#: Folds of a development set that may be trained on (3 and 4 are where it is checked).
TRAINABLE_FOLDS = (0, 1, 2)


def docbin(out: Path, gold: list[Path], *, scirex: bool = False, only_ids: Path | None = None,
           keep_empty: float = 0.05, folds: Sequence[int] | None = None) -> Path:
    """Build one DocBin with :mod:`training.make_docs` (skipped when *out* exists); *folds*: only those folds."""
    if not out.exists():
        argv = ["--gold", *map(str, gold), "-o", str(out), "--seed", str(SEED), "--scirex-keep-empty", str(keep_empty)]
        if scirex:
            argv += ["--scirex", str(SCIREX_NER)]
        if only_ids:
            argv += ["--only-ids", str(only_ids)]
        if folds is not None:
            argv += ["--folds", ",".join(map(str, folds))]
        make_docs.main(argv)
    return out


def extra_tag(extra: Sequence[Path], folds: Sequence[int], repeat: int = 1) -> str:
    """The name part of DocBins and stages trained with *extra* gold files restricted to *folds* ("" if none)."""
    if not extra:
        return ""
    return "+" + "+".join(p.stem for p in extra) + "-f" + "".join(map(str, sorted(folds))) + \
        (f"x{repeat}" if repeat > 1 else "")


def _folds(text: str) -> list[int]:
    folds = sorted({int(x) for x in text.split(",") if x.strip()})
    if not folds or not set(folds) <= set(TRAINABLE_FOLDS):
        raise argparse.ArgumentTypeError(f"folds {text!r}: only {','.join(map(str, TRAINABLE_FOLDS))} may be trained "
                                         "on (3-4 are where the development sets are checked)")
    return folds


def beam_overrides(beam: int) -> dict:
    """Config overrides that train the NER with spaCy's beam objective (``beam_ner``, width *beam*); none if *beam* <= 1."""
    if beam <= 1:
        return {}
    return {"components.span_ner.factory": "beam_ner", "components.span_ner.beam_width": beam}


def train(config: str, out: Path, train_path: Path, dev_path: Path, *, width: int, depth: int, hidden: int,
          max_steps: int, eval_frequency: int, base_model: Path | None = None, upper: bool = False,
          beam: int = 1) -> Path:
    """``spacy train`` one stage with a fixed seed; returns its ``model-best`` (a finished stage is reused).

    *upper* False (the shipped model) leaves out the NER's hidden layer (``use_upper = false``: the scores of
    the transitions come straight from the tok2vec features, about 1.2 ms per abstract faster; *hidden* is
    then unused). *beam* > 1 trains ``beam_ner`` of that width. The fine-tuning stage sources the base
    model's component (network, factory and beam width), so these settings apply to the base stage only.
    """
    if (out / "finished").exists():
        print(f"reusing {out} (delete it to train this stage again)")
        return out / "model-best"
    overrides = {"paths.train": str(train_path), "paths.dev": str(dev_path), "system.seed": SEED,
                 "training.max_steps": max_steps, "training.eval_frequency": eval_frequency}
    if base_model is None:
        overrides.update({"components.span_ner.model.tok2vec.width": width,
                          "components.span_ner.model.tok2vec.depth": depth,
                          "components.span_ner.model.hidden_width": hidden,
                          "components.span_ner.model.use_upper": upper, **beam_overrides(beam)})
    else:
        overrides["paths.base_model"] = str(base_model)
    spacy_train(CONFIGS / config, out, overrides=overrides)
    (out / "finished").write_text(json.dumps(overrides, sort_keys=True) + "\n", encoding="utf-8")
    return out / "model-best"


def package(model_best: Path, dest: Path, settings: dict, attribution: str = ATTRIBUTION) -> Path:
    """Copy the trained pipeline to *dest*, small: weights, vocab strings, config; with ATTRIBUTION."""
    nlp = spacy.load(model_best)
    if dest.exists():
        shutil.rmtree(dest)
    nlp.to_disk(dest)
    meta = json.loads((dest / "meta.json").read_text(encoding="utf-8"))  # keys sorted: the same bytes every run
    (dest / "meta.json").write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    config = load_config(dest / "config.cfg", interpolate=False)
    for key in config["paths"]:  # the training machine's paths mean nothing in the package
        config["paths"][key] = None
    config.to_disk(dest / "config.cfg")
    (dest / "ATTRIBUTION").write_text(attribution, encoding="utf-8")
    (dest / "training.json").write_text(json.dumps(settings, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
    print(f"packaged {dest}: {size / 1e6:.1f} MB")
    return dest


def build_parser() -> argparse.ArgumentParser:
    """The command line of :func:`main`."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/paperkg-span-model"),
                        help="where DocBins and checkpoints go (default %(default)s)")
    parser.add_argument("--out", type=Path, default=SHIPPED, help="packaged model directory (default: the shipped one)")
    parser.add_argument("--width", type=int, default=32, help="tok2vec width (default %(default)s)")
    parser.add_argument("--depth", type=int, default=2, help="tok2vec CNN depth (default %(default)s)")
    parser.add_argument("--upper", action=argparse.BooleanOptionalAction, default=False,
                        help="give the NER a hidden layer (default: none, the shipped model; faster)")
    parser.add_argument("--hidden", type=int, default=64, help="with --upper: its width (default %(default)s)")
    parser.add_argument("--base-steps", type=int, default=1600, help="max steps of the SciREX stage")
    parser.add_argument("--finetune-steps", type=int, default=600, help="max steps of the fine-tuning stage")
    parser.add_argument("--beam", type=int, default=1,
                        help="1: greedy NER (the shipped model); N > 1: spaCy's beam_ner trained with beam width N")
    parser.add_argument("--extra-gold", type=Path, nargs="+", default=[], metavar="FILE",
                        help="more gold files for the fine-tuning stage (e.g. training/data/hf_dev.jsonl), "
                             "only their --extra-folds")
    parser.add_argument("--extra-folds", type=_folds, default=list(TRAINABLE_FOLDS),
                        help="folds of the --extra-gold files to train on, a subset of 0,1,2 (default: all three)")
    parser.add_argument("--extra-repeat", type=int, default=1,
                        help="how many times each --extra-gold abstract is in the fine-tuning set (default %(default)s)")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if not SCIREX_NER.exists() or not DEV.exists():
        print(f"retrain: needs {SCIREX_NER} and {DEV} (the shared data next to the repository)", file=sys.stderr)
        return 2
    work = args.work
    work.mkdir(parents=True, exist_ok=True)
    dev = docbin(work / "dev.spacy", [DEV])
    base_train = docbin(work / "base_train.spacy", [DATA / "scirex_train_ours.jsonl"], scirex=True)
    ours = docbin(work / "ours.spacy", [DATA / "corpus_train.jsonl", DATA / "scirex_train_ours.jsonl"])
    tag = extra_tag(args.extra_gold, args.extra_folds, args.extra_repeat)
    if args.extra_gold:  # more DocBins: spaCy's corpus reader takes a directory of them (sorted) as one training set
        tuned = work / f"finetune{tag}"
        tuned.mkdir(exist_ok=True)
        if not (tuned / "ours.spacy").exists():
            shutil.copy(ours, tuned / "ours.spacy")
        extra_bin = docbin(tuned / "extra.spacy", args.extra_gold, folds=args.extra_folds)
        for k in range(2, args.extra_repeat + 1):  # each copy is one more pass over the extra abstracts per epoch
            if not (tuned / f"extra{k}.spacy").exists():
                shutil.copy(extra_bin, tuned / f"extra{k}.spacy")
        ours = tuned
    size = f"w{args.width}d{args.depth}" + (f"h{args.hidden}" if args.upper else "-noupper") + \
        (f"b{args.beam}" if args.beam > 1 else "")
    shape = {"width": args.width, "depth": args.depth, "hidden": args.hidden, "upper": args.upper}
    base = train("span_ner.cfg", work / f"base_{size}", base_train, dev, **shape, max_steps=args.base_steps,
                 eval_frequency=200, beam=args.beam)
    steps = "" if args.finetune_steps == 600 else f"s{args.finetune_steps}"  # a finished stage is reused by name
    final = train("span_ner_finetune.cfg", work / f"final_{size}{tag}{steps}", ours, dev, **shape,
                  max_steps=args.finetune_steps, eval_frequency=100, base_model=base)
    # a beam model records its width; the greedy default writes the same training.json as before the option
    beam = {"beam_width": args.beam} if args.beam > 1 else {}
    command = "python -m training.retrain" + (f" --beam {args.beam}" if beam else "")
    extra = {}
    if args.extra_gold:  # recorded relative to the repository where possible (the machine's paths mean nothing)
        names = [str(p.resolve().relative_to(ROOT)) if p.resolve().is_relative_to(ROOT) else p.name
                 for p in args.extra_gold]
        extra = {"extra_gold": names, "extra_folds": args.extra_folds, "extra_repeat": args.extra_repeat}
        command += " --extra-gold " + " ".join(names)
        if args.extra_folds != list(TRAINABLE_FOLDS):
            command += " --extra-folds " + ",".join(map(str, args.extra_folds))
        if args.extra_repeat > 1:
            command += f" --extra-repeat {args.extra_repeat}"
        defaults = build_parser().parse_args([])
        for option in ("base_steps", "finetune_steps"):  # so that the command alone rebuilds the package
            if getattr(args, option) != getattr(defaults, option):
                command += f" --{option.replace('_', '-')} {getattr(args, option)}"
    attribution = ATTRIBUTION
    if extra:
        attribution = attribution.replace("scirex_train_ours.jsonl)", "scirex_train_ours.jsonl, and folds " +
                                          ",".join(map(str, args.extra_folds)) + " of " + ", ".join(extra["extra_gold"]) +
                                          "; their titles and abstracts are arXiv metadata, CC0 1.0)")
    package(final, args.out, {"seed": SEED, **shape, "base_steps": args.base_steps,
                              "finetune_steps": args.finetune_steps, **beam, **extra, "command": command}, attribution)
    return 0


if __name__ == "__main__":
    sys.exit(main())
