/// A safetensors header as JSON: tensor entries by name plus optional `__metadata__`.
struct SafetensorsHeaderJSON: Decodable {
    var tensors: [String: SafetensorsTensorJSON] = [:]
    var metadata: [String: String] = [:]

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: HeaderKey.self)
        for key in container.allKeys {
            if key.stringValue == "__metadata__" {
                metadata = try container.decode([String: String].self, forKey: key)
            } else {
                tensors[key.stringValue] = try container.decode(SafetensorsTensorJSON.self, forKey: key)
            }
        }
    }

    /// Any key of the header object.
    private struct HeaderKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// One tensor entry as written in the header, before validation.
struct SafetensorsTensorJSON: Decodable {
    var dtype: String
    var shape: [Int]
    var dataOffsets: [Int]

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        dtype = try container.decode(String.self, forKey: .dtype)
        shape = try container.decode([HeaderInteger].self, forKey: .shape).map(\.value)
        dataOffsets = try container.decode([HeaderInteger].self, forKey: .dataOffsets).map(\.value)
    }

    private enum CodingKeys: String, CodingKey {
        case dtype, shape
        case dataOffsets = "data_offsets"
    }
}

/// A header number that must be an integer within `Int`'s range (reported clearly when it is not).
private struct HeaderInteger: Decodable {
    var value: Int

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let integer = try? container.decode(Int.self) {
            value = integer
        } else if let number = try? container.decode(Double.self) {
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "\(number) is not an integer within 64-bit range")
        } else {
            value = try container.decode(Int.self)
        }
    }
}
