import Testing
@Test func placeholderServer() {}
