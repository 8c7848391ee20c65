import Foundation

/// The heat map of `RunCharts.confusionMatrix`, sized to the number of classes.
struct ConfusionMatrixChart {
    private static let longestName = 24
    /// Counts smaller than this font size are left out of the cells.
    private static let smallestCountSize = 7.0

    private let counts: [[Int]]
    private let names: [String]
    private let title: String
    private let cell: Double
    private let labelSize: Double
    private let countSize: Double?
    /// Estimated width of the longest class name.
    private let nameWidth: Double

    /// How the names under the columns are turned so that neighbours do not overlap.
    private enum ColumnNameAngle {
        case level, diagonal, upright
    }

    private var columnNameAngle: ColumnNameAngle {
        if nameWidth <= cell - 6 { return .level }
        return cell * 0.71 >= labelSize * 1.2 ? .diagonal : .upright
    }

    /// Ragged input is padded to a square: missing counts are 0 (as are negative ones), missing names the index.
    init(counts rawCounts: [[Int]], classNames: [String], title: String) {
        let classCount = max(classNames.count, rawCounts.count, rawCounts.map(\.count).max() ?? 0)
        counts = (0..<classCount).map { row in
            (0..<classCount).map { column in
                row < rawCounts.count && column < rawCounts[row].count ? max(0, rawCounts[row][column]) : 0
            }
        }
        names = (0..<classCount).map { index in
            let name = index < classNames.count ? classNames[index] : String(index)
            return name.count > Self.longestName ? String(name.prefix(Self.longestName - 1)) + "…" : name
        }
        self.title = title
        let cell = min(60, max(10, 600 / Double(max(classCount, 1))))
        let labelSize = min(13, max(7, cell * 0.7))
        let widestCount = Double(counts.joined().map { String($0).count }.max() ?? 1)
        let fittingSize = min(14, cell * 0.34, (cell - 6) / (0.62 * widestCount))
        countSize = fittingSize >= Self.smallestCountSize ? fittingSize : nil
        nameWidth = names.map { Self.textWidth($0, size: labelSize) }.max() ?? 0
        self.cell = cell
        self.labelSize = labelSize
    }

    func render() -> String {
        let headingWidth = max(Self.textWidth(title, size: 16), Self.textWidth(subtitle, size: 11)) + 40
        guard !names.isEmpty else {
            var canvas = SVGCanvas(width: max(headingWidth, 240), height: 76)
            canvas.text(title, x: canvas.width / 2, y: 26, size: 16, anchor: .middle, bold: true)
            canvas.text(
                "no classes to show", x: canvas.width / 2, y: 56, size: 13, anchor: .middle,
                fill: ChartPalette.muted)
            return canvas.render()
        }
        let matrixSize = cell * Double(names.count)
        let (columnNameDepth, columnNameOverhang) =
            switch columnNameAngle {
            case .level: (labelSize + 6, 0.0)
            case .diagonal: (nameWidth * 0.71 + labelSize, nameWidth * 0.71 - cell / 2)
            case .upright: (nameWidth + 6, 0.0)
            }
        let left = max(40 + nameWidth + 8, columnNameOverhang + 12)
        let top = 70.0
        let bottom = top + matrixSize
        let contentWidth = left + matrixSize + 10 + Self.textWidth("accuracy", size: labelSize) + 16
        let height = bottom + 8 + columnNameDepth + 30

        var canvas = SVGCanvas(width: max(contentWidth, headingWidth), height: height)
        drawHeading(on: &canvas)
        canvas.group("cells") { cells in
            for (row, rowCounts) in counts.enumerated() {
                for column in rowCounts.indices {
                    cells.rect(
                        x: left + Double(column) * cell, y: top + Double(row) * cell, width: cell, height: cell,
                        fill: HeatShade.colour(share(row: row, column: column)), stroke: "#d9d9d9",
                        strokeWidth: 0.5)
                }
            }
        }
        canvas.rect(x: left, y: top, width: matrixSize, height: matrixSize, fill: "none", stroke: ChartPalette.axis)
        if let countSize {
            canvas.group("counts") { texts in
                for (row, rowCounts) in counts.enumerated() {
                    for (column, count) in rowCounts.enumerated() {
                        let ink = HeatShade.isDark(share(row: row, column: column)) ? "#ffffff" : ChartPalette.ink
                        texts.text(
                            String(count), x: left + (Double(column) + 0.5) * cell,
                            y: top + (Double(row) + 0.5) * cell + countSize * 0.36, size: countSize,
                            anchor: .middle, fill: ink)
                    }
                }
            }
        }
        drawClassNames(left: left, top: top, bottom: bottom, on: &canvas)
        drawRowAccuracy(x: left + matrixSize + 10, top: top, on: &canvas)
        canvas.text("true class", x: 20, y: top + matrixSize / 2, size: 13, anchor: .middle, bold: true, rotation: -90)
        canvas.text(
            "predicted class", x: left + matrixSize / 2, y: bottom + 8 + columnNameDepth + 18, size: 13,
            anchor: .middle, bold: true)
        return canvas.render()
    }

    /// The overall accuracy and what the shading means.
    private var subtitle: String {
        let total = counts.joined().reduce(0, +)
        let correct = counts.indices.reduce(0) { $0 + counts[$1][$1] }
        let overall = total > 0 ? "accuracy \(Self.percent(correct, of: total)) on \(total) images · " : ""
        return overall + "shade: share of the true class"
    }

    private func drawHeading(on canvas: inout SVGCanvas) {
        canvas.text(title, x: canvas.width / 2, y: 26, size: 16, anchor: .middle, bold: true)
        canvas.text(subtitle, x: canvas.width / 2, y: 46, size: 11, anchor: .middle, fill: ChartPalette.muted)
    }

    private func drawClassNames(left: Double, top: Double, bottom: Double, on canvas: inout SVGCanvas) {
        canvas.group("class-names") { labels in
            for (index, name) in names.enumerated() {
                let centre = (Double(index) + 0.5) * cell
                labels.text(name, x: left - 6, y: top + centre + labelSize * 0.36, size: labelSize, anchor: .end)
                switch columnNameAngle {
                case .level:
                    labels.text(name, x: left + centre, y: bottom + 6 + labelSize, size: labelSize, anchor: .middle)
                case .diagonal:
                    labels.text(
                        name, x: left + centre + labelSize * 0.25, y: bottom + 8 + labelSize * 0.25,
                        size: labelSize, anchor: .end, rotation: -45)
                case .upright:
                    labels.text(
                        name, x: left + centre + labelSize * 0.36, y: bottom + 6, size: labelSize,
                        anchor: .end, rotation: -90)
                }
            }
        }
    }

    /// Each row's diagonal count over its total, under an "accuracy" heading; a dash for a class never seen.
    private func drawRowAccuracy(x: Double, top: Double, on canvas: inout SVGCanvas) {
        canvas.text("accuracy", x: x, y: top - 6, size: labelSize, fill: ChartPalette.muted)
        canvas.group("row-accuracy") { texts in
            for (row, rowCounts) in counts.enumerated() {
                let total = rowCounts.reduce(0, +)
                texts.text(
                    total > 0 ? Self.percent(rowCounts[row], of: total) : "–",
                    x: x, y: top + (Double(row) + 0.5) * cell + labelSize * 0.36, size: labelSize)
            }
        }
    }

    private func share(row: Int, column: Int) -> Double {
        let total = counts[row].reduce(0, +)
        return total > 0 ? Double(counts[row][column]) / Double(total) : 0
    }

    private static func percent(_ part: Int, of whole: Int) -> String {
        String(format: "%.1f%%", 100 * Double(part) / Double(whole))
    }

    /// Rough width of `text` in a sans-serif font; wide enough for layout, not for typesetting.
    private static func textWidth(_ text: String, size: Double) -> Double {
        Double(text.count) * size * 0.6
    }
}
