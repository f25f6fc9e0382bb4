"""timm: registered image-model names (methods), their architecture families (methods), optimizers (methods).

Read with :mod:`ast` and regular expressions; torch is never imported. A registered name
(``@register_model def convnext_tiny``) is kept when it is a family plus size parts
("convnext_tiny", "resnet50", "efficientnet_b0", "cait_s24_384"); long configuration names
("vit_base_patch16_clip_quickgelu_224") are left out, since papers do not write them. The family's
written form ("ConvNeXt") is looked up in the model file's own text.
"""

from __future__ import annotations

import ast
import re

from ..common import FOUND_IN_TEXT, Record, find_written, module_all, package_dir, parse

__all__ = ["SOURCE", "DIST", "LICENCE", "TAKEN", "harvest"]

SOURCE, DIST, LICENCE = "timm", "timm", "Apache-2.0"
TAKEN = "@register_model names of timm/models with a family + size shape, their families (methods); timm.optim optimizer classes (methods)"

_SIZE = {"tiny": "T", "small": "S", "base": "B", "medium": "M", "large": "L", "huge": "H", "giant": "G"}
_RESOLUTIONS = {"192", "224", "240", "256", "288", "320", "336", "384", "448", "512", "518", "560"}
_SIMPLE = re.compile(r"([a-z]+[a-z0-9]*?)(\d*)((?:_(?:tiny|small|base|medium|large|huge|giant|xl|xxl|[a-z]?\d+[a-z]?|[a-z]\d?))*)")


def _family_forms(text: str) -> dict[str, str]:
    cache: dict[str, str] = {}

    def lookup(prefix: str) -> str:
        if prefix not in cache:
            found = [w for w in find_written(prefix, text) if re.search(r"[A-Z]", w) and " " not in w]
            cache[prefix] = found[0] if found else ""
        return cache[prefix]
    return lookup  # type: ignore[return-value]


def model_display(ident: str, lookup) -> tuple[str, list[str], str] | None:
    """(written name, aliases, family) for a simple registered name, None for others.

    >>> look = {"resnet": "ResNet", "convnext": "ConvNeXt", "cait": "CaiT", "efficientnet": "EfficientNet"}.get
    >>> model_display("resnet50", look)[:2], model_display("convnext_tiny", look)[:2]
    (('ResNet-50', ['ResNet50']), ('ConvNeXt-T', ['ConvNeXt-Tiny']))
    >>> model_display("cait_s24_384", look)[0], model_display("efficientnet_b0", look)[0]
    ('CaiT-S24', 'EfficientNet-B0')
    """
    m = _SIMPLE.fullmatch(ident)
    if not m:
        return None
    stem, digits, rest = m.groups()
    family = lookup(stem) or ""
    if not family:
        return None
    parts = [p for p in rest.split("_") if p]
    if parts and parts[-1] in _RESOLUTIONS:
        parts = parts[:-1]  # input resolution
    short = [_SIZE.get(p, p.upper() if len(p) <= 3 else p) for p in parts]
    long = [p.capitalize() if p in _SIZE else s for p, s in zip(parts, short)]
    head = f"{family}-{digits}" if digits else family
    name = "-".join([head] + short)
    aliases = []
    if digits:
        aliases.append("".join([family + digits] + [("-" + s) for s in short]))
    if long != short:
        aliases.append("-".join([head] + long))
    return name, aliases, family


def harvest() -> list[Record]:
    pkg = package_dir("timm")
    records: list[Record] = []
    for path in sorted((pkg / "models").glob("*.py")):
        text = path.read_text(encoding="utf-8")
        lookup = _family_forms(text)
        families: dict[str, str] = {}
        for ident in re.findall(r"@register_model\s*\ndef (\w+)", text):
            shown = model_display(ident, lookup)
            if shown is None:
                continue
            name, aliases, family = shown
            families[family] = ident
            records.append(Record("method", name, SOURCE, f"models.{ident}", tuple([ident] + aliases), FOUND_IN_TEXT))
        for family in sorted(families):
            records.append(Record("method", family, SOURCE, f"models/{path.stem}", (), FOUND_IN_TEXT))
    for name in module_all(pkg / "optim" / "__init__.py") or _imported(pkg / "optim" / "__init__.py"):
        if name[:1].isupper() and name not in {"Lookahead"} and not name.startswith(("Optim", "Param")):
            records.append(Record("method", name, SOURCE, f"optim.{name}", (), FOUND_IN_TEXT))
    return records


def _imported(path) -> list[str]:
    return [a.asname or a.name for node in parse(path).body if isinstance(node, ast.ImportFrom)
            and node.level == 1 and node.module and not node.module.startswith("_") for a in node.names]
