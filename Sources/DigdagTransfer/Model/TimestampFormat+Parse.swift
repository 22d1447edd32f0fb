extension TimestampFormat {
    /// Parses `text`; an offset in the text (`%z`) wins over the format's zone.
    public func parse(_ text: String) throws -> Timestamp {
        var chars = Array(text.utf8)[...]
        var civil = CivilTime(year: 1970, month: 1, day: 1)
        var offset: Int?
        var epoch: Int64?
        var pm: Bool?
        func fail() -> TransferError {
            TransferError(.data, "Invalid time format: '\(text)' does not match '\(pattern)'")
        }
        func number(max width: Int) throws -> Int64 {
            var value: Int64 = 0
            var count = 0
            var negative = false
            if chars.first == UInt8(ascii: "-") && width > 4 {
                negative = true
                chars.removeFirst()
            }
            while count < width, let c = chars.first, c >= 48, c <= 57 {
                value = value * 10 + Int64(c - 48)
                chars.removeFirst()
                count += 1
            }
            guard count > 0 else { throw fail() }
            return negative ? -value : value
        }
        for piece in pieces {
            switch piece {
            case .literal(let literal):
                for byte in literal.utf8 {
                    if byte == UInt8(ascii: " ") {
                        while chars.first == byte { chars.removeFirst() }
                        continue
                    }
                    guard chars.first == byte else { throw fail() }
                    chars.removeFirst()
                }
            case .directive(let d, let digits, _):
                switch d {
                case "Y": civil.year = try number(max: 5)
                case "y":
                    let y = try number(max: 2)
                    civil.year = y < 69 ? 2000 + y : 1900 + y
                case "m": civil.month = Int(try number(max: 2))
                case "d", "e":
                    while chars.first == UInt8(ascii: " ") { chars.removeFirst() }
                    civil.day = Int(try number(max: 2))
                case "H": civil.hour = Int(try number(max: 2))
                case "I": civil.hour = Int(try number(max: 2)) % 12
                case "M": civil.minute = Int(try number(max: 2))
                case "S": civil.second = Int(try number(max: 2))
                case "L", "N":
                    let before = chars.count
                    let value = try number(max: digits ?? 9)
                    let used = before - chars.count
                    var nanos = value
                    for _ in used..<9 { nanos *= 10 }
                    civil.nanos = Int32(nanos)
                case "p":
                    let word = String(decoding: chars.prefix(2), as: UTF8.self).uppercased()
                    guard word == "AM" || word == "PM" else { throw fail() }
                    pm = word == "PM"
                    chars.removeFirst(2)
                case "z", "Z":
                    var token = ""
                    while let c = chars.first, c != UInt8(ascii: " ") {
                        token.append(Character(UnicodeScalar(c)))
                        chars.removeFirst()
                    }
                    if let parsed = TransferTimeZone.parseOffset(token) {
                        offset = parsed
                    } else if let zone = try? TransferTimeZone(token) {
                        offset = zone.offset(atUTC: civil.epochSeconds)
                    } else {
                        throw fail()
                    }
                case "s": epoch = try number(max: 19)
                case "j":
                    let doy = try number(max: 3)
                    let days = CivilTime.daysFromCivil(civil.year, 1, 1) + doy - 1
                    let date = CivilTime(epochSeconds: days * 86_400)
                    civil.month = date.month
                    civil.day = date.day
                case "b":
                    let word = String(decoding: chars.prefix(3), as: UTF8.self).capitalized
                    guard let index = Self.months.firstIndex(of: word) else { throw fail() }
                    civil.month = index + 1
                    chars.removeFirst(3)
                case "a":
                    chars.removeFirst(min(3, chars.count))
                default: throw fail()
                }
            }
        }
        guard chars.allSatisfy({ $0 == UInt8(ascii: " ") }) else { throw fail() }
        if let epoch { return Timestamp(seconds: epoch) }
        if let pm, pm { civil.hour += 12 }
        guard (1...12).contains(civil.month), (1...31).contains(civil.day), civil.hour < 24, civil.minute < 60,
            civil.second < 61
        else { throw fail() }
        let local = civil.epochSeconds
        let seconds = offset.map { local - Int64($0) } ?? zone.instant(ofLocal: local)
        return Timestamp(seconds: seconds, nanos: civil.nanos)
    }
}
