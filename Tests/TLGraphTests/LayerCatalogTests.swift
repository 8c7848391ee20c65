import TLConfig
import TLLayerCatalog
import XCTest

@testable import TLGraph

/// The catalog is the one list of layer types: the schema, the factory and shape inference all follow it, and every
/// layer the zoo builds is of a registered type (the compiler checks that a registered type has every view).
final class LayerCatalogTests: XCTestCase {
    private let language = LayerCatalog.language

    func testEveryEntryTagIsUniqueAndInThePipelineSchema() throws {
        let tags = language.syntaxes.map { $0.tag }
        XCTAssertEqual(Set(tags).count, tags.count, "duplicate tags in \(tags)")
        guard case .array(.tagged(let key, let variants), _, _)? = PipelineValidator.standard.schema.field("head")?.type
        else {
            return XCTFail("head is not a list of tagged layer entries")
        }
        XCTAssertEqual(key, "op")
        XCTAssertEqual(variants.map(\.tag), tags)
        XCTAssertTrue(LayerSchema.isLayerLanguage(variants))
    }

    func testEveryOperationTypeIsRegisteredOnceAndEveryEntryBuildsItsOwnType() throws {
        let operations = language.operations.map { "\($0)" }
        XCTAssertEqual(Set(operations).count, operations.count, "a layer type registered twice: \(operations.sorted())")
        for entry in language.entries {
            for syntax in entry.syntaxes {
                let layer = try XCTUnwrap(language.layer(try minimalEntry(syntax), defaultName: "x", classes: 3))
                XCTAssertTrue(
                    type(of: layer.op) == entry.operation,
                    "'\(syntax.tag)' builds \(type(of: layer.op)), registered as \(entry.operation)")
            }
        }
    }

    func testEveryZooLayerIsOfARegisteredType() {
        for model in ModelZoo.models {
            for layer in model.build(model.defaultClasses).flatMap(\.flattened) {
                XCTAssertTrue(
                    language.operations.contains { $0 == type(of: layer.op) },
                    "\(model.name) layer '\(layer.name)' is a \(type(of: layer.op)), which Sources/TLLayerCatalog does not register"
                )
            }
        }
    }

    func testEveryOperationKindIsUniqueAndTheTagOfItsEntry() throws {
        var kinds: [String: String] = [:]
        for syntax in language.syntaxes {
            let kind = try XCTUnwrap(language.layer(try minimalEntry(syntax), defaultName: "x", classes: 3)).op.kind
            XCTAssertNil(kinds[kind], "'\(syntax.tag)' and '\(kinds[kind] ?? "")' both make layers of kind \(kind)")
            kinds[kind] = syntax.tag
            XCTAssertEqual(kind, syntax.tag == "basic_block" ? "residual" : syntax.tag)
        }
    }

    func testEveryEntryBuildsTheLayerItNames() throws {
        for syntax in language.syntaxes {
            let spec = try minimalEntry(syntax)
            let layer = try XCTUnwrap(language.layer(spec, defaultName: "x", classes: 3))
            XCTAssertEqual(layer.name, "x")
            XCTAssertEqual(layer.op.kind, syntax.tag == "basic_block" ? "residual" : syntax.tag)
            XCTAssertEqual(layer.origin, spec.path, syntax.tag)
        }
        XCTAssertNil(language.layer(try entry("{op: conv3d}"), defaultName: "x", classes: 3))
        XCTAssertEqual(
            (language.layer(try entry("{op: linear, out_features: classes, name: fc}"), defaultName: "x", classes: 7)?
                .op as? LinearOp)?.outFeatures, 7)
    }

    /// The entry with every required key set to 2.
    private func minimalEntry(_ syntax: any LayerSyntax.Type) throws -> OpSpec {
        let required = syntax.schema.fields.filter(\.required).map { ", \($0.name): 2" }.joined()
        return try entry("{op: \(syntax.tag)\(required)}")
    }

    private func entry(_ text: String) throws -> OpSpec {
        try XCTUnwrap(
            OpSpec(node: try YAMLReader.parse(text: text, file: "entry.yaml"), path: ConfigPath(parsing: "head[0]")))
    }

    /// A layer type defined outside the registry's files takes part in shape inference, parameters and the summary
    /// through the protocol alone.
    func testANewLayerTypeNeedsNoSwitchElsewhere() {
        struct ScaleOp: LayerOperation {
            var channels: Int?
            var kind: String { "scale" }
            mutating func inferShape(_ step: ShapeStep, _ inference: inout ShapeInference) -> TensorShape? {
                guard inference.needsImage(step) else { return nil }
                channels = step.input.dims[0]
                return inference.record(step, self, output: step.input, macs: step.input.elementCount)
            }
            func parameters(named name: String) -> [ParameterInfo] {
                [ParameterInfo(name: name + ".weight", shape: [channels ?? 0], initial: .ones)]
            }
        }
        let result = ShapeInference.run(
            [Layer("s", ScaleOp()), Layer("f", FlattenOp()), Layer("t", ScaleOp())], input: .image(3, 4, 4))
        XCTAssertEqual(result.inferred.map(\.layer.op.kind), ["scale", "flatten"])
        XCTAssertEqual(result.inferred[0].macs, 48)
        XCTAssertEqual(result.layers[0].ownParameters, [ParameterInfo(name: "s.weight", shape: [3], initial: .ones)])
        XCTAssertEqual(result.problems.map(\.code), ["shape/rank"])
        XCTAssertEqual(result.problems.first?.message, "scale 't' needs an N×C×H×W input but gets N×48")
        XCTAssertNil(result.output)
    }
}
