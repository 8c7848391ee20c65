import Foundation
import TLConfig
import TLTransforms

/// Reads a YAML file holding a `dataset:` section (and optionally `seed:` and `name:`) into a `DatasetSpec`.
public enum DatasetFile {
    /// The schema of such a file: the pipeline's dataset section with its seed and name.
    public static let schema = ObjectSchema(
        "A file with a dataset section.",
        [
            SchemaField("dataset", TransformRegistry.datasetSchema, required: true, doc: "The data set."),
            SchemaField("seed", .integer(min: 0), default: .scalar(.int(0)), doc: "Seed of draws and generated data."),
            SchemaField("name", .string(), doc: "A name for reports."),
        ])

    /// The dataset, seed and name of `file`; throws the file's first error (with its line) when it does not check.
    public static func read(file: String) throws -> (spec: DatasetSpec, seed: Int, name: String) {
        let config = ConfigResolver.resolve(file: file, schema: schema)
        if let problem = config.diagnostics.sorted.first(where: { $0.severity == .error }) {
            throw DataError.datasetFile(
                location: "\(problem.span.file):\(problem.span.start.line):\(problem.span.start.column)",
                key: problem.path, message: problem.message, hint: problem.hint)
        }
        let pipeline = Pipeline(config)
        let name =
            config.root["name"]?.string ?? ((file as NSString).lastPathComponent as NSString).deletingPathExtension
        return (pipeline.dataset, pipeline.seed, name)
    }
}
