import CZlibSystem

/// Inflates gzip (or zlib) streams through zlib.
package enum Gzip {
    /// Whether `bytes` start with the gzip magic number.
    static func isCompressed(_ bytes: [UInt8]) -> Bool {
        bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
    }

    /// The inflated content of `bytes`; stops with an error past `limit` bytes of output (`excess` says what that
    /// means for the file at hand).
    package static func inflate(
        _ bytes: [UInt8], file: String, limit: Int = 1 << 31,
        excess: String? = nil
    ) throws -> [UInt8] {
        let (output, complete) = try inflate(bytes, file: file, stoppingAfter: limit == .max ? limit : limit + 1)
        if output.count > limit {
            throw DataError.inflatesTooFar(path: file, limit: limit, detail: excess)
        }
        guard complete else {
            throw DataError.truncatedCompression(path: file)
        }
        return output
    }

    /// The first `count` inflated bytes of `bytes` (fewer when the content is shorter), inflating no further.
    static func inflatedPrefix(_ bytes: [UInt8], file: String, count: Int) throws -> [UInt8] {
        Array(try inflate(bytes, file: file, stoppingAfter: count).output.prefix(count))
    }

    /// Inflates until the stream ends or at least `stoppingAfter` bytes came out; whether the stream ended.
    private static func inflate(_ bytes: [UInt8], file: String, stoppingAfter wanted: Int) throws -> (
        output: [UInt8], complete: Bool
    ) {
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw DataError.zlibUnavailable(path: file)
        }
        defer { inflateEnd(&stream) }
        var output: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: min(1 << 20, max(wanted, 1)))
        var status = Z_OK
        bytes.withUnsafeBufferPointer { input in
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
            } while status == Z_OK && output.count < wanted && (stream.avail_in > 0 || stream.avail_out == 0)
        }
        if status == Z_STREAM_END || output.count >= wanted { return (output, status == Z_STREAM_END) }
        guard status == Z_OK || status == Z_BUF_ERROR else {
            throw DataError.corruptCompression(path: file)
        }
        return (output, false)
    }
}
