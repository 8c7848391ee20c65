import FuzzDriver
import TLIO

// torch.save files: the zip reader and the restricted unpickler, through the public weights reader.
fuzz { bytes in _ = try? WeightsFile.read(path: scratchFile("fuzz.pth", bytes)) }
