import TLFiles

/// Throws `DataError.unusableFile` when `path` names a folder, a FIFO, a device or another non-regular file, before
/// anything opens it (a FIFO would wait for a writer).
func refuseIrregularFile(_ path: String) throws {
    if let kind = RegularFile.irregularKind(at: path) {
        throw DataError.unusableFile(path: path, reason: "this is \(kind.phrase), not a regular file")
    }
}
