import FuzzDriver
import TLConfig

/// The pipeline schema with one layer type that takes any settings (the layer types themselves live above TLConfig).
let schema = PipelineSchema.pipeline(
    modelNames: ["seed-cnn"],
    layers: [("linear", ObjectSchema("Any layer.", [], otherKeys: (.any, "Its settings.")))],
    dataset: .any)

// The YAML loader and the pipeline validator's first stages on any file content.
fuzz { bytes in
    let path = scratchFile("pipeline.yaml", bytes)
    _ = try? YAMLReader.parse(file: path)
    _ = ConfigResolver.resolve(file: path, schema: schema)
}
