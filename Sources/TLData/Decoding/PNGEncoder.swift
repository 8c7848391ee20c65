import CZlibSystem

/// Writes PNG files of any colour type and bit depth (unfiltered rows, zlib-compressed).
public enum PNGEncoder {
    /// The PNG colour types.
    public enum ColorType: UInt8, Sendable {
        case gray = 0, rgb = 2, palette = 3, grayAlpha = 4, rgba = 6

        /// Samples per pixel.
        public var samples: Int {
            switch self {
            case .gray, .palette: return 1
            case .grayAlpha: return 2
            case .rgb: return 3
            case .rgba: return 4
            }
        }
    }

    /// Encodes an 8-bit gray or RGB `image`.
    public static func encode(_ image: Image) -> [UInt8] {
        encode(
            width: image.width, height: image.height, colorType: image.channels == 1 ? .gray : .rgb,
            bitDepth: 8, samples: image.pixels.map(Int.init))
    }

    /// Encodes `samples` (row by row, each already within the bit depth's range) with the given colour type.
    /// Depths below 8 are packed; `palette` holds RGB entries for `.palette`, `transparency` is written as a tRNS chunk.
    public static func encode(
        width: Int, height: Int, colorType: ColorType, bitDepth: Int, samples: [Int],
        palette: [UInt8] = [], transparency: [UInt8] = []
    ) -> [UInt8] {
        var rows: [UInt8] = []
        let perRow = width * colorType.samples
        for y in 0..<height {
            rows.append(0)
            rows += packedRow(Array(samples[(y * perRow)..<((y + 1) * perRow)]), bitDepth: bitDepth)
        }
        var out = PNGDecoder.signature
        var header: [UInt8] = []
        header += bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [UInt8(bitDepth), colorType.rawValue, 0, 0, 0]
        out += chunk("IHDR", header)
        if !palette.isEmpty { out += chunk("PLTE", palette) }
        if !transparency.isEmpty { out += chunk("tRNS", transparency) }
        out += chunk("IDAT", deflate(rows))
        out += chunk("IEND", [])
        return out
    }

    /// One row's samples packed at `bitDepth` bits each.
    private static func packedRow(_ values: [Int], bitDepth: Int) -> [UInt8] {
        switch bitDepth {
        case 16: return values.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        case 8: return values.map { UInt8($0) }
        default:
            let perByte = 8 / bitDepth
            var bytes = [UInt8](repeating: 0, count: (values.count + perByte - 1) / perByte)
            for (i, value) in values.enumerated() {
                bytes[i / perByte] |= UInt8(value) << UInt8(8 - bitDepth * (i % perByte + 1))
            }
            return bytes
        }
    }

    /// A chunk: length, type, data, CRC of type and data.
    private static func chunk(_ type: String, _ data: [UInt8]) -> [UInt8] {
        let typed = Array(type.utf8) + data
        let crc = typed.withUnsafeBufferPointer { UInt32(crc32(0, $0.baseAddress, UInt32($0.count))) }
        return bigEndian(UInt32(data.count)) + typed + bigEndian(crc)
    }

    /// `bytes` compressed as a zlib stream.
    private static func deflate(_ bytes: [UInt8]) -> [UInt8] {
        var size = compressBound(UInt(bytes.count))
        var out = [UInt8](repeating: 0, count: Int(size))
        let status = out.withUnsafeMutableBufferPointer { target in
            bytes.withUnsafeBufferPointer { compress2(target.baseAddress, &size, $0.baseAddress, UInt($0.count), 6) }
        }
        precondition(status == Z_OK, "zlib compress2 failed with a buffer from compressBound")
        return Array(out.prefix(Int(size)))
    }

    /// A 32-bit value in network byte order.
    private static func bigEndian(_ value: UInt32) -> [UInt8] {
        [UInt8(value >> 24), UInt8((value >> 16) & 0xFF), UInt8((value >> 8) & 0xFF), UInt8(value & 0xFF)]
    }
}
