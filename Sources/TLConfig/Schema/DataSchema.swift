/// The dataset section: kinds of data, class selection, splits, transforms and augmentation.
public enum DataSchema {
    static let split = ObjectSchema("How one split is drawn. Give at most one of the selection keys.", [
        SchemaField("source", .enumeration(["train", "val", "test"]),
                    doc: "Take the data set's own split of that name (IDX test files, a `test/` folder, `test_path`)."),
        SchemaField("per_class", .integer(min: 1), doc: "Seeded stratified draw of this many images per class."),
        SchemaField("limit", .integer(min: 1), doc: "Seeded stratified draw of this many images in total."),
        SchemaField("fraction", .number(NumberRange(min: 0, minExclusive: true, max: 1, maxExclusive: true)),
                    doc: "Seeded stratified fraction of the training pool."),
        SchemaField("last_per_class", .integer(min: 1), doc: "The last N images of every class, in file order (e.g. a sheet's last rows)."),
    ])

    static let transformVariants: [(tag: String, schema: ObjectSchema)] = [
        ("pad", ObjectSchema("Pad every side with zeros.", [
            SchemaField("padding", .integer(min: 1), required: true, doc: "Pixels added on each side."),
        ])),
        ("resize", ObjectSchema("Bilinear resize (antialiased when shrinking).", [
            SchemaField("size", LayerSchema.pair, required: true, doc: "Output height and width."),
        ])),
        ("center_crop", ObjectSchema("Crop the centre.", [
            SchemaField("size", LayerSchema.pair, required: true, doc: "Output height and width."),
        ])),
        ("grayscale", ObjectSchema("Convert to luminance.", [
            SchemaField("channels", .integer(min: 1, max: 3), default: .scalar(.int(1)), doc: "1, or 3 to repeat the luminance."),
        ])),
        ("rgb", ObjectSchema("Convert to three colour channels.", [])),
        ("normalize", ObjectSchema("Per-channel normalisation after scaling pixels to [0, 1].", [
            SchemaField("preset", .enumeration(["imagenet", "computed"]), doc: "`imagenet` statistics, or `computed` from the training split."),
            SchemaField("mean", .array(.number(.any), minItems: 1, maxItems: 3), doc: "Per-channel mean."),
            SchemaField("std", .array(.number(.positive), minItems: 1, maxItems: 3), doc: "Per-channel standard deviation."),
        ])),
    ]

    static let augmentVariants: [(tag: String, schema: ObjectSchema)] = [
        ("random_crop", ObjectSchema("Random crop after zero padding.", [
            SchemaField("size", LayerSchema.pair, required: true, doc: "Output height and width."),
            SchemaField("padding", .integer(min: 0), default: .scalar(.int(0)), doc: "Padding added before cropping."),
        ])),
        ("random_resized_crop", ObjectSchema("Random area/aspect crop resized to a fixed size.", [
            SchemaField("size", LayerSchema.pair, required: true, doc: "Output height and width."),
            SchemaField("scale", .array(.number(NumberRange(min: 0, minExclusive: true, max: 1)), minItems: 2, maxItems: 2),
                        default: .list([.double(0.08), .double(1.0)]), doc: "Range of the crop's area fraction."),
            SchemaField("ratio", .array(.number(.positive), minItems: 2, maxItems: 2),
                        default: .list([.double(0.75), .double(1.3333333333333333)]), doc: "Range of the crop's aspect ratio."),
        ])),
        ("hflip", ObjectSchema("Random horizontal flip.", [
            SchemaField("p", .number(.unit), default: .scalar(.double(0.5)), doc: "Flip probability."),
        ])),
        ("rotate", ObjectSchema("Random rotation in [-degrees, degrees].", [
            SchemaField("degrees", .number(NumberRange(min: 0, max: 180)), required: true, doc: "Largest rotation."),
        ])),
        ("color_jitter", ObjectSchema("Random brightness and contrast.", [
            SchemaField("brightness", .number(.unit), default: .scalar(.double(0)), doc: "Largest relative brightness change."),
            SchemaField("contrast", .number(.unit), default: .scalar(.double(0)), doc: "Largest relative contrast change."),
        ])),
    ]

    static let common: [SchemaField] = [
        SchemaField("classes", .oneOf([.integer(min: 1), .array(.oneOf([.integer(min: 0), .string()]), minItems: 1)]),
                    doc: "A class count, or the classes to use (names or indices), relabelled 0..k-1 in the order given."),
        SchemaField("train", .object(split), doc: "How the training split is drawn (default: the whole training pool)."),
        SchemaField("val", .object(split), doc: "The validation split (default: none)."),
        SchemaField("test", .object(split), doc: "The test split (default: none)."),
        SchemaField("transforms", .array(.tagged(key: "op", variants: transformVariants)),
                    default: .list([]), doc: "Deterministic transforms, applied to every split in order."),
        SchemaField("augment", .array(.tagged(key: "op", variants: augmentVariants)),
                    default: .list([]), doc: "Random augmentation, training split only, after the transforms."),
        DataKeys.onError.field, DataKeys.maxBadFraction.field, DataKeys.seed.field, DataKeys.maxImagePixels.field,
    ]


    /// The dataset kinds with their own keys.
    public static let variants: [(tag: String, schema: ObjectSchema)] = [
        ("folder", ObjectSchema("One sub-folder per class (ImageFolder layout) of PNG and JPEG files.", [
            DataKeys.path.field, DataKeys.channels.field, DataKeys.size.field,
            SchemaField("val_path", .string(), doc: "A separate folder for the `val` source."),
            SchemaField("test_path", .string(), doc: "A separate folder for the `test` source."),
        ] + common)),
        ("csv", ObjectSchema("A manifest of `path,label` rows with a header; paths relative to the manifest.", [
            DataKeys.path.field, DataKeys.channels.field, DataKeys.size.field,
            SchemaField("val_path", .string(), doc: "A separate manifest for the `val` source."),
            SchemaField("test_path", .string(), doc: "A separate manifest for the `test` source."),
        ] + common)),
        ("idx", ObjectSchema("MNIST-family IDX files (`train-images-idx3-ubyte[.gz]`, `t10k-...`) in a folder.", [
            DataKeys.path.field,
            SchemaField("class_names", .array(.string(), minItems: 1), doc: "Names of the label values (Fashion-MNIST's are known)."),
        ] + common)),
        ("sheet", ObjectSchema("One image cut into equal tiles; tile rows are split evenly between the classes.", [
            DataKeys.path.field, DataKeys.tile.field, DataKeys.tilePad.field,
        ] + common)),
        ("synthetic", ObjectSchema("A built-in deterministic generator that needs no files.", [
            DataKeys.family.field, DataKeys.images.field, DataKeys.testImages.field, DataKeys.syntheticSize.field,
            DataKeys.syntheticChannels.field,
        ] + common)),
    ]

    /// The dataset section.
    public static let dataset: SchemaType = .tagged(key: "type", variants: variants)
}
