import ArgumentParser
import CanvassCollector
import CanvassForms
import CanvassResponses
import Foundation

/// `canvass token`: makes, lists and revokes the collector's tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Make, list and revoke the tokens the collector accepts.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    /// `canvass token create`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a token and print it, once.",
            discussion: """
                A submitter token submits responses for one organisation to the forms named with --form, and \
                reads nothing. An analyst token reads and exports responses (to the forms named with --form, or to \
                every form if none is named) and submits nothing. The token is printed alone on the last line; \
                the collector keeps only its SHA-256, so it cannot be shown again.
                """
        )

        @Option(help: "The data folder of the collector.")
        var data: String

        @Option(help: "submitter or analyst.")
        var role: String

        @Option(help: "The organisation a submitter token answers for.")
        var org: String?

        @Option(name: .customLong("form"), help: "A form the token is for (repeat for several).")
        var forms: [String] = []

        func validate() throws {
            guard let role = TokenRole(rawValue: role) else {
                throw ValidationError("--role must be submitter or analyst")
            }
            for form in forms where !Response.isValidID(form) {
                throw ValidationError("--form \(form) is not a form id")
            }
            switch role {
            case .submitter:
                guard let org, !org.trimmingCharacters(in: .whitespaces).isEmpty else {
                    throw ValidationError("a submitter token needs --org, the organisation it answers for")
                }
                guard !forms.isEmpty else {
                    throw ValidationError("a submitter token needs at least one --form it may submit to")
                }
            case .analyst:
                guard org == nil else {
                    throw ValidationError("an analyst token is not for an organisation: drop --org")
                }
            }
        }

        func run() async throws {
            let store = try openStore(data, creating: true)
            defer { try? store.close() }
            let (record, text): (TokenRecord, TokenText)
            do {
                (record, text) = try store.createToken(
                    role: TokenRole(rawValue: role) ?? .submitter, organisation: org, forms: forms)
            } catch { throw CommandFailure.environment(error.description) }
            let console = Console.current
            let scope = record.forms.isEmpty ? "every form" : record.forms.joined(separator: ", ")
            let whose = record.organisation.map { " for \($0)" } ?? ""
            console.line("Made \(record.role.rawValue) token \(record.id)\(whose) (forms: \(scope)).")
            console.line("It is shown only now; the collector keeps only its hash. Revoke it with:")
            console.line("  canvass token revoke --data \(data) \(record.id)")
            console.line(text.text)
        }
    }

    /// `canvass token list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never their secrets).")

        @Option(help: "The data folder of the collector.")
        var data: String

        @Option(help: "table or json.")
        var format = "table"

        func validate() throws {
            guard ["table", "json"].contains(format) else { throw ValidationError("--format must be table or json") }
        }

        func run() async throws {
            let store = try openStore(data)
            defer { try? store.close() }
            let tokens: [TokenRecord]
            do { tokens = try store.tokens() } catch { throw CommandFailure.environment(error.description) }
            let console = Console.current
            if format == "json" {
                console.line(JSONValue.array(tokens.map(\.listing)).canonicalText)
                return
            }
            guard !tokens.isEmpty else {
                console.line("No tokens yet: make one with canvass token create --data \(data) --role …")
                return
            }
            let rows = tokens.map { token in
                [
                    token.id, token.role.rawValue, token.organisation ?? "-",
                    token.forms.isEmpty ? "(all)" : token.forms.joined(separator: ","), token.createdAt,
                    token.lastUsedAt ?? "never", token.revokedAt.map { "revoked \($0)" } ?? "live",
                ]
            }
            let table = Table(
                header: ["ID", "ROLE", "ORGANISATION", "FORMS", "CREATED", "LAST USED", "STATE"], rows: rows)
            for line in table.lines { console.line(line) }
        }
    }

    /// `canvass token revoke`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a token: the collector refuses it within a second.")

        @Option(help: "The data folder of the collector.")
        var data: String

        @Argument(help: "The token's id (as `canvass token list` shows it), or the whole token.")
        var token: String

        func run() async throws {
            let id = TokenText(token)?.id ?? token
            let store = try openStore(data)
            defer { try? store.close() }
            let found: Bool
            do { found = try store.revokeToken(id: id) } catch { throw CommandFailure.environment(error.description) }
            guard found else {
                throw CommandFailure.badInput(
                    "there is no token '\(id)' in \(data); canvass token list --data \(data) shows them")
            }
            Console.current.line("Revoked token \(id).")
        }
    }
}

/// Opens the store of an existing data folder for the token and export commands.
func openStore(_ folder: String, creating: Bool = false) throws(CommandFailure) -> CollectorStore {
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory)
    guard (exists && isDirectory.boolValue) || (!exists && creating) else {
        throw .badInput("\(folder) is not a data folder; give the --data folder of canvass serve")
    }
    do { return try CollectorStore(folder: folder) } catch { throw .environment(error.description) }
}

extension TokenRecord {
    /// What `canvass token list --format json` shows: everything but the secret's hash.
    var listing: JSONValue {
        var members: [String: JSONValue] = [
            "id": .string(id), "role": .string(role.rawValue), "forms": .array(forms.map(JSONValue.string)),
            "createdAt": .string(createdAt),
        ]
        if let organisation { members["organisation"] = .string(organisation) }
        members["lastUsedAt"] = lastUsedAt.map(JSONValue.string) ?? .null
        members["revokedAt"] = revokedAt.map(JSONValue.string) ?? .null
        return .object(members)
    }
}
