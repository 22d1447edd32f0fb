import Testing

@testable import DigdagTransfer

/// strftime printing and parsing with time zones.
@Suite struct TimestampFormatTests {
    @Test func printsInZones() throws {
        let instant = Timestamp(seconds: 1_688_161_140, nanos: 123_456_000)  // 2023-06-30 21:39:00 UTC
        #expect(TimestampFormat("%Y-%m-%d %H:%M:%S.%6N %z").format(instant) == "2023-06-30 21:39:00.123456 +0000")
        let tokyo = try TransferTimeZone("Asia/Tokyo")
        #expect(TimestampFormat("%y-%m-%d %H:%M %z", zone: tokyo).format(instant) == "23-07-01 06:39 +0900")
        #expect(TimestampFormat("%F %T %:z", zone: try TransferTimeZone("-05:00")).format(instant) == "2023-06-30 16:39:00 -05:00")
    }

    @Test func parsesWithAndWithoutOffsets() throws {
        let utc = TimestampFormat("%Y-%m-%d %H:%M:%S")
        #expect(try utc.parse("2023-06-30 21:39:00") == Timestamp(seconds: 1_688_161_140))
        let tokyo = TimestampFormat("%Y-%m-%d %H:%M:%S", zone: try TransferTimeZone("Asia/Tokyo"))
        #expect(try tokyo.parse("2023-07-01 06:39:00") == Timestamp(seconds: 1_688_161_140))
        let offset = TimestampFormat("%Y-%m-%d %H:%M:%S.%N %z")
        #expect(try offset.parse("2023-07-01 06:39:00.5 +09:00") == Timestamp(seconds: 1_688_161_140, nanos: 500_000_000))
        #expect(throws: TransferError.self) { try utc.parse("30/06/2023") }
    }

    @Test func civilConversionsRoundTrip() {
        for seconds: Int64 in [-86_401, 0, 951_782_400, 4_102_444_800] {
            #expect(CivilTime(epochSeconds: seconds).epochSeconds == seconds)
        }
    }
}

/// The byte fast path prints what `format` prints.
@Suite struct TimestampBytesTests {
    @Test(arguments: [Int64(0), 1_688_161_140, -1, 253_402_300_799])
    func appendDateTimeMatchesFormat(_ seconds: Int64) throws {
        for zone in [TransferTimeZone.utc, try TransferTimeZone("Asia/Tokyo")] {
            let format = TimestampFormat("%Y-%m-%d %H:%M:%S.%6N", zone: zone)
            let instant = Timestamp(seconds: seconds, nanos: 123_456_789)
            var bytes: [UInt8] = []
            format.appendDateTime(instant, to: &bytes)
            #expect(String(decoding: bytes, as: UTF8.self) == format.format(instant))
        }
    }
}
