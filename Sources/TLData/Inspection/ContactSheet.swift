import TLTransforms

/// A grid of sample images, one row per class, each row labelled with its class index and a colour bar.
public enum ContactSheet {
    /// The sheet for `split`: up to `perClass` seeded samples per class, each shown at `cell` pixels square.
    public static func make(split: DatasetSplit, classCount: Int, perClass: Int = 10, cell: Int = 48, seed: Int = 0)
        throws -> Image
    {
        let gap = 4, labelWidth = 40
        var random = SeededGenerator(seed: UInt64(bitPattern: Int64(seed)), RandomStream.sheetPreview.rawValue)
        var rows = [[Int]](repeating: [], count: classCount)
        for position in random.shuffled(Array(split.samples.indices))
        where rows[split.samples[position].label].count < perClass {
            rows[split.samples[position].label].append(position)
        }
        var sheet = Image(
            width: labelWidth + perClass * (cell + gap) + gap, height: classCount * (cell + gap) + gap, channels: 3)
        for y in 0..<sheet.height { for x in 0..<sheet.width { for c in 0..<3 { sheet[y, x, c] = 40 } } }
        for (label, positions) in rows.enumerated() {
            let top = gap + label * (cell + gap)
            let color = barColor(label, of: classCount)
            for y in top..<(top + cell) { for x in 0..<6 { for c in 0..<3 { sheet[y, x, c] = color[c] } } }
            DigitFont.draw(label, into: &sheet, top: top + (cell - 15) / 2, left: 10, scale: 3, color: [255, 255, 255])
            for (column, position) in positions.enumerated() {
                let image = try split.image(at: position).converted(toChannels: 3)
                let left = labelWidth + gap + column * (cell + gap)
                let scale = max(image.width, image.height)
                for y in 0..<cell {
                    for x in 0..<cell {
                        let sy = y * scale / cell, sx = x * scale / cell
                        guard sy < image.height, sx < image.width else { continue }
                        for c in 0..<3 { sheet[top + y, left + x, c] = image[sy, sx, c] }
                    }
                }
            }
        }
        return sheet
    }

    /// A distinct colour per class.
    private static func barColor(_ label: Int, of count: Int) -> [UInt8] {
        let hue = Double(label) / Double(max(1, count))
        return (0..<3).map { c in
            let k = (hue * 6 + Double(4 - 2 * c)).truncatingRemainder(dividingBy: 6)
            return UInt8(255 * (1 - max(0, min(1, min(k, 4 - k)))))
        }
    }
}
