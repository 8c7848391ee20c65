import FuzzDriver
import TLConfig
import TLData

// CSV manifests: rows, quoting, labels and the files they name, through the data set index.
fuzz { bytes in
    let list = scratchFile("list.csv", bytes)
    let spec = scratchFile(
        "data.yaml", Array("dataset:\n  type: csv\n  path: \(list)\n  on_error: skip\n  max_bad_fraction: 1\n".utf8))
    guard let read = try? DatasetFile.read(file: spec) else { return }
    _ = try? DatasetIndex(spec: read.spec, seed: read.seed)
}
