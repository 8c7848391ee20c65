import Foundation
import XCTest

@testable import TLRunner

#if canImport(FoundationXML)
    import FoundationXML
#endif

final class RunChartsTests: XCTestCase {
    // MARK: - Helpers

    /// The root `<svg>` element of `svg`, failing the test when it is not well-formed XML.
    private func parse(_ svg: String, file: StaticString = #filePath, line: UInt = #line) throws -> XMLElement {
        let document = try XMLDocument(xmlString: svg, options: [])
        let root = try XCTUnwrap(document.rootElement(), file: file, line: line)
        XCTAssertEqual(root.localName, "svg", file: file, line: line)
        return root
    }

    /// Every element named `name` at or below `element`, in document order.
    private func descendants(_ name: String, of element: XMLElement) -> [XMLElement] {
        let children = (element.children ?? []).compactMap { $0 as? XMLElement }
        return (element.localName == name ? [element] : []) + children.flatMap { descendants(name, of: $0) }
    }

    /// The `<g>` elements of class `className`.
    private func groups(_ className: String, in root: XMLElement) -> [XMLElement] {
        descendants("g", of: root).filter { attribute("class", of: $0) == className }
    }

    private func texts(in element: XMLElement) -> [String] {
        descendants("text", of: element).map { $0.stringValue ?? "" }
    }

    /// Looked up by hand: on Linux `attribute(forName:)` finds nothing on elements in the SVG namespace.
    private func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    /// The numbers written left of a panel's y axis (the only right-aligned texts in it).
    private func valueTicks(in panel: XMLElement) -> [Double] {
        descendants("text", of: panel).filter { attribute("text-anchor", of: $0) == "end" }
            .compactMap { $0.stringValue.flatMap(Double.init) }
    }

    private func pointCount(of polyline: XMLElement) -> Int {
        (attribute("points", of: polyline) ?? "").split(separator: " ").count
    }

    private func counts(classes: Int, perClass: Int) -> [[Int]] {
        (0..<classes).map { row in
            (0..<classes).map { column in column == row ? perClass - (classes - 1) : 1 }
        }
    }

    private func run(epochs: Int, validation: Bool) -> [CurvePoint] {
        (1...epochs).map { epoch in
            let decay = 1 / Double(epoch)
            return CurvePoint(
                epoch: epoch, trainLoss: 0.3 + decay, trainAccuracy: 0.95 - 0.5 * decay,
                validationLoss: validation ? 0.4 + decay : nil,
                validationAccuracy: validation ? 0.9 - 0.5 * decay : nil)
        }
    }

    // MARK: - Confusion matrix

    func testFiveClassMatrixHasACellACountAndTwoNamesPerClass() throws {
        let matrix = counts(classes: 5, perClass: 20)
        let root = try parse(RunCharts.confusionMatrix(matrix, classNames: ["a", "b", "c", "d", "e"], title: "val"))

        XCTAssertEqual(groups("cells", in: root).flatMap { descendants("rect", of: $0) }.count, 25)
        XCTAssertEqual(groups("counts", in: root).flatMap(texts), matrix.joined().map(String.init))
        XCTAssertEqual(groups("class-names", in: root).flatMap(texts), ["a", "b", "c", "d", "e"].flatMap { [$0, $0] })
        XCTAssertTrue(texts(in: root).contains("val"))
        XCTAssertTrue(texts(in: root).contains("true class"))
        XCTAssertTrue(texts(in: root).contains("predicted class"))
    }

    func testTenClassMatrixTurnsLongColumnNamesDiagonally() throws {
        let names = ["airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse", "ship", "truck"]
        let root = try parse(
            RunCharts.confusionMatrix(
                counts(classes: 10, perClass: 100), classNames: names,
                title: "test"))

        XCTAssertEqual(groups("cells", in: root).flatMap { descendants("rect", of: $0) }.count, 100)
        XCTAssertEqual(groups("counts", in: root).flatMap(texts).count, 100)
        let columnNames = groups("class-names", in: root).flatMap { descendants("text", of: $0) }
            .filter { attribute("transform", of: $0) != nil }
        XCTAssertEqual(columnNames.map { $0.stringValue ?? "" }, names)
        XCTAssertTrue(columnNames.allSatisfy { attribute("transform", of: $0)?.hasPrefix("rotate(-45 ") == true })
    }

    func testHundredClassMatrixDropsCountsButKeepsCellsNamesAndAccuracy() throws {
        let names = (0..<100).map { "class_\($0)" }
        let root = try parse(
            RunCharts.confusionMatrix(
                counts(classes: 100, perClass: 120), classNames: names,
                title: "many"))

        XCTAssertEqual(groups("cells", in: root).flatMap { descendants("rect", of: $0) }.count, 10_000)
        XCTAssertTrue(groups("counts", in: root).isEmpty)
        XCTAssertEqual(groups("class-names", in: root).flatMap(texts).count, 200)
        XCTAssertEqual(groups("row-accuracy", in: root).flatMap(texts).count, 100)
    }

    func testClassNamesAndTitleAreEscaped() throws {
        let svg = RunCharts.confusionMatrix(
            [[3, 1], [0, 4]], classNames: ["A&B <x>", "it's \"q\""],
            title: "R&D <test>")
        let root = try parse(svg)

        XCTAssertTrue(svg.contains("A&amp;B &lt;x&gt;"))
        XCTAssertTrue(svg.contains("it&apos;s &quot;q&quot;"))
        XCTAssertTrue(svg.contains("R&amp;D &lt;test&gt;"))
        XCTAssertFalse(svg.contains("<x>"))
        XCTAssertEqual(
            groups("class-names", in: root).flatMap(texts),
            ["A&B <x>", "A&B <x>", "it's \"q\"", "it's \"q\""])
        XCTAssertTrue(texts(in: root).contains("R&D <test>"))
    }

    func testRowAccuracyIsTheDiagonalShareOfEachRow() throws {
        let root = try parse(
            RunCharts.confusionMatrix(
                [[8, 2, 0], [1, 1, 2], [0, 0, 0]], classNames: ["x", "y", "z"],
                title: "t"))

        XCTAssertEqual(groups("row-accuracy", in: root).flatMap(texts), ["80.0%", "25.0%", "–"])
        XCTAssertTrue(texts(in: root).contains { $0.hasPrefix("accuracy 64.3% on 14 images") })
    }

    func testCountsOnDarkCellsAreWhiteAndOnLightCellsDark() throws {
        let root = try parse(RunCharts.confusionMatrix([[9, 1], [1, 9]], classNames: ["p", "q"], title: "t"))
        let counts = groups("counts", in: root).flatMap { descendants("text", of: $0) }
        let cells = groups("cells", in: root).flatMap { descendants("rect", of: $0) }

        XCTAssertEqual(counts.map { attribute("fill", of: $0) }, ["#ffffff", "#222222", "#222222", "#ffffff"])
        XCTAssertEqual(attribute("fill", of: cells[0]), HeatShade.colour(0.9))
        XCTAssertEqual(attribute("fill", of: cells[1]), HeatShade.colour(0.1))
        XCTAssertEqual(HeatShade.colour(0), "#ffffff")
        XCTAssertEqual(HeatShade.colour(1), "#08306b")
    }

    func testMissingCountsAndNamesAreFilledIn() throws {
        let root = try parse(RunCharts.confusionMatrix([[2], [1, 3, 1]], classNames: ["only"], title: "ragged"))

        XCTAssertEqual(groups("cells", in: root).flatMap { descendants("rect", of: $0) }.count, 9)
        XCTAssertEqual(groups("counts", in: root).flatMap(texts), ["2", "0", "0", "1", "3", "1", "0", "0", "0"])
        XCTAssertEqual(groups("class-names", in: root).flatMap(texts), ["only", "only", "1", "1", "2", "2"])
    }

    func testMatrixWithoutClassesSaysSo() throws {
        let root = try parse(RunCharts.confusionMatrix([], classNames: [], title: "empty"))

        XCTAssertEqual(texts(in: root), ["empty", "no classes to show"])
    }

    // MARK: - Training curves

    func testCurvesHaveTwoPanelsWithTrainAndValidationLines() throws {
        let root = try parse(RunCharts.trainingCurves(run(epochs: 15, validation: true)))
        let panels = groups("panel", in: root)

        XCTAssertEqual(panels.count, 2)
        for panel in panels {
            let lines = descendants("polyline", of: panel)
            XCTAssertEqual(lines.map(pointCount), [15, 15])
            XCTAssertEqual(lines.map { attribute("stroke", of: $0) }, ["#1f77b4", "#e6550d"])
            XCTAssertTrue(texts(in: panel).contains("epoch"))
            XCTAssertTrue(texts(in: panel).contains("14"))
        }
        XCTAssertEqual(texts(in: panels[0]).first, "Loss")
        XCTAssertTrue(texts(in: panels[0]).contains("loss"))
        XCTAssertTrue(texts(in: panels[1]).contains("Accuracy"))
        XCTAssertTrue(texts(in: panels[1]).contains("accuracy"))
        XCTAssertEqual(groups("legend", in: root).flatMap(texts), ["train", "validation"])
    }

    func testTickLabelsAreRoundNumbers() throws {
        let root = try parse(RunCharts.trainingCurves(run(epochs: 15, validation: true)))
        let lossPanel = try XCTUnwrap(groups("panel", in: root).first)
        let numbers = valueTicks(in: lossPanel)

        XCTAssertGreaterThanOrEqual(numbers.count, 4)
        XCTAssertTrue(numbers.contains(0.5))
        XCTAssertTrue(numbers.allSatisfy { ($0 * 10).rounded() == $0 * 10 }, "\(numbers)")
    }

    func testSingleEpochIsDrawnAsMarkers() throws {
        let root = try parse(RunCharts.trainingCurves(run(epochs: 1, validation: true)))

        for panel in groups("panel", in: root) {
            XCTAssertTrue(descendants("polyline", of: panel).isEmpty)
            XCTAssertEqual(descendants("circle", of: panel).map { attribute("fill", of: $0) }, ["#1f77b4", "#e6550d"])
            XCTAssertTrue(texts(in: panel).contains("1"))
        }
    }

    func testRunWithoutValidationDrawsOnlyTraining() throws {
        let svg = RunCharts.trainingCurves(run(epochs: 6, validation: false))
        let root = try parse(svg)

        XCTAssertEqual(groups("legend", in: root).flatMap(texts), ["train"])
        for panel in groups("panel", in: root) {
            XCTAssertEqual(descendants("polyline", of: panel).map(pointCount), [6])
        }
        XCTAssertFalse(svg.contains("#e6550d"))
    }

    func testNonFiniteValuesAreSkippedAndBreakTheLine() throws {
        var epochs = run(epochs: 15, validation: true)
        epochs[4].trainLoss = .nan
        epochs[9].validationAccuracy = .infinity
        epochs[0].validationLoss = -.infinity
        let svg = RunCharts.trainingCurves(epochs)
        let panels = groups("panel", in: try parse(svg))

        XCTAssertNil(svg.range(of: "nan", options: .caseInsensitive))
        XCTAssertNil(svg.range(of: "inf", options: .caseInsensitive))
        XCTAssertEqual(descendants("polyline", of: panels[0]).map(pointCount), [4, 10, 14])
        XCTAssertEqual(descendants("polyline", of: panels[1]).map(pointCount), [15, 9, 5])
    }

    func testAllNaNOrNoEpochsStillGiveAxes() throws {
        let nan = [CurvePoint(epoch: 1, trainLoss: .nan, trainAccuracy: .nan)]
        for epochs in [nan, []] {
            let svg = RunCharts.trainingCurves(epochs)
            let panels = groups("panel", in: try parse(svg))

            XCTAssertEqual(panels.map { texts(in: $0).filter { $0 == "no data" }.count }, [1, 1])
            XCTAssertNil(svg.range(of: "nan", options: .caseInsensitive))
        }
    }

    func testConstantSeriesGetADistinctRangeWithinBounds() throws {
        let flat = (1...4).map {
            CurvePoint(
                epoch: $0, trainLoss: 0.5, trainAccuracy: 1, validationLoss: 0.5,
                validationAccuracy: 1)
        }
        let panels = groups("panel", in: try parse(RunCharts.trainingCurves(flat)))
        let accuracyTicks = valueTicks(in: panels[1])

        XCTAssertEqual(accuracyTicks.max(), 1)
        XCTAssertEqual(Set(accuracyTicks).count, accuracyTicks.count)
        XCTAssertEqual(descendants("polyline", of: panels[0]).map(pointCount), [4, 4])
    }

    // MARK: - Building blocks

    func testAxisScaleChoosesRoundTicksAroundTheData() {
        let loss = AxisScale(covering: [0.27, 1.67, .nan])
        XCTAssertEqual(loss.ticks, [0, 0.5, 1, 1.5, 2])
        XCTAssertEqual(loss.ticks.map(loss.label), ["0.0", "0.5", "1.0", "1.5", "2.0"])

        let narrow = AxisScale(covering: [1.2, 1.3])
        XCTAssertEqual(narrow.lower, 1.2, accuracy: 1e-12)
        XCTAssertEqual(narrow.upper, 1.3, accuracy: 1e-12)

        let constant = AxisScale(covering: [1, 1], within: 0...1)
        XCTAssertEqual(constant.upper, 1)
        XCTAssertLessThan(constant.lower, 1)

        let epochs = AxisScale(integersFrom: 1, to: 15)
        XCTAssertEqual(epochs.ticks, [2, 4, 6, 8, 10, 12, 14])
        XCTAssertEqual(AxisScale(integersFrom: 3, to: 3).ticks, [3])
    }

    func testCanvasEscapesTheFiveXMLCharacters() {
        XCTAssertEqual(SVGCanvas.escape("a&b<c>d\"e'f"), "a&amp;b&lt;c&gt;d&quot;e&apos;f")
        XCTAssertEqual(SVGCanvas.number(2.5), "2.5")
        XCTAssertEqual(SVGCanvas.number(-0.001), "0")
        XCTAssertEqual(SVGCanvas.number(3.14159), "3.14")
    }
}
