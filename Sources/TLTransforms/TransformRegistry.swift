import TLConfig

/// Every transform and augmentation type, in the order the pipeline reference documents them; the schema, the
/// static check and the data loader read these lists instead of switching over `op` names.
public enum TransformRegistry {
    /// Deterministic transforms (`dataset.transforms`), applied to every split.
    public static let transforms: [any ImageTransform.Type] = [
        PadTransform.self, ResizeTransform.self, CenterCropTransform.self, GrayscaleTransform.self, RGBTransform.self,
        NormalizeTransform.self,
    ]

    /// Random augmentation (`dataset.augment`), training split only.
    public static let augmentations: [any ImageTransform.Type] = [
        RandomCropAugmentation.self, RandomResizedCropAugmentation.self, HorizontalFlipAugmentation.self,
        RotateAugmentation.self,
        ColorJitterAugmentation.self,
    ]

    /// The schema variants of `transforms`.
    public static var transformVariants: [(tag: String, schema: ObjectSchema)] {
        transforms.map { ($0.tag, $0.schema) }
    }

    /// The schema variants of `augmentations`.
    public static var augmentationVariants: [(tag: String, schema: ObjectSchema)] {
        augmentations.map { ($0.tag, $0.schema) }
    }

    /// The dataset section's schema with these transforms and augmentations.
    public static var datasetSchema: SchemaType {
        DataSchema.dataset(transforms: transformVariants, augmentations: augmentationVariants)
    }

    /// The step an entry describes; nil for an `op` no list has (the schema check reports it).
    public static func step(_ spec: OpSpec) -> (any ImageTransform)? {
        (transforms + augmentations).first { $0.tag == spec.op }.map { $0.init(spec) }
    }
}
