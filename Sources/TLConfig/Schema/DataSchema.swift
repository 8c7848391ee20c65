/// The dataset section: kinds of data, class selection, splits, transforms and augmentation.
public enum DataSchema {
    static let split = ObjectSchema(
        "How one split is drawn. Give at most one of the selection keys.",
        [
            SchemaField(
                "source", .enumeration(["train", "val", "test"]),
                doc: "Take the data set's own split of that name (IDX test files, a `test/` folder, `test_path`)."),
            SchemaField("per_class", .integer(min: 1), doc: "Seeded stratified draw of this many images per class."),
            SchemaField("limit", .integer(min: 1), doc: "Seeded stratified draw of this many images in total."),
            SchemaField(
                "fraction", .number(NumberRange(min: 0, minExclusive: true, max: 1, maxExclusive: true)),
                doc: "Seeded stratified fraction of the training pool."),
            SchemaField(
                "last_per_class", .integer(min: 1),
                doc: "The last N images of every class, in file order (e.g. a sheet's last rows)."),
        ])

    /// The keys every kind of data set has, with the transform and augmentation entries given.
    static func common(
        transforms: [(tag: String, schema: ObjectSchema)], augmentations: [(tag: String, schema: ObjectSchema)]
    ) -> [SchemaField] {
        [
            SchemaField(
                "classes", .oneOf([.integer(min: 1), .array(.oneOf([.integer(min: 0), .string()]), minItems: 1)]),
                doc: "A class count, or the classes to use (names or indices), relabelled 0..k-1 in the order given."),
            SchemaField(
                "train", .object(split), doc: "How the training split is drawn (default: the whole training pool)."),
            SchemaField("val", .object(split), doc: "The validation split (default: none)."),
            SchemaField("test", .object(split), doc: "The test split (default: none)."),
            SchemaField(
                "transforms", .array(.tagged(key: "op", variants: transforms)),
                default: .list([]), doc: "Deterministic transforms, applied to every split in order."),
            SchemaField(
                "augment", .array(.tagged(key: "op", variants: augmentations)),
                default: .list([]), doc: "Random augmentation, training split only, after the transforms."),
            DataKeys.onError.field, DataKeys.maxBadFraction.field, DataKeys.seed.field, DataKeys.maxImagePixels.field,
        ]
    }

    /// The dataset kinds with their own keys, then the common ones with the transform and augmentation entries given.
    public static func variants(
        transforms: [(tag: String, schema: ObjectSchema)],
        augmentations: [(tag: String, schema: ObjectSchema)]
    ) -> [(tag: String, schema: ObjectSchema)] {
        let common = common(transforms: transforms, augmentations: augmentations)
        return [
            (
                "folder",
                ObjectSchema(
                    "One sub-folder per class (ImageFolder layout) of PNG and JPEG files.",
                    [
                        DataKeys.path.field, DataKeys.channels.field, DataKeys.size.field,
                        SchemaField("val_path", .string(), doc: "A separate folder for the `val` source."),
                        SchemaField("test_path", .string(), doc: "A separate folder for the `test` source."),
                    ] + common)
            ),
            (
                "csv",
                ObjectSchema(
                    "A manifest of `path,label` rows with a header; paths relative to the manifest.",
                    [
                        DataKeys.path.field, DataKeys.channels.field, DataKeys.size.field,
                        SchemaField("val_path", .string(), doc: "A separate manifest for the `val` source."),
                        SchemaField("test_path", .string(), doc: "A separate manifest for the `test` source."),
                    ] + common)
            ),
            (
                "idx",
                ObjectSchema(
                    "MNIST-family IDX files (`train-images-idx3-ubyte[.gz]`, `t10k-...`) in a folder.",
                    [
                        DataKeys.path.field,
                        SchemaField(
                            "class_names", .array(.string(), minItems: 1),
                            doc: "Names of the label values (Fashion-MNIST's are known)."),
                    ] + common)
            ),
            (
                "sheet",
                ObjectSchema(
                    "One image cut into equal tiles; tile rows are split evenly between the classes.",
                    [
                        DataKeys.path.field, DataKeys.tile.field, DataKeys.tilePad.field,
                    ] + common)
            ),
            (
                "synthetic",
                ObjectSchema(
                    "A built-in deterministic generator that needs no files.",
                    [
                        DataKeys.family.field, DataKeys.images.field, DataKeys.testImages.field,
                        DataKeys.syntheticSize.field,
                        DataKeys.syntheticChannels.field,
                    ] + common)
            ),
        ]
    }

    /// The dataset section with the transform and augmentation entries given (`TransformRegistry.datasetSchema`).
    public static func dataset(
        transforms: [(tag: String, schema: ObjectSchema)],
        augmentations: [(tag: String, schema: ObjectSchema)]
    ) -> SchemaType {
        .tagged(key: "type", variants: variants(transforms: transforms, augmentations: augmentations))
    }
}
