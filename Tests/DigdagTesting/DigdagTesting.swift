/// Test helpers shared by test targets (temporary PostgreSQL, storage conformance suite).
public enum DigdagTesting {}
