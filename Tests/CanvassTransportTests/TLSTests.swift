import CanvassTesting
import CanvassTransport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The client against a real TLS server (Debian's nginx, started by the test with a certificate made for it):
/// peer verification is on, a CA bundle or --insecure lets it through, and HTTP/2 is used when offered.
@Suite(.serialized) struct TLSTests {
    /// nginx on 127.0.0.1 over TLS with HTTP/2, answering every request with 201; stopped when the test ends.
    struct TLSServer {
        let folder: String
        let port: Int
        let process: ChildProcess
        var certificate: String { folder + "/cert.pem" }
        var url: URL { URL(string: "https://127.0.0.1:\(port)/forms/x/responses") ?? URL(fileURLWithPath: "/") }

        static func start(in folder: String) throws -> TLSServer {
            let openssl = try ChildProcess.start(
                "/usr/bin/openssl",
                arguments: [
                    "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", folder + "/key.pem", "-out",
                    folder + "/cert.pem", "-days", "1", "-subj", "/CN=127.0.0.1", "-addext",
                    "subjectAltName=IP:127.0.0.1",
                ])
            try #require(openssl.wait() == .exited(0), "openssl made the test certificate")
            let port = try freePort()
            let config = """
                daemon off;
                master_process off;
                pid \(folder)/nginx.pid;
                error_log \(folder)/error.log;
                events { worker_connections 64; }
                http {
                    access_log off;
                    client_body_temp_path \(folder);
                    server {
                        listen 127.0.0.1:\(port) ssl http2;
                        ssl_certificate \(folder)/cert.pem;
                        ssl_certificate_key \(folder)/key.pem;
                        location / { return 201 '{"stored":true}'; }
                    }
                }
                """
            try config.write(toFile: folder + "/nginx.conf", atomically: true, encoding: .utf8)
            let process = try ChildProcess.start("/usr/sbin/nginx", arguments: ["-c", folder + "/nginx.conf"])
            for _ in 0..<200 where !canConnect(port) { usleep(25_000) }
            try #require(canConnect(port), "nginx started")
            return TLSServer(folder: folder, port: port, process: process)
        }

        func stop() {
            process.kill()
            _ = process.wait()
        }

        static func freePort() throws -> Int {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
            }
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
            }
            return Int(UInt16(bigEndian: address.sin_port))
        }

        static func canConnect(_ port: Int) -> Bool {
            let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            defer { close(socket) }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            address.sin_port = UInt16(port).bigEndian
            return withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                }
            }
        }
    }

    @Test func peersAreVerifiedAndHTTP2IsUsedWhenOffered() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx"), "nginx is needed (make setup)")
        try await withTemporaryFolder { folder in
            let server = try TLSServer.start(in: folder)
            defer { server.stop() }
            let request = HTTPRequest.postJSON(Data("{}".utf8), to: server.url)

            let strict = HTTPClient()
            defer { strict.shutdown() }
            do {
                _ = try await strict.perform(request)
                Issue.record("a self-signed certificate was accepted without a CA bundle")
            } catch let error as TransportError {
                #expect(error.isCertificateProblem)
                #expect(!error.isRetryable)
                #expect(error.message.hasPrefix("the certificate of 127.0.0.1 could not be verified"))
            }

            var trusting = HTTPClient.Configuration()
            trusting.caBundle = server.certificate
            let bundled = HTTPClient(configuration: trusting)
            defer { bundled.shutdown() }
            let response = try await bundled.perform(request)
            #expect(response.status == 201)
            #expect(response.httpVersion == "2", "HTTP/2 is used when the server offers it")
            #expect(response.body == Data("{\"stored\":true}".utf8))

            var insecure = HTTPClient.Configuration()
            insecure.insecure = true
            let unchecked = HTTPClient(configuration: insecure)
            defer { unchecked.shutdown() }
            #expect(try await unchecked.perform(request).status == 201)
        }
    }
}
