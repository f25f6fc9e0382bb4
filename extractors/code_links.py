"""Code links: GitHub, GitLab, Bitbucket and Hugging Face repository URLs.

A spaCy component. A :class:`~spacy.matcher.Matcher` finds the token that
starts a code-host URL; the URL is then stitched across stray spaces
("https://github. com/foo/bar", "github.com/ foo/bar", "github.com/foo/bar- baz":
a space after a joining ``/``, ``.``, ``-`` or ``_``) and normalised to
``host/owner/repo``: lower case, no scheme, no ``www.``, no ``.git``, no
``/tree/...`` and no trailing punctuation. Project pages (``*.github.io``)
are not code hosts and are ignored.

>>> normalise_code_url("https://GitHub.com/Sense-X/Co-DETR.git/tree/main).")
('github.com', 'sense-x', 'co-detr')
>>> normalise_code_url("https://huggingface.co/datasets/openai/gsm8k")
('huggingface.co', 'datasets/openai', 'gsm8k')
>>> normalise_code_url("hf.co/meta-llama/Llama-2-7b")
('huggingface.co', 'meta-llama', 'llama-2-7b')
>>> normalise_code_url("\\\\url{https://github.com/Foo/Bar}")
('github.com', 'foo', 'bar')
>>> normalise_code_url("https://reinflow.github.io/") is None
True
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from extractors.component import Component
from extractors.spans import SpanInfo, add_span
from extractors.text import doc_text
from kg.model import repository_id

__all__ = ["CODE_HOSTS", "normalise_code_url", "CodeLinkFinder", "make_code_links"]

CODE_HOSTS = ("github.com", "gitlab.com", "bitbucket.org", "huggingface.co", "codeberg.org")
_HOST_START = r"(?i)^(?:\\url\{|\\href\{)?(?:https?://)?(?:www\.)?(?:github|gitlab|bitbucket|huggingface|codeberg|hf\.co/)(?:\.(?:com|org|co))?"
_URL = re.compile(
    r"(?i)^(?:https?://)?(?:www\.)?(?P<host>github\.com|gitlab\.com|bitbucket\.org|huggingface\.co|hf\.co|codeberg\.org)"
    r"/(?P<path>[\w.\-/~%]+)"
)
_LATEX_URL = re.compile(r"^\\(?:url|href)\{")  # "\url{https://github.com/a/b}"
#: Any code-host name anywhere in the text; docs without one skip the token matcher.
_HOST_HINT = re.compile(r"(?i)github|gitlab|bitbucket|huggingface|codeberg|hf\.co")
_HOST_ALIASES = {"hf.co": "huggingface.co"}  # Hugging Face's short domain
_JOINERS = ("/", ".", "-", "_")  # a URL broken by a space after one of these goes on
_HF_KINDS = {"datasets", "spaces", "models"}
_STOP_SEGMENTS = {"tree", "blob", "wiki", "issues", "pulls", "releases", "-", "commit", "src"}
_STOP_TOKENS = {",", ";", ")", "]", "(", "[", '"', "'"}
_NOT_OWNERS = {"orgs", "topics", "features", "about", "marketplace", "sponsors", "collections", "papers"}


def normalise_code_url(url: str) -> tuple[str, str, str] | None:
    """``(host, owner, repo)`` of a code-host URL, or None when it names no repository."""
    m = _URL.match(_LATEX_URL.sub("", url.strip()))
    if not m:
        return None
    host = _HOST_ALIASES.get(m.group("host").lower(), m.group("host").lower())
    parts = [p for p in m.group("path").split("/") if p]
    if host == "huggingface.co" and parts and parts[0].lower() in _HF_KINDS:
        kind, parts = parts[0].lower(), parts[1:]
    else:
        kind = None
    cut = []
    for p in parts:
        if p.lower() in _STOP_SEGMENTS:
            break
        cut.append(p)
    if len(cut) < 2:
        return None
    owner, repo = cut[0], re.sub(r"\.git$", "", cut[1].rstrip(".,;:)]}'\"")).rstrip(".")
    if not owner or not repo or owner.lower() in _NOT_OWNERS:
        return None
    if kind and kind != "models":
        owner = f"{kind}/{owner}"
    return host, owner.lower(), repo.lower()


class CodeLinkFinder(Component):
    """Writes one ``REPO`` span per code link into ``doc.spans["kg"]``."""

    def __init__(self, nlp: Language, name: str, max_tokens: int) -> None:
        super().__init__(name)
        self.max_tokens = max_tokens
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("CODE_HOST", [[{"TEXT": {"REGEX": _HOST_START}}]])

    def _stitch(self, doc: Doc, start: int) -> tuple[int, str]:
        """Extend a URL from token *start* over tokens glued to it, or split after '/' or '.'."""
        text, end = doc[start].text, start + 1
        while end < len(doc) and end - start < self.max_tokens:
            tok, prev = doc[end], doc[end - 1]
            if tok.is_space or tok.text in _STOP_TOKENS:
                break
            if tok.text == ".":
                # a period continues the URL only inside a broken host ("github. com")
                if end + 1 >= len(doc) or doc[end + 1].lower_ not in {"com", "org", "co"}:
                    break
            elif prev.whitespace_ and not (text.endswith(_JOINERS) or tok.text.startswith("/")):
                break
            text += tok.text
            end += 1
        return end, text

    def _starts(self, doc: Doc) -> list[int]:
        """Tokens where a code-host URL starts: the matcher runs only on tokens naming a host.

        One regex search over the text finds the few candidate tokens, so most
        abstracts (no code host at all) cost no per-token matching.
        """
        candidates = set()
        for hit in _HOST_HINT.finditer(doc_text(doc)):
            span = doc.char_span(hit.start(), hit.end(), alignment_mode="expand")
            if span is not None:
                candidates.add(span.start)
        return [i + start for i in sorted(candidates) for _, start, _ in self.matcher(doc[i:i + 1])]

    def __call__(self, doc: Doc) -> Doc:
        seen_end = -1
        for start in self._starts(doc):
            if start < seen_end:
                continue
            end, text = self._stitch(doc, start)
            parsed = normalise_code_url(text)
            if parsed is None:
                continue
            seen_end = end
            host, owner, repo = parsed
            while end > start + 1 and doc[end - 1].text in {".", "/"}:
                end -= 1
            span = Span(doc, start, end, label="REPO", kb_id=repository_id(host, owner, repo))
            url = f"https://{host}/{owner}/{repo}"
            add_span(doc, span, SpanInfo(f"{host}/{owner}/{repo}", extractor=self.name, confidence=1.0,
                                         props={"url": url, "host": host, "owner": owner, "repo_name": repo}))
        return doc


@Language.factory(
    "code_links",
    assigns=["doc.spans", "doc._.kg_repos", "span._.kg"],
    requires=["token.text"],
    default_config={"max_tokens": 12},
)
def make_code_links(nlp: Language, name: str, max_tokens: int) -> CodeLinkFinder:
    """spaCy factory for :class:`CodeLinkFinder`; *max_tokens* bounds a URL stitched across stray spaces."""
    return CodeLinkFinder(nlp, name, max_tokens)
