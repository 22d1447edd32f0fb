/// PostgreSQL storage.
public enum DigdagPostgresModule {}
