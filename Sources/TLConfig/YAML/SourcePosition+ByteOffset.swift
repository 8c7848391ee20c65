extension SourcePosition {
    /// The 1-based line and column (in Unicode scalars) of a byte offset into UTF-8 text; a leading byte-order mark takes no column.
    init(byteOffset: Int, in bytes: UnsafeBufferPointer<UInt8>) {
        let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = bytes.starts(with: byteOrderMark) ? byteOrderMark.count : 0
        var line = 1
        var column = 1
        var index = start
        while index < min(byteOffset, bytes.count) {
            let byte = bytes[index]
            let isCarriageReturnBeforeNewline =
                byte == UInt8(ascii: "\r") && index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\n")
            if byte == UInt8(ascii: "\n") || (byte == UInt8(ascii: "\r") && !isCarriageReturnBeforeNewline) {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 && !isCarriageReturnBeforeNewline {
                column += 1
            }
            index += 1
        }
        self.init(line: line, column: column)
    }
}
