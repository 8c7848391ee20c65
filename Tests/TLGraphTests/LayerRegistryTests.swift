import TLConfig
import XCTest
@testable import TLGraph

/// The registry is the one list of layer types: the schema, the factory and shape inference all follow it.
final class LayerRegistryTests: XCTestCase {
    func testEveryEntryTagIsUniqueAndInThePipelineSchema() throws {
        let tags = LayerRegistry.syntaxes.map { $0.tag }
        XCTAssertEqual(Set(tags).count, tags.count, "duplicate tags in \(tags)")
        guard case .array(.tagged(let key, let variants), _, _)? = PipelineValidator.schema.field("head")?.type else {
            return XCTFail("head is not a list of tagged layer entries")
        }
        XCTAssertEqual(key, "op")
        XCTAssertEqual(variants.map(\.tag), tags)
        XCTAssertTrue(LayerSchema.isLayerLanguage(variants))
    }

    func testEveryOperationKindIsUnique() {
        let kinds = [Conv2dOp(outChannels: 1, kernel: (1, 1)).kind, LinearOp(outFeatures: 1).kind, ReLUOp().kind,
                     LeakyReLUOp().kind, GELUOp().kind, SigmoidOp().kind, MaxPool2dOp(PoolWindow(kernel: (2, 2), stride: (2, 2))).kind,
                     AvgPool2dOp(PoolWindow(kernel: (2, 2), stride: (2, 2))).kind, AdaptiveAvgPool2dOp(height: 1, width: 1).kind,
                     GlobalAvgPoolOp().kind, BatchNormOp().kind, BatchNormOp(spatial: false).kind, DropoutOp().kind,
                     FlattenOp().kind, ResidualOp(body: [], shortcut: [], projectsWhenShapeChanges: false).kind]
        XCTAssertEqual(Set(kinds).count, kinds.count, "\(kinds)")
        XCTAssertEqual(Set(kinds).subtracting(["residual"]), Set(LayerRegistry.syntaxes.map { $0.tag }).subtracting(["basic_block"]))
    }

    func testEveryEntryBuildsTheLayerItNames() throws {
        for syntax in LayerRegistry.syntaxes {
            let required = syntax.schema.fields.filter(\.required).map { ", \($0.name): 2" }.joined()
            let spec = try entry("{op: \(syntax.tag)\(required)}")
            let layer = try XCTUnwrap(LayerFactory.layer(spec, defaultName: "x", classes: 3))
            XCTAssertEqual(layer.name, "x")
            XCTAssertEqual(layer.op.kind, syntax.tag == "basic_block" ? "residual" : syntax.tag)
            XCTAssertEqual(layer.origin, spec.path, syntax.tag)
        }
        XCTAssertNil(LayerFactory.layer(try entry("{op: conv3d}"), defaultName: "x", classes: 3))
        XCTAssertEqual((LayerFactory.layer(try entry("{op: linear, out_features: classes, name: fc}"), defaultName: "x", classes: 7)?
            .op as? LinearOp)?.outFeatures, 7)
    }

    private func entry(_ text: String) throws -> OpSpec {
        try XCTUnwrap(OpSpec(node: try YAMLReader.parse(text: text, file: "entry.yaml"), path: ConfigPath(parsing: "head[0]")))
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
        let result = ShapeInference.run([Layer("s", ScaleOp()), Layer("f", FlattenOp()), Layer("t", ScaleOp())], input: .image(3, 4, 4))
        XCTAssertEqual(result.inferred.map(\.layer.op.kind), ["scale", "flatten"])
        XCTAssertEqual(result.inferred[0].macs, 48)
        XCTAssertEqual(result.layers[0].ownParameters, [ParameterInfo(name: "s.weight", shape: [3], initial: .ones)])
        XCTAssertEqual(result.problems.map(\.code), ["shape/rank"])
        XCTAssertEqual(result.problems.first?.message, "scale 't' needs an N×C×H×W input but gets N×48")
        XCTAssertNil(result.output)
    }
}
