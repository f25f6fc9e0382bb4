"""transformers: model types with their written names (methods) and pipeline/auto-class tasks (tasks).

Pinned to the 4.x line: ``MODEL_NAMES_MAPPING`` in ``models/auto/configuration_auto.py`` maps each
model type to the name as its authors write it ("deberta-v2" -> "DeBERTa-v2"); 5.x dropped it.
"""

from __future__ import annotations

import ast
import re

from ..common import CURATED, DERIVED, Record, literal, package_dir, parse

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "transformers", "transformers", "Apache-2.0"
TAKEN = ("MODEL_NAMES_MAPPING of models/auto/configuration_auto.py (methods); pipeline task ids and "
         "MODEL_FOR_<TASK>_MAPPING_NAMES of models/auto/modeling_auto.py (tasks)")

# auto classes named after an architecture role, not a research task
_NOT_TASKS = {"BACKBONE", "CAUSAL_LM", "MASKED_LM", "PRETRAINING", "SEQ_TO_SEQ_CAUSAL_LM", "IMAGE",
              "TEXT_ENCODING", "CTC", "AUDIO_XVECTOR", "VISION_2_SEQ", "SPEECH_SEQ_2_SEQ", "RETRIEVAL",
              "CAUSAL_IMAGE_MODELING", "IMAGE_TEXT_TO_TEXT", "TEXT_TO_SPECTROGRAM", "TEXT_TO_WAVEFORM",
              "MULTIPLE_CHOICE", "IMAGE_TO_IMAGE", "MASK_GENERATION", "UNIVERSAL_SEGMENTATION"}


def _pairs(tree: ast.Module, name: str) -> list[tuple[str, str]]:
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == name:
            for node in ast.walk(stmt.value):
                if isinstance(node, ast.List):
                    pairs = literal(node)
                    if pairs and all(isinstance(p, tuple) and len(p) == 2 for p in pairs):
                        return pairs
    return []


def harvest() -> list[Record]:
    pkg = package_dir("transformers")
    auto = pkg / "models" / "auto"
    records: list[Record] = []
    for model_type, shown in _pairs(parse(auto / "configuration_auto.py"), "MODEL_NAMES_MAPPING"):
        # sub-models ("Aimv2VisionModel", "clip_text_model") are parts of another entry
        if re.search(r"(Vision|Text|Audio|Speech|Qformer|Encoder|Decoder)?Model$|Backbone$", shown) or \
                re.search(r"_(vision|text|audio)(_model)?$|_encoder$|_decoder$", model_type):
            continue
        records.append(Record("method", shown, SOURCE, model_type, (model_type,), CURATED))
    modeling = parse(auto / "modeling_auto.py")
    for stmt in modeling.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.targets[0], ast.Name):
            m = re.fullmatch(r"MODEL_FOR_([A-Z0-9_]+)_MAPPING_NAMES", stmt.targets[0].id)
            if m and m.group(1) not in _NOT_TASKS:
                words = m.group(1).lower().replace("_2_", "-to-").replace("_", " ").replace("zero shot", "zero-shot")
                records.append(Record("task", words, SOURCE, stmt.targets[0].id, (), DERIVED))
    pipelines = parse(pkg / "pipelines" / "__init__.py")
    for stmt in pipelines.body:
        if isinstance(stmt, ast.Assign) and getattr(stmt.targets[0], "id", "") == "SUPPORTED_TASKS":
            for key in stmt.value.keys:
                task = literal(key)
                if isinstance(task, str) and task not in {"feature-extraction", "text2text-generation", "fill-mask"}:
                    records.append(Record("task", task.replace("-", " ").replace("zero shot", "zero-shot"), SOURCE, f"pipeline:{task}", (task,), DERIVED))
    return records
