import CZlibSystem

/// Inflates gzip (or zlib) streams through zlib.
enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The inflated content of `bytes`; stops with an error past `limit` bytes of output.
    static func inflate(_ bytes: [UInt8], file: String, limit: Int = 1 << 31) throws -> [UInt8] {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError(file: file, problem: "zlib could not start", fix: "check the zlib installation")
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        var status = Z_OK
        try bytes.withUnsafeBufferPointer { input in
            stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress)
            stream.avail_in = UInt32(input.count)
            repeat {
                let produced = chunk.withUnsafeMutableBufferPointer { buffer -> Int in
                    stream.next_out = buffer.baseAddress
                    stream.avail_out = UInt32(buffer.count)
                    status = CZlibSystem.inflate(&stream, Z_NO_FLUSH)
                    return buffer.count - Int(stream.avail_out)
                }
                output += chunk.prefix(produced)
                if output.count > limit {
                    throw DataError(file: file, problem: "inflates to more than \(limit) bytes", fix: "check that the file is the intended data")
                }
            } while status == Z_OK && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        guard status == Z_STREAM_END else {
            let reason = status == Z_OK || status == Z_BUF_ERROR ? "the compressed data ends early (truncated file)" : "the compressed data is corrupt"
            throw DataError(file: file, problem: reason, fix: "download or copy the file again")
        }
        return output
    }
}
