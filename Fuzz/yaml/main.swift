import FuzzDriver
import TLConfig

// The YAML loader and the pipeline validator's first stages on any file content.
fuzz { bytes in
    let path = scratchFile("pipeline.yaml", bytes)
    _ = try? YAMLReader.parse(file: path)
    _ = ConfigResolver.resolve(file: path, schema: PipelineSchema.pipeline(modelNames: ["seed-cnn"], layers: [], dataset: .any))
}
