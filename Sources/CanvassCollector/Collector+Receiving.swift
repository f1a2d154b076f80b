import CanvassResponses
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOPosix

/// A submission's body as received: the response's JSON and the attachments stored from it.
struct ReceivedSubmission {
    var json: [UInt8]
    var uploads: [Upload]
}

/// An attachment that arrived with a submission: synced in tmp/, placed in the store only once the response that
/// lists it is accepted.
struct Upload {
    var name: String
    /// The form field it came in (`attachment` for the API; a `file` question's field for the web page).
    var field = "attachment"
    /// The media type the client gave it, if any.
    var mediaType: String?
    var sha256: String
    var bytes: Int
    var temporaryPath: String
    var store: AttachmentStore

    /// Moves the file into the store under its SHA-256 (off the event loop: it syncs folders); returns whether the
    /// file was new to the store.
    func place() async throws -> Bool {
        try await NIOThreadPool.singleton.runIfActive { [self] in
            try store.place(temporaryPath, sha256: sha256)
        }
    }

    /// Removes the file from tmp/ if it is still there (the response was refused).
    func discard() { unlink(temporaryPath) }
}

extension Collector {
    /// Reads a submission's body: JSON, or multipart with a `response` part and one part per attachment, which are
    /// streamed to the attachment store as they arrive. Bodies over the limits are refused as they pass them.
    func receive(_ request: Request) async throws -> ReceivedSubmission {
        let contentType = request.headers[.contentType] ?? "application/json"
        if contentType.lowercased().hasPrefix("multipart/") {
            guard let boundary = MultipartParser.boundary(fromContentType: contentType) else {
                throw Refusal(.badRequest, "a multipart body needs Content-Type: multipart/form-data; boundary=…")
            }
            return try await receiveMultipart(request.body, boundary: boundary)
        }
        var json: [UInt8] = []
        for try await chunk in request.body {
            guard json.count + chunk.readableBytes <= configuration.maxResponseBytes else {
                throw Refusal(
                    .contentTooLarge,
                    "the response is larger than the collector accepts (\(configuration.maxResponseBytes) bytes)")
            }
            json.append(contentsOf: chunk.readableBytesView)
        }
        return ReceivedSubmission(json: json, uploads: [])
    }

    private func receiveMultipart(_ body: RequestBody, boundary: String) async throws -> ReceivedSubmission {
        let content = try await readMultipart(body, boundary: boundary) { head, content in
            switch head.name {
            case "response":
                guard !content.fields.contains(where: { $0.name == "response" }) else {
                    throw Refusal(.badRequest, "the multipart body has two 'response' parts")
                }
                return .field
            case "attachment":
                guard let name = head.fileName, Attachment.isValidName(name) else {
                    throw Refusal(
                        .badRequest,
                        "each 'attachment' part needs a filename= that names one of the response's attachments")
                }
                guard !content.uploads.contains(where: { $0.name == name }) else {
                    throw Refusal(.badRequest, "the file '\(name)' was sent twice")
                }
                return .file(name)
            default:
                throw Refusal(
                    .badRequest,
                    "the multipart body has a part named '\(head.name)'; only 'response' and 'attachment' are read")
            }
        }
        guard let json = content.fields.first(where: { $0.name == "response" })?.value else {
            for upload in content.uploads { upload.discard() }
            throw Refusal(
                .badRequest, "the multipart body has no part named 'response' holding the response JSON",
                bodyConsumed: true)
        }
        return ReceivedSubmission(json: json, uploads: content.uploads)
    }

    /// What a multipart body held: its fields' bytes, and its files, synced in tmp/.
    struct MultipartContent {
        var fields: [(name: String, value: [UInt8])] = []
        var uploads: [Upload] = []
    }

    /// What to do with a part.
    enum PartRole {
        /// Keep its bytes as a field (all fields together at most `maxResponseBytes`).
        case field
        /// Stream it to the attachment store under this name.
        case file(String)
        /// Read past it.
        case skip
    }

    /// Reads a multipart body, each part as `role` says (which may refuse it by throwing a `Refusal`), streaming
    /// files to the attachment store as they arrive. Bodies over the limits are refused as they pass them; on any
    /// refusal the files already received are removed.
    func readMultipart(
        _ body: RequestBody, boundary: String,
        role: (MultipartPartHead, MultipartContent) throws -> PartRole
    ) async throws -> MultipartContent {
        var parser = MultipartParser(boundary: boundary)
        var content = MultipartContent()
        var fieldBytes = 0
        var total = 0
        var current: Part = .none
        func handle(_ events: [MultipartEvent]) async throws {
            for event in events {
                switch event {
                case .partBegan(let head):
                    switch try role(head, content) {
                    case .field:
                        content.fields.append((head.name, []))
                        current = .field
                    case .file(let name):
                        current = .attachment(name, head, try store.attachments.beginUpload())
                    case .skip:
                        current = .none
                    }
                case .partBytes(let bytes):
                    switch current {
                    case .field:
                        fieldBytes += bytes.count
                        guard fieldBytes <= configuration.maxResponseBytes else {
                            throw Refusal(
                                .contentTooLarge,
                                "the response part is larger than the collector accepts "
                                    + "(\(configuration.maxResponseBytes) bytes)")
                        }
                        content.fields[content.fields.count - 1].value.append(contentsOf: bytes)
                    case .attachment(_, _, let upload): try upload.write(bytes)
                    case .none: break
                    }
                case .partEnded:
                    if case .attachment(let name, let head, let upload) = current {
                        // The fsync runs off the event loop.
                        let (sha256, path) = try await NIOThreadPool.singleton.runIfActive { try upload.finish() }
                        content.uploads.append(
                            Upload(
                                name: name, field: head.name, mediaType: head.contentType, sha256: sha256,
                                bytes: upload.bytes, temporaryPath: path, store: store.attachments))
                    }
                    current = .none
                }
            }
        }
        do {
            for try await chunk in body {
                total += chunk.readableBytes
                guard total <= configuration.maxBodyBytes else {
                    throw Refusal(
                        .contentTooLarge,
                        "the submission is larger than the collector accepts (\(configuration.maxBodyBytes) bytes)")
                }
                try await handle(try parser.feed(chunk.readableBytesView))
            }
            do { try parser.finish() } catch {
                throw Refusal(.badRequest, error.description, bodyConsumed: true)
            }
        } catch let error as MultipartError {
            for upload in content.uploads { upload.discard() }
            throw Refusal(.badRequest, error.description)
        } catch let error as CollectorError {
            for upload in content.uploads { upload.discard() }
            logger.error("attachment upload failed", metadata: ["reason": "\(error)"])
            throw Refusal(.serviceUnavailable, "the collector could not store an attachment; try again later")
        } catch {
            for upload in content.uploads { upload.discard() }
            throw error
        }
        return content
    }

    private enum Part {
        case none
        case field
        case attachment(String, MultipartPartHead, AttachmentUpload)
    }
}
