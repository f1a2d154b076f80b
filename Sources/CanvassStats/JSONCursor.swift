import Foundation

/// Where a response's JSON is malformed, as a byte offset into it.
struct ScanError: Error {
    let offset: Int
    let message: String
}

/// A forward-only reader of JSON text in memory that never builds a value it is not asked for.
///
/// Aggregating a million responses must not make a dictionary per response: the aggregator walks each object
/// with this cursor, looks keys up as bytes, reads the few values it counts and skips the rest.
struct JSONCursor {
    let base: UnsafePointer<UInt8>
    let end: Int
    var position: Int

    init(_ base: UnsafePointer<UInt8>, count: Int) {
        self.base = base
        self.end = count
        self.position = 0
    }

    /// The next byte that is not white space (0 at the end).
    mutating func peek() -> UInt8 {
        while position < end {
            let byte = base[position]
            if byte != 0x20 && byte != 0x0A && byte != 0x0D && byte != 0x09 { return byte }
            position += 1
        }
        return 0
    }

    func failure(_ message: String) -> ScanError { ScanError(offset: position, message: message) }

    /// Consumes `byte` after white space, or fails.
    mutating func expect(_ byte: UInt8, _ what: String) throws(ScanError) {
        guard peek() == byte else { throw failure("expected \(what)") }
        position += 1
    }

    /// Consumes `byte` after white space if it is next.
    mutating func consume(_ byte: UInt8) -> Bool {
        guard peek() == byte else { return false }
        position += 1
        return true
    }

    /// A string's raw bytes (between the quotes) and whether they hold escapes; the cursor is after it.
    ///
    /// Eight bytes at a time while none is a quote, a backslash or a control character (SWAR), then byte by byte.
    mutating func string() throws(ScanError) -> (start: Int, count: Int, escaped: Bool) {
        try expect(0x22, "a string")
        let start = position
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        let raw = UnsafeRawPointer(base)
        while position + 8 <= end {
            let word = raw.loadUnaligned(fromByteOffset: position, as: UInt64.self)
            let quote = word ^ (ones &* 0x22)
            let backslash = word ^ (ones &* 0x5C)
            let special =
                ((word &- ones &* 0x20) & ~word) | ((quote &- ones) & ~quote) | ((backslash &- ones) & ~backslash)
            if special & highs != 0 { break }
            position += 8
        }
        var escaped = false
        while position < end {
            let byte = base[position]
            if byte == 0x22 {
                position += 1
                return (start, position - 1 - start, escaped)
            }
            if byte == 0x5C {
                escaped = true
                position += 2
                continue
            }
            if byte < 0x20 { throw failure("a control character in a string") }
            position += 1
        }
        throw failure("a string that does not end")
    }

    /// The UTF-8 bytes a string's raw text stands for, escapes decoded.
    func unescaped(start: Int, count: Int) throws(ScanError) -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(count)
        var i = start
        let stop = start + count
        func hex(_ at: Int) throws(ScanError) -> UInt32 {
            guard at + 4 <= stop else { throw ScanError(offset: at, message: "a short \\u escape") }
            var value: UInt32 = 0
            for k in 0..<4 {
                let byte = base[at + k]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: throw ScanError(offset: at + k, message: "a bad \\u escape")
                }
                value = value << 4 | digit
            }
            return value
        }
        while i < stop {
            let byte = base[i]
            guard byte == 0x5C, i + 1 < stop else {
                bytes.append(byte)
                i += 1
                continue
            }
            let kind = base[i + 1]
            i += 2
            switch kind {
            case 0x22, 0x5C, 0x2F: bytes.append(kind)
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x75:
                var scalar = try hex(i)
                i += 4
                if (0xD800..<0xDC00).contains(scalar), i + 6 <= stop, base[i] == 0x5C, base[i + 1] == 0x75 {
                    let low = try hex(i + 2)
                    if (0xDC00..<0xE000).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        i += 6
                    }
                }
                bytes.append(contentsOf: String(Unicode.Scalar(scalar) ?? "\u{FFFD}").utf8)
            default: throw ScanError(offset: i - 1, message: "a bad escape in a string")
            }
        }
        return bytes
    }

    /// Skips one value of any kind (nested at most `maximumDepth` deep, so a hostile line cannot exhaust the stack).
    mutating func skipValue(depth: Int = 0) throws(ScanError) {
        guard depth < Self.maximumDepth else { throw failure("values nested more than \(Self.maximumDepth) deep") }
        switch peek() {
        case 0x22: _ = try string()
        case 0x7B:
            position += 1
            if consume(0x7D) { return }
            repeat {
                _ = try string()
                try expect(0x3A, "':'")
                try skipValue(depth: depth + 1)
            } while consume(0x2C)
            try expect(0x7D, "'}' or ','")
        case 0x5B:
            position += 1
            if consume(0x5D) { return }
            repeat { try skipValue(depth: depth + 1) } while consume(0x2C)
            try expect(0x5D, "']' or ','")
        case 0x74: try literal("true")
        case 0x66: try literal("false")
        case 0x6E: try literal("null")
        default: _ = try number()
        }
    }

    /// How deep `skipValue` follows nested arrays and objects.
    static let maximumDepth = 256

    /// Consumes a literal (`true`, `false`, `null`).
    mutating func literal(_ word: StaticString) throws(ScanError) {
        _ = peek()
        let count = word.utf8CodeUnitCount
        guard position + count <= end, memcmp(base + position, word.utf8Start, count) == 0 else {
            throw failure("expected a value")
        }
        position += count
    }

    /// A number, correctly rounded (Clinger's fast path, else the C library's strtod).
    mutating func number() throws(ScanError) -> Double {
        _ = peek()
        let start = position
        var negative = false
        if position < end && base[position] == 0x2D {
            negative = true
            position += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var integerDigits = 0
        while position < end, case let digit = base[position] &- 0x30, digit < 10 {
            if digits < 19 { mantissa = mantissa &* 10 &+ UInt64(digit) } else { scale += 1 }
            if digits > 0 || digit != 0 { digits += 1 }
            integerDigits += 1
            position += 1
        }
        guard integerDigits > 0 else { throw failure("expected a value") }
        if position < end && base[position] == 0x2E {
            position += 1
            var fractionDigits = 0
            while position < end, case let digit = base[position] &- 0x30, digit < 10 {
                if digits < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(digit)
                    scale -= 1
                }
                if digits > 0 || digit != 0 { digits += 1 }
                fractionDigits += 1
                position += 1
            }
            guard fractionDigits > 0 else { throw failure("a number with no digits after '.'") }
        }
        var exact = digits <= 19
        if position < end && (base[position] == 0x65 || base[position] == 0x45) {
            exact = false
            position += 1
            if position < end && (base[position] == 0x2B || base[position] == 0x2D) { position += 1 }
            let exponentStart = position
            while position < end, base[position] &- 0x30 < 10 { position += 1 }
            guard position > exponentStart else { throw failure("a number with no exponent digits") }
        }
        if exact, mantissa <= 1 << 53, scale >= -22, scale <= 0 {
            let value = Double(mantissa) / Self.powersOfTen[-scale]
            return negative ? -value : value
        }
        let text = String(decoding: UnsafeBufferPointer(start: base + start, count: position - start), as: UTF8.self)
        guard let value = Double(text) else { throw ScanError(offset: start, message: "a number out of range") }
        return value
    }

    private static let powersOfTen: [Double] = (0...22).map { pow(10, Double($0)) }
}

/// A table from short byte strings (JSON keys and option values) to small integers, looked up without
/// making a String: open addressing over one buffer of key bytes.
struct KeyTable: Sendable {
    private struct Entry: Sendable {
        var hash: UInt64
        var offset: Int32
        var count: Int32
        var value: Int32
    }

    private var slots: [Int32]
    private var entries: [Entry] = []
    private var bytes: [UInt8] = []
    private let mask: Int

    init(_ pairs: [(String, Int)]) {
        var size = 16
        while size < pairs.count * 4 { size *= 2 }
        mask = size - 1
        slots = Array(repeating: -1, count: size)
        for (key, value) in pairs where lookup(Array(key.utf8)) == nil {
            let utf8 = Array(key.utf8)
            let hash = utf8.withUnsafeBufferPointer { Self.hash($0.baseAddress, $0.count) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entries.count)
            entries.append(Entry(hash: hash, offset: Int32(bytes.count), count: Int32(utf8.count), value: Int32(value)))
            bytes += utf8
        }
    }

    /// A hash of the first and last eight bytes and the length: keys and option values differ there.
    static func hash(_ key: UnsafePointer<UInt8>?, _ count: Int) -> UInt64 {
        guard let key, count > 0 else { return 0x9E37_79B9_7F4A_7C15 }
        var head: UInt64 = 0
        var tail: UInt64 = 0
        let width = min(count, 8)
        withUnsafeMutableBytes(of: &head) { _ = memcpy($0.baseAddress!, key, width) }
        withUnsafeMutableBytes(of: &tail) { _ = memcpy($0.baseAddress!, key + (count - width), width) }
        var hash = (head ^ (tail &* 0x9E37_79B9_7F4A_7C15) ^ UInt64(count)) &* 0xBF58_476D_1CE4_E5B9
        hash ^= hash >> 29
        return hash
    }

    func lookup(_ key: UnsafePointer<UInt8>, _ count: Int) -> Int? {
        let hash = Self.hash(key, count)
        return slots.withUnsafeBufferPointer { slots in
            entries.withUnsafeBufferPointer { entries in
                bytes.withUnsafeBufferPointer { bytes in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let index = Int(slots[slot])
                        if index < 0 { return nil }
                        let entry = entries[index]
                        if entry.hash == hash, Int(entry.count) == count,
                            count == 0 || memcmp(bytes.baseAddress! + Int(entry.offset), key, count) == 0
                        {
                            return Int(entry.value)
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    func lookup(_ key: [UInt8]) -> Int? {
        if key.isEmpty {
            return entries.first { $0.count == 0 }.map { Int($0.value) }
        }
        return key.withUnsafeBufferPointer { lookup($0.baseAddress!, $0.count) }
    }
}
