/// The order of bytes inside a stored multi-byte number.
enum ByteOrder: Sendable, Equatable {
    case little
    case big

    /// The byte order of the machine running this code.
    static var host: ByteOrder { 1.littleEndian == 1 ? .little : .big }
}
