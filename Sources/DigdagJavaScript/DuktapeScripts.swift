/// Small scripts that make Duktape + moment-timezone behave like Digdag's GraalJS + moment.
enum DuktapeScripts {
    /// Run once in every new heap. Duktape's `JSON.stringify` escapes U+2028 and U+2029, which
    /// ECMAScript's does not; undo exactly those escapes (an escaped backslash is left alone).
    static let prelude = """
        (function () {
            var stringify = JSON.stringify;
            var escapes = /\\\\(\\\\|u2028|u2029)/g;
            JSON.stringify = function () {
                var text = stringify.apply(JSON, arguments);
                if (typeof text !== 'string' || text.indexOf('\\\\u202') < 0) { return text; }
                return text.replace(escapes, function (all, escaped) {
                    return escaped === 'u2028' ? '\\u2028' : escaped === 'u2029' ? '\\u2029' : all;
                });
            };
        })();
        """

    /// Run after moment-timezone is loaded. Digdag has no moment-timezone: the JS local zone *is*
    /// the workflow zone, so `moment(x).format()` in a zone at offset 0 prints `+00:00`. A moment
    /// carrying the default zone is in moment's fixed-offset ("UTC") mode, whose default format
    /// would print `Z`; give such moments the local default format. `.utc()` clears the zone, so
    /// real UTC moments still print `Z` as in Digdag.
    static let momentLocalFormat = """
        (function (moment) {
            var format = moment.fn.format;
            moment.fn.format = function (input) {
                if (!input && this._z && this.isUtc()) { input = moment.defaultFormat; }
                return format.call(this, input);
            };
        })(moment);
        """

    /// Loads the packed zone data stored in the global `__digdag_tz_data`, then removes it.
    static let loadTimeZoneData = "moment.tz.load(__digdag_tz_data); delete this.__digdag_tz_data;"

    /// The global that `loadTimeZoneData` reads.
    static let timeZoneDataGlobal = "__digdag_tz_data"
}
