import XCTest

@testable import TLConfig

final class ResolverTests: XCTestCase {
    func testExtendsDeepMergesMappingsAndReplacesLists() {
        let dir = temporaryFolder()
        writeFile(dir, "base.yaml", "name: base\nlr: 0.5\nnested: {depth: 4, flag: true}\nitems: [1, 2]\n")
        let child = writeFile(dir, "child.yaml", "extends: base.yaml\nname: child\nnested: {depth: 5}\nitems: [7]\n")
        let config = ConfigResolver.resolve(file: child, schema: testSchema)
        XCTAssertEqual(codes(config.diagnostics.items), [])
        XCTAssertEqual(config.root["name"]?.string, "child")
        XCTAssertEqual(config.root["lr"]?.double, 0.5)
        XCTAssertEqual(config.root["nested"]?["depth"]?.int, 5)
        XCTAssertEqual(config.root["nested"]?["flag"]?.bool, true)
        XCTAssertEqual(config.root["items"]?.items?.compactMap(\.int), [7])
        XCTAssertEqual(config.root["lr"]?.span.file, dir + "/base.yaml", "values keep the file that set them")
        XCTAssertEqual(config.files, [child, dir + "/base.yaml"])
    }

    func testExtendsCycleIsAnErrorAtTheExtendsValue() {
        let dir = temporaryFolder()
        writeFile(dir, "a.yaml", "extends: b.yaml\nname: a\n")
        writeFile(dir, "b.yaml", "name: b\nextends: a.yaml\n")
        let config = ConfigResolver.resolve(file: dir + "/a.yaml", schema: testSchema)
        XCTAssertEqual(codes(config.diagnostics.items), ["extends/cycle@2:10"])
        XCTAssertEqual(config.diagnostics.items[0].span.file, dir + "/b.yaml")
        XCTAssertTrue(config.diagnostics.items[0].message.contains("a.yaml → "), config.diagnostics.items[0].message)
    }

    func testExtendsOfAMissingFile() {
        let dir = temporaryFolder()
        let file = writeFile(dir, "a.yaml", "name: a\nextends: nowhere.yaml\n")
        let config = ConfigResolver.resolve(file: file, schema: testSchema)
        XCTAssertEqual(codes(config.diagnostics.items), ["extends/missing@2:10"])
    }

    func testAnEmptyOrNullExtendsIsReportedAtTheExtendsKey() {
        let dir = temporaryFolder()
        for value in ["''", "\"  \"", ""] {
            let file = writeFile(dir, "a.yaml", "name: a\nextends: \(value)\n")
            let config = ConfigResolver.resolve(file: file, schema: testSchema)
            let codes = codes(config.diagnostics.items)
            XCTAssertEqual(codes, [value.isEmpty ? "type/mismatch@2:1" : "extends/missing@2:1"], "extends: \(value)")
            XCTAssertFalse(
                config.diagnostics.items.contains { $0.message.contains("directory") }, "\(config.diagnostics.items)")
        }
    }

    func testExtendsOfAFIFOOrAFolderIsReportedAtTheExtendsValueWithoutOpeningIt() throws {
        let dir = temporaryFolder()
        XCTAssertEqual(mkfifo(dir + "/pipe.yaml", 0o600), 0)
        try FileManager.default.createDirectory(atPath: dir + "/folder.yaml", withIntermediateDirectories: true)
        for (target, kind) in [("pipe.yaml", "a FIFO"), ("folder.yaml", "a folder")] {
            let file = writeFile(dir, "a.yaml", "name: a\nextends: \(target)\n")
            let config = ConfigResolver.resolve(file: file, schema: testSchema)
            XCTAssertEqual(codes(config.diagnostics.items), ["extends/not-a-file@2:10"])
            let message = config.diagnostics.items.first?.message ?? ""
            XCTAssertTrue(
                message.contains(dir + "/" + target) && message.contains(kind)
                    && message.contains("not a regular file"), message)
        }
    }

    func testMissingPipelineFileNamesThePath() {
        let config = ConfigResolver.resolve(file: "/nonexistent/p.yaml", schema: testSchema)
        XCTAssertEqual(config.diagnostics.items.map(\.code), ["yaml/io"])
        XCTAssertTrue(config.diagnostics.items[0].message.contains("/nonexistent/p.yaml"))
    }

    func testOverridesAreTypedAndCheckedLikeTheFile() {
        let dir = temporaryFolder()
        let file = writeFile(dir, "p.yaml", "name: p\nitems: [1, 2]\n")
        let good = ConfigResolver.resolve(
            file: file, overrides: ["lr=0.01", "nested.flag=true", "items[1]=9"], schema: testSchema)
        XCTAssertEqual(codes(good.diagnostics.items), [])
        XCTAssertEqual(good.root["lr"]?.double, 0.01)
        XCTAssertEqual(good.root["nested"]?["flag"]?.bool, true)
        XCTAssertEqual(good.root["items"]?.items?.compactMap(\.int), [1, 9])
        XCTAssertEqual(good.root["lr"]?.span.file, "--set lr=0.01")

        let bad = ConfigResolver.resolve(
            file: file, overrides: ["lr=-2", "nested.flg=true", "items[5]=1", "novalue"], schema: testSchema)
        XCTAssertEqual(
            Set(bad.diagnostics.items.map(\.code)),
            ["value/out-of-range", "key/unknown", "override/unknown-key", "override/syntax"])
        let range = bad.diagnostics.items.first { $0.code == "value/out-of-range" }!
        XCTAssertEqual(range.span.file, "--set lr=-2")
        XCTAssertEqual(range.span.start.column, 4, "the column points at the value inside 'lr=-2'")
        let unknown = bad.diagnostics.items.first { $0.code == "key/unknown" }!
        XCTAssertEqual(unknown.hint, "did you mean 'flag'?")
    }

    func testMergeReplacesAMappingOfAnotherKind() {
        let base = try! YAMLReader.parse(text: "opt: {type: sgd, momentum: 0.9}\n", file: "b")
        let over = try! YAMLReader.parse(text: "opt: {type: adam}\n", file: "c")
        let merged = TreeMerge.merge(base, over)
        XCTAssertNil(merged["opt"]?["momentum"], "switching the optimizer type drops the old type's keys")
        let same = TreeMerge.merge(base, try! YAMLReader.parse(text: "opt: {type: sgd, lr: 1}\n", file: "c"))
        XCTAssertEqual(same["opt"]?["momentum"]?.double, 0.9)
    }

    func testConfigPathParsingAndPrinting() {
        XCTAssertEqual(ConfigPath(parsing: "head[1].out_features").description, "head[1].out_features")
        XCTAssertEqual(ConfigPath(parsing: "head.1.out_features"), ConfigPath(parsing: "head[1].out_features"))
        XCTAssertEqual(ConfigPath.root.key("a").index(2).key("b").description, "a[2].b")
    }

    func testExplainerNamesEveryOrigin() {
        let dir = temporaryFolder()
        let file = writeFile(dir, "p.yaml", "name: p\n")
        let config = ConfigResolver.resolve(file: file, overrides: ["opt=adam"], schema: testSchema)
        let entries = ConfigExplainer.entries(config.root)
        XCTAssertTrue(entries.contains(ConfigExplainer.Entry(path: "name", value: "p", origin: file + ":1:7")))
        XCTAssertTrue(entries.contains(ConfigExplainer.Entry(path: "opt", value: "adam", origin: "--set opt=adam")))
        XCTAssertTrue(entries.contains(ConfigExplainer.Entry(path: "nested.depth", value: "3", origin: "(default)")))
    }

    func testSuggestionsAreNearestFirstAndNotWild() {
        XCTAssertEqual(Suggestions.nearest(to: "optimiser", in: ["optimizer", "output", "dataset"]), ["optimizer"])
        XCTAssertNil(Suggestions.didYouMean("zzzzzz", in: ["optimizer", "dataset"]))
        XCTAssertEqual(Suggestions.distance("kitten", "sitting"), 3)
    }
}
