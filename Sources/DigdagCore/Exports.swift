// `Config` is an `OrderedDictionary`; every target that uses configs needs its API.
@_exported import OrderedCollections
