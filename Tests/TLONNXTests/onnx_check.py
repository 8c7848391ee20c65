"""Checks an ONNX model with onnx's full checker and runs it with ONNX Runtime (used by ONNXExportTests).

Usage: onnx_check.py MODEL INPUT OUTPUT BATCH C H W
INPUT holds BATCHxCxHxW little-endian float32 values; OUTPUT receives the model's first output the same way,
preceded by nothing. Exits 1 with the checker's message when the model is not valid.
"""
import sys

import numpy as np
import onnx
import onnxruntime

model_path, input_path, output_path = sys.argv[1:4]
shape = [int(value) for value in sys.argv[4:]]
model = onnx.load(model_path)
onnx.checker.check_model(model, full_check=True)
session = onnxruntime.InferenceSession(model_path, providers=["CPUExecutionProvider"])
inputs = np.fromfile(input_path, dtype="<f4").reshape(shape)
outputs = session.run(None, {session.get_inputs()[0].name: inputs})[0]
outputs.astype("<f4").tofile(output_path)
