import Foundation
import FuzzDriver
import TLIO

// The safetensors reader (header JSON, offsets, dtypes) on any bytes.
fuzz { bytes in _ = try? Safetensors.read(data: Data(bytes), name: "fuzz.safetensors") }
