"""Token-level tests shared by the long-tail patterns: what looks like a coined name.

A *name-like* token is a coinage: an acronym ("MIT", "XD-Violence"), a
camel-case word ("ChessVision", "BiToD"), or letters mixed with digits
("FSD50K", "ESC-50"). Capitalised dictionary words ("Large-Scale", "Test")
and generic acronyms ("LLM", "NLP", "3D", "GPU") are not.

>>> [t for t in ["ChessVision", "MIT", "XD-Violence", "FSD50K", "TVQA+", "Large-Scale", "Test", "LLMs", "3D", "1"]
...  if is_name_like(t)]
['ChessVision', 'MIT', 'XD-Violence', 'FSD50K', 'TVQA+']
"""

from __future__ import annotations

import re
from functools import lru_cache


__all__ = ["GENERIC_ACRONYMS", "is_name_like", "NUMBER"]

#: Acronyms that name a field, a family or a device rather than a dataset, metric or task.
GENERIC_ACRONYMS = frozenset("""
AI ML DL NLP CV LLM LLMs VLM VLMs MLLM MLLMs LM LMs PLM PLMs GPU GPUs CPU CPUs TPU TPUs API APIs SOTA RL DRL CNN CNNs
DNN DNNs RNN RNNs GNN GNNs GAN GANs MLP MLPs NN NNs IoT HPC URL PDF US USA UK EU QA ASR TTS OCR MRI CT RGB RGB-D LiDAR
IID OOD KG KGs ID IDs AR VR XR HCI UI UX SQL JSON XML HTML CUDA FPGA ASIC RAM SSD HDD OS IT II III IV VI ViT ViTs
MoE LoRA SFT RLHF DPO PPO NMT NER POS VQA MT AGI GenAI AIGC PhD FAQ USB GPS LSTM LSTMs
""".split())
_PART = re.compile(r"[A-Za-z0-9]+")
#: A number as written in results: "66.0", "0.90", "97.07%", "+2.1".
NUMBER = re.compile(r"^[+\-±]?\d+(?:[.,]\d+)*%?$")


@lru_cache(maxsize=65536)
def is_name_like(text: str) -> bool:
    """Whether *text* (one token) looks like a coined name (see the module docstring)."""
    if len(text) < 2 or not text[0].isalnum() or text in GENERIC_ACRONYMS or not any(c.isalpha() for c in text):
        return False
    if "://" in text or text.count(".") > 1:
        return False
    for part in _PART.findall(text):
        letters = [c for c in part if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters):
            return True  # an all-caps part: MIT, XD, CIFAR
        if any(c.isupper() for c in part[1:]) and any(c.islower() for c in part):
            return True  # camel case: ChessVision, BiToD
        if letters and any(c.isdigit() for c in part) and part[0].isupper():
            return True  # letters and digits: FSD50K, Kinetics400
    return False
