#!/usr/bin/env python3
"""Writes tiny_f16_bf16.safetensors and tiny_f16_bf16.expected.json next to this script.

The safetensors container is written by hand (struct + json), independently of the Java writer, following the
format: an 8-byte little-endian header length, a UTF-8 JSON header padded with spaces to a multiple of 8 bytes,
then the tensors' raw little-endian bytes back to back. Tensors are ordered like the reference writer orders
them: by descending dtype alignment (F32, then BF16, then F16), then by name.

The expected values are what torch itself decodes the stored tensors to: tensor.float() flattened to a list.
Run with Debian's interpreter: /usr/bin/python3 make_fixture.py
"""
import json
import pathlib
import struct

import torch

HERE = pathlib.Path(__file__).resolve().parent
STEM = "tiny_f16_bf16"

# Values chosen to exercise the conversions: signed zero, subnormals, the largest finite F16, and values that
# torch must round to the nearest representable F16 / BF16 value.
TENSORS = {
    "weight_f32": torch.tensor([[1.0, -1.0 / 3.0], [3.4e38, 1.0e-45]], dtype=torch.float32),
    "weight_bf16": torch.tensor([3.14159265, -1.0e30, 1.0e-30, 0.1, -0.0, 256.5], dtype=torch.bfloat16),
    "weight_f16": torch.tensor([[1.0, -2.5, 65504.0], [6.1035e-05, 5.96e-08, -0.0]], dtype=torch.float16),
}
DTYPE_NAMES = {torch.float32: "F32", torch.bfloat16: "BF16", torch.float16: "F16"}
ALIGNMENT_ORDER = ["F32", "BF16", "F16"]  # descending, as in the reference crate's Dtype enum
METADATA = {"format": "pt", "made_by": "make_fixture.py", "torch": torch.__version__}


def raw_bytes(tensor):
    """The tensor's bytes, little-endian (bfloat16 has no numpy dtype, so it is reinterpreted as int16)."""
    bits = tensor.view(torch.int16) if tensor.dtype in (torch.bfloat16, torch.float16) else tensor
    array = bits.contiguous().numpy()
    return array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes()


def main():
    names = sorted(TENSORS, key=lambda n: (ALIGNMENT_ORDER.index(DTYPE_NAMES[TENSORS[n].dtype]), n))
    header = {"__metadata__": METADATA}
    data = b""
    for name in names:
        tensor = TENSORS[name]
        payload = raw_bytes(tensor)
        header[name] = {
            "dtype": DTYPE_NAMES[tensor.dtype],
            "shape": list(tensor.shape),
            "data_offsets": [len(data), len(data) + len(payload)],
        }
        data += payload
    # Python's default separators (", " and ": ") differ from the Java writer's compact JSON on purpose.
    header_bytes = json.dumps(header).encode("utf-8")
    header_bytes += b" " * (-len(header_bytes) % 8)
    (HERE / f"{STEM}.safetensors").write_bytes(struct.pack("<Q", len(header_bytes)) + header_bytes + data)

    expected = {
        "metadata": METADATA,
        "tensors": {
            name: {
                "dtype": DTYPE_NAMES[TENSORS[name].dtype],
                "shape": list(TENSORS[name].shape),
                "values": TENSORS[name].float().reshape(-1).tolist(),
            }
            for name in names
        },
    }
    # allow_nan=False: the expected values must stay plain JSON.
    (HERE / f"{STEM}.expected.json").write_text(json.dumps(expected, indent=2, allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
