/// A 3×5 bitmap font of the digits 0–9, for labelling contact-sheet rows.
enum DigitFont {
    /// Rows of each glyph, top to bottom, 3 bits each (leftmost pixel is the high bit).
    private static let glyphs: [[UInt8]] = [
        [7, 5, 5, 5, 7], [2, 6, 2, 2, 7], [7, 1, 7, 4, 7], [7, 1, 7, 1, 7], [5, 5, 7, 1, 1],
        [7, 4, 7, 1, 7], [7, 4, 7, 5, 7], [7, 1, 1, 2, 2], [7, 5, 7, 5, 7], [7, 5, 7, 1, 7],
    ]

    /// Draws `number` into `image` at (top, left), each font pixel a `scale`×`scale` square of `color`.
    static func draw(_ number: Int, into image: inout Image, top: Int, left: Int, scale: Int, color: [UInt8]) {
        for (index, character) in String(number).enumerated() {
            guard let digit = character.wholeNumberValue else { continue }
            for (row, bits) in glyphs[digit].enumerated() {
                for column in 0..<3 where bits & (4 >> UInt8(column)) != 0 {
                    for dy in 0..<scale {
                        for dx in 0..<scale {
                            let y = top + row * scale + dy, x = left + (index * 4 + column) * scale + dx
                            guard y < image.height, x < image.width else { continue }
                            for c in 0..<image.channels { image[y, x, c] = color[c] }
                        }
                    }
                }
            }
        }
    }
}
