/// The luminance weights of ITU-R BT.601 (as PIL's `convert("L")`).
public enum Luminance {
    public static let red: Float = 0.299
    public static let green: Float = 0.587
    public static let blue: Float = 0.114

    /// The rounded luminance of one 8-bit RGB pixel.
    public static func of(_ r: UInt8, _ g: UInt8, _ b: UInt8) -> UInt8 {
        UInt8(min(255, (red * Float(r) + green * Float(g) + blue * Float(b)).rounded()))
    }
}
