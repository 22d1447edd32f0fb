import Foundation

/// A scripted HTTP server on 127.0.0.1 for `http>` tests: a small python3 program that
/// answers each path with its list of replies in turn (the last one repeats), records every
/// request, and exits when the test process closes its stdin (or after two minutes).
///
/// This file is shared with EndToEndTests through a symbolic link.
final class HttpTestServer: @unchecked Sendable {
    /// One scripted reply.
    struct Reply: Encodable, Sendable {
        var status: Int = 200
        var headers: [String: String] = [:]
        var body: String = ""
        /// Seconds to wait before answering.
        var delay: Double = 0
    }

    /// One request as the server saw it.
    struct Recorded: Decodable, Sendable {
        var method: String
        /// The request target as sent (absolute through a proxy).
        var target: String
        var path: String
        var query: String
        var headers: [[String]]
        var body: String

        /// The first value of a header (case-insensitive name).
        func header(_ name: String) -> String? {
            headers.first { $0.first?.lowercased() == name.lowercased() }.flatMap { $0.count > 1 ? $0[1] : nil }
        }
    }

    let port: Int
    private let process: Process
    private let input: Pipe
    private let directory: URL

    /// True when the server speaks HTTPS with a self-signed certificate.
    let tls: Bool

    /// Starts a server answering `routes` (path → replies); with `tls`, over HTTPS with a
    /// self-signed certificate made by `openssl`.
    init(_ routes: [String: [Reply]], tls: Bool = false) throws {
        self.tls = tls
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("digdag-http-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let script = directory.appendingPathComponent("server.py")
        try Data(HttpTestServer.script.utf8).write(to: script)
        try JSONEncoder().encode(routes).write(to: directory.appendingPathComponent("routes.json"))
        var arguments = [
            "python3", script.path, directory.appendingPathComponent("routes.json").path,
            directory.appendingPathComponent("requests.jsonl").path,
        ]
        if tls {
            let cert = directory.appendingPathComponent("cert.pem").path
            let key = directory.appendingPathComponent("key.pem").path
            let openssl = Process()
            openssl.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            openssl.arguments = [
                "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                "-days", "1", "-subj", "/CN=localhost",
            ]
            openssl.standardOutput = FileHandle.nullDevice
            openssl.standardError = FileHandle.nullDevice
            try openssl.run()
            openssl.waitUntilExit()
            arguments += [cert, key]
        }
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw CocoaError(.fileReadCorruptFile)
        }
        self.port = port
    }

    /// `http://127.0.0.1:<port>` (`https` with `tls`).
    var base: String { "\(tls ? "https" : "http")://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    func requests() throws -> [Recorded] {
        let url = directory.appendingPathComponent("requests.jsonl")
        guard let data = try? Data(contentsOf: url) else { return [] }
        return try data.split(separator: UInt8(ascii: "\n")).map {
            try JSONDecoder().decode(Recorded.self, from: Data($0))
        }
    }

    /// Stops the server and removes its files.
    func stop() {
        try? input.fileHandleForWriting.close()
        process.terminate()
        process.waitUntilExit()
        try? FileManager.default.removeItem(at: directory)
    }

    deinit {
        if process.isRunning { stop() }
    }

    static let script = #"""
        import json, os, sys, threading, time
        from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
        from urllib.parse import urlsplit

        routes = json.load(open(sys.argv[1]))
        log_path = sys.argv[2]
        lock = threading.Lock()
        counters = {}

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def handle_any(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                entry = {"method": self.command, "target": self.path, "path": parts.path, "query": parts.query,
                         "headers": [[k, v] for k, v in self.headers.items()],
                         "body": body.decode("utf-8", "replace")}
                with lock:
                    with open(log_path, "a") as f:
                        f.write(json.dumps(entry) + "\n")
                    script = routes.get(parts.path)
                    if script is None:
                        reply = {"status": 404, "headers": {}, "body": "no route " + parts.path, "delay": 0}
                    else:
                        i = counters.get(parts.path, 0)
                        counters[parts.path] = i + 1
                        reply = script[min(i, len(script) - 1)]
                if reply["delay"]:
                    time.sleep(reply["delay"])
                data = reply["body"].encode("utf-8")
                self.send_response(reply["status"])
                for k, v in reply["headers"].items():
                    self.send_header(k, v)
                if "Content-Length" not in reply["headers"]:
                    self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = do_OPTIONS = handle_any

            def log_message(self, *args):
                pass

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        if len(sys.argv) > 4:
            import ssl
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(sys.argv[3], sys.argv[4])
            server.socket = context.wrap_socket(server.socket, server_side=True)
        print(server.server_address[1], flush=True)

        def watch_stdin():
            sys.stdin.read()
            os._exit(0)

        threading.Thread(target=watch_stdin, daemon=True).start()
        threading.Timer(120, lambda: os._exit(0)).start()
        server.serve_forever()
        """#
}
