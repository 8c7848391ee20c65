import Foundation
import TLFiles

/// An MNIST-family IDX file of unsigned bytes: its dimensions and data, checked against its header.
public struct IDXFile: Sendable {
    /// The sizes the header declares (e.g. [60000, 28, 28] for images, [60000] for labels).
    public var dimensions: [Int]
    /// The data, exactly the product of the dimensions.
    public var bytes: [UInt8]

    /// Reads a raw or gzip-compressed IDX file whose items (images) have at most `budget` pixels each and whose data
    /// fits `memory`. A compressed file is inflated only as far as its header declares: its header is read first and checked.
    public init(path: String, budget: PixelBudget = .standard, memory: MemoryBudget = .standard) throws {
        try refuseIrregularFile(path)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DataError.missingIDXFile(path: path)
        }
        let raw = [UInt8](data)
        guard Gzip.isCompressed(raw) else {
            try self.init(bytes: raw, file: path, budget: budget)
            return
        }
        let declared = try Self.header(
            Gzip.inflatedPrefix(raw, file: path, count: 4 + 4 * 4), file: path, budget: budget)
        let (size, overflow) = declared.headerBytes.addingReportingOverflow(declared.dataBytes)
        guard !overflow, declared.dataBytes < Int.max else {
            throw DataError.idxSizeOverflow(path: path, dimensions: declared.dimensions)
        }
        guard memory.allows(size) else {
            throw DataError.overMemoryBudget(
                path: path,
                what: "the \(declared.dimensions.map(String.init).joined(separator: "x")) data its header declares",
                bytes: size, budget: memory.bytes)
        }
        let content = try Gzip.inflate(
            raw, file: path, limit: size,
            excess: "the data inflates to more than the \(declared.dataBytes) bytes "
                + "its header declares (\(declared.dimensions.map(String.init).joined(separator: "x")))")
        try self.init(bytes: content, file: path, budget: budget)
    }

    /// Parses uncompressed IDX content whose items have at most `budget` pixels each; `file` names the source in errors.
    public init(bytes content: [UInt8], file: String, budget: PixelBudget = .standard) throws {
        let declared = try Self.header(content, file: file, budget: budget)
        let actual = content.count - declared.headerBytes
        guard actual == declared.dataBytes else {
            throw DataError.idxSizeMismatch(
                path: file, dimensions: declared.dimensions, declaredBytes: declared.dataBytes, actualBytes: actual)
        }
        dimensions = declared.dimensions
        bytes = Array(content[declared.headerBytes...])
    }

    private static let fix = "download the file again; it is not a valid IDX file"

    /// The dimensions, header length and data length the start of `content` declares; an item (the dimensions after
    /// the first: one image) larger than `budget` is refused here, before any data is read.
    private static func header(_ content: [UInt8], file: String, budget: PixelBudget) throws
        -> (dimensions: [Int], headerBytes: Int, dataBytes: Int)
    {
        guard content.count >= 4, content[0] == 0, content[1] == 0 else {
            throw DataError.idxMagic(path: file)
        }
        guard content[2] == 0x08 else {
            throw DataError.idxElementType(path: file, type: content[2])
        }
        let rank = Int(content[3])
        guard (1...4).contains(rank), content.count >= 4 + 4 * rank else {
            throw DataError.idxShortHeader(path: file, rank: rank)
        }
        let dimensions = (0..<rank).map { d in content[(4 + 4 * d)..<(8 + 4 * d)].reduce(0) { $0 << 8 | Int($1) } }
        func product(_ sizes: ArraySlice<Int>) -> Int {
            sizes.reduce(1) { $0.multipliedReportingOverflow(by: $1).overflow ? Int.max : $0 * $1 }
        }
        if rank >= 3, let problem = budget.problem(width: product(dimensions[2...]), height: dimensions[1], file: file)
        {
            throw problem
        }
        return (dimensions, 4 + 4 * rank, product(dimensions[...]))
    }
}
