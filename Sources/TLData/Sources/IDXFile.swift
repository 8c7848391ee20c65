import Foundation

/// An MNIST-family IDX file of unsigned bytes: its dimensions and data, checked against its header.
public struct IDXFile: Sendable {
    /// The sizes the header declares (e.g. [60000, 28, 28] for images, [60000] for labels).
    public var dimensions: [Int]
    /// The data, exactly the product of the dimensions.
    public var bytes: [UInt8]

    /// Reads a raw or gzip-compressed IDX file.
    public init(path: String) throws {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError(file: path, problem: "the file does not exist or cannot be read", fix: "check the data set path")
        }
        let raw = [UInt8](data)
        try self.init(bytes: Gzip.isCompressed(raw) ? Gzip.inflate(raw, file: path) : raw, file: path)
    }

    /// Parses uncompressed IDX content; `file` names the source in errors.
    public init(bytes content: [UInt8], file: String) throws {
        let fix = "download the file again; it is not a valid IDX file"
        guard content.count >= 4, content[0] == 0, content[1] == 0 else {
            throw DataError(file: file, problem: "bad IDX magic number (expected 00 00 08 nn)", fix: fix)
        }
        guard content[2] == 0x08 else {
            throw DataError(file: file, problem: "IDX element type 0x\(String(content[2], radix: 16)) is not unsigned byte (0x08)",
                            fix: "only unsigned-byte IDX files are supported")
        }
        let rank = Int(content[3])
        guard (1...4).contains(rank), content.count >= 4 + 4 * rank else {
            throw DataError(file: file, problem: "IDX header declares \(rank) dimensions but the file is too short for them", fix: fix)
        }
        var dimensions: [Int] = []
        var expected = 1
        for d in 0..<rank {
            let at = 4 + 4 * d
            let size = content[at..<(at + 4)].reduce(0) { $0 << 8 | Int($1) }
            dimensions.append(size)
            expected = expected.multipliedReportingOverflow(by: size).overflow ? Int.max : expected * size
        }
        let header = 4 + 4 * rank
        let actual = content.count - header
        guard actual == expected else {
            throw DataError(file: file, problem: "the header lies about its size: it declares \(dimensions.map(String.init).joined(separator: "x")) = \(expected) bytes of data, the file has \(actual)",
                            fix: fix)
        }
        self.dimensions = dimensions
        self.bytes = Array(content[header...])
    }
}
