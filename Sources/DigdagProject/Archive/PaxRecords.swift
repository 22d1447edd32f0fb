/// POSIX pax extended header records: `"<length> <key>=<value>\n"`, where `<length>` counts the
/// whole record including its own digits.
enum PaxRecords {
    /// The data of an extended header holding `records`, in order.
    static func encode(_ records: [(key: String, value: [UInt8])]) -> [UInt8] {
        var data: [UInt8] = []
        for (key, value) in records {
            let base = key.utf8.count + value.count + 3  // " ", "=", "\n"
            var length = base + 1
            while base + String(length).utf8.count != length { length = base + String(length).utf8.count }
            data += Array("\(length) \(key)=".utf8) + value + [UInt8(ascii: "\n")]
        }
        return data
    }

    /// The records of an extended header's data; a later record wins over an earlier one.
    static func decode(_ data: [UInt8]) throws(ProjectArchiveError) -> [String: [UInt8]] {
        var records: [String: [UInt8]] = [:]
        var start = 0
        while start < data.count {
            if data[start] == 0 { break }  // some writers pad the data with NULs
            guard let space = data[start...].firstIndex(of: UInt8(ascii: " ")),
                let length = Int(String(decoding: data[start..<space], as: UTF8.self)),
                length > space - start, start + length <= data.count,
                data[start + length - 1] == UInt8(ascii: "\n"),
                let equals = data[(space + 1)..<(start + length)].firstIndex(of: UInt8(ascii: "="))
            else {
                throw ProjectArchiveError(.invalidTar, "Failed to read Paxheader")
            }
            let key = String(decoding: data[(space + 1)..<equals], as: UTF8.self)
            records[key] = Array(data[(equals + 1)..<(start + length - 1)])
            start += length
        }
        return records
    }
}
