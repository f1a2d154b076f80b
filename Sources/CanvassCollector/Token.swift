import Crypto
public import Foundation

/// What a token may do.
public enum TokenRole: String, Sendable, CaseIterable {
    /// Submits responses to its forms, for its organisation; reads nothing.
    case submitter
    /// Reads and exports responses; submits nothing.
    case analyst
}

/// A token as the store keeps it: never the secret, only its SHA-256.
public struct TokenRecord: Sendable, Hashable {
    /// The public part of the token, shown by `canvass token list` and written to logs.
    public var id: String
    /// What the token may do.
    public var role: TokenRole
    /// The organisation a submitter answers for (`nil` for analysts).
    public var organisation: String?
    /// The forms a submitter may submit to, or an analyst may read (empty for an analyst: every form).
    public var forms: [String]
    /// When the token was made (RFC 3339, UTC).
    public var createdAt: String
    /// When the token was last accepted, if ever.
    public var lastUsedAt: String?
    /// When the token was revoked, if it was.
    public var revokedAt: String?
    /// SHA-256 of the secret part.
    var secretHash: [UInt8]

    /// Whether this token may submit responses to `form`.
    public func maySubmit(to form: String) -> Bool { role == .submitter && forms.contains(form) }

    /// Whether this token may read the responses to `form`.
    public func mayRead(_ form: String) -> Bool { role == .analyst && (forms.isEmpty || forms.contains(form)) }
}

/// A token as presented by a client: `canvass_<id>_<secret>`, where the id (8 bytes) names the stored record and
/// the secret (32 bytes, 256 bits) is checked against its stored hash in constant time.
public struct TokenText: Sendable, Hashable {
    static let prefix = "canvass_"
    /// The public id.
    public let id: String
    /// The secret part (hex).
    let secret: String

    /// The text a client sends.
    public var text: String { "\(Self.prefix)\(id)_\(secret)" }

    /// A new random token.
    static func generate() -> TokenText {
        var generator = SystemRandomNumberGenerator()
        return TokenText(id: hex(randomBytes(8, &generator)), secret: hex(randomBytes(32, &generator)))
    }

    private init(id: String, secret: String) {
        self.id = id
        self.secret = secret
    }

    /// Reads a token's text; `nil` when it is not in the token format.
    public init?(_ text: some StringProtocol) {
        guard text.hasPrefix(Self.prefix) else { return nil }
        let parts = text.dropFirst(Self.prefix.count).split(separator: "_", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 16, parts[1].count == 64,
            parts.allSatisfy({ $0.utf8.allSatisfy(Self.isLowerHex) })
        else { return nil }
        self.init(id: String(parts[0]), secret: String(parts[1]))
    }

    /// SHA-256 of the secret.
    var secretHash: [UInt8] { Array(SHA256.hash(data: Array(secret.utf8))) }

    /// Whether the secret matches `hash`, comparing every byte whatever the first difference.
    func matches(_ hash: [UInt8]) -> Bool {
        let mine = secretHash
        guard mine.count == hash.count else { return false }
        var difference: UInt8 = 0
        for index in mine.indices { difference |= mine[index] ^ hash[index] }
        return difference == 0
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    private static func randomBytes(_ count: Int, _ generator: inout SystemRandomNumberGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
    }
}

/// Lowercase hexadecimal of `bytes`.
func hex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}
