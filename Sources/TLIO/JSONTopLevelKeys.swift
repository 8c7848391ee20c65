import Foundation

/// The keys of a JSON object's top level, in the order written, duplicates included (JSON decoders keep one of
/// two equal keys silently, and readers disagree on which: safetensors' own keeps the last).
enum JSONTopLevelKeys {
    /// The top-level keys of `data`, or nil as soon as there are more than `limit` (the rest is not read). For a valid
    /// JSON object they are its keys; other text gives a list that means nothing, so decode the data too.
    static func keys(_ data: Data, atMost limit: Int = .max) -> [String]? {
        data.withUnsafeBytes { bytes -> [String]? in
            var keys: [String] = []
            var depth = 0, index = 0, expectingKey = false
            while index < bytes.count {
                let byte = bytes[index]
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    depth += 1
                    expectingKey = depth == 1 && byte == UInt8(ascii: "{")
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                case UInt8(ascii: ","):
                    expectingKey = depth == 1
                case UInt8(ascii: "\""):
                    var end = index + 1, escaped = false
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\"") {
                        if bytes[end] == UInt8(ascii: "\\") { escaped = true; end += 1 }
                        end += 1
                    }
                    if expectingKey, end < bytes.count {
                        if keys.count == limit { return nil }
                        let literal = UnsafeRawBufferPointer(rebasing: bytes[index...end])
                        if !escaped {
                            keys.append(String(decoding: literal.dropFirst().dropLast(), as: UTF8.self))
                        } else if let key = try? JSONDecoder().decode(String.self, from: Data(literal)) {
                            keys.append(key)
                        }
                    }
                    expectingKey = false
                    index = end
                default:
                    break
                }
                index += 1
            }
            return keys
        }
    }

    /// The first of `keys` that was already written before, if any.
    static func firstDuplicate(_ keys: [String]) -> String? {
        var seen = Set<String>()
        return keys.first { !seen.insert($0).inserted }
    }
}
