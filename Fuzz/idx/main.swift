import FuzzDriver
import TLData

// IDX files, raw and gzip-compressed (the inflation budget from the header).
fuzz { bytes in _ = try? IDXFile(path: scratchFile("fuzz-idx3-ubyte", bytes)) }
