import Testing

// Placeholder until the work lands.
@Test func placeholder() {}
