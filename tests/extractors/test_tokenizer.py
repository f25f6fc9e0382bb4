"""The abstract tokenizer (extractors/tokenizer.py): spaCy's English tokenizer without emoticons."""


def test_the_shipped_pipeline_splits_emoticon_lookalikes(pipeline):
    doc = pipeline("X: a title\nWe propose Datamodel Matching (DMM): a method (see above):")
    tokens = [t.text for t in doc]
    i = tokens.index("DMM")
    assert tokens[i - 1:i + 3] == ["(", "DMM", ")", ":"]
    assert tokens[-2:] == [")", ":"]
    # the definition is visible to the abbreviation component now
    assert ((doc.text.index("DMM"), doc.text.index("DMM") + 3),
            (doc.text.index("Datamodel"), doc.text.index(" (DMM"))) in doc._.abbreviations
