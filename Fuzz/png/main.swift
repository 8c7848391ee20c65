import FuzzDriver
import TLData

// The PNG decoder (libpng) within the default pixel budget.
fuzz { bytes in _ = try? PNGDecoder.decode(bytes, file: "fuzz.png") }
