/// SQLite (GRDB) storage.
public enum DigdagSQLiteModule {}
