import FuzzDriver
import TLData

// The JPEG decoder (libjpeg-turbo on its own thread) within the default pixel budget.
fuzz { bytes in _ = try? JPEGDecoder.decode(bytes, file: "fuzz.jpg") }
