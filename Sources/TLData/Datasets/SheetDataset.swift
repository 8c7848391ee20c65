/// Cuts one image into equal tiles; tile rows are split evenly between the classes, tiles read row by row.
enum SheetDataset {
    /// The tiles of the sheet at `path`, each padded by `pad` zeros, as `classCount` classes.
    static func read(path: String, tile: (height: Int, width: Int), pad: Int, classCount: Int, budget: PixelBudget)
        throws -> StoredDataset
    {
        let sheet = try ImageDecoder.decodeFile(path, budget: budget).converted(toChannels: 1)
        return try cut(sheet, file: path, tile: tile, pad: pad, classCount: classCount)
    }

    /// The tiles of `sheet` as a data set.
    static func cut(_ sheet: Image, file: String, tile: (height: Int, width: Int), pad: Int, classCount: Int) throws
        -> StoredDataset
    {
        guard sheet.width % tile.width == 0, sheet.height % tile.height == 0 else {
            throw DataError.sheetNotTiled(
                path: file, width: sheet.width, height: sheet.height, tileWidth: tile.width, tileHeight: tile.height)
        }
        let rows = sheet.height / tile.height, columns = sheet.width / tile.width
        guard classCount > 0, rows % classCount == 0 else {
            throw DataError.sheetRowsUneven(path: file, rows: rows, classes: classCount)
        }
        let rowsPerClass = rows / classCount
        let outHeight = tile.height + 2 * pad, outWidth = tile.width + 2 * pad
        var pixels = [UInt8](repeating: 0, count: rows * columns * outHeight * outWidth)
        var samples: [Sample] = []
        for row in 0..<rows {
            for column in 0..<columns {
                let item = row * columns + column
                let base = item * outHeight * outWidth
                for y in 0..<tile.height {
                    for x in 0..<tile.width {
                        pixels[base + (y + pad) * outWidth + x + pad] =
                            sheet[row * tile.height + y, column * tile.width + x, 0]
                    }
                }
                samples.append(Sample(location: "\(file)#r\(row)c\(column)", item: item, label: row / rowsPerClass))
            }
        }
        let source = PackedImageSource(width: outWidth, height: outHeight, channels: 1, pixels: pixels)
        return StoredDataset(
            classNames: (0..<classCount).map(String.init), train: SamplePool(samples: samples, source: source))
    }
}
