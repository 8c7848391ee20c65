import TLFiles

extension WeightsFileError {
    /// Throws `notARegularFile` when `path` names a folder, a FIFO, a device or another non-regular file, before anything
    /// opens it (a FIFO would wait for a writer, a device would never end).
    static func refuseIrregularFile(_ path: String) throws {
        if let kind = RegularFile.irregularKind(at: path) {
            throw WeightsFileError.notARegularFile(file: path, kind: kind.phrase)
        }
    }
}
